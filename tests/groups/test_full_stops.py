"""A short name ends with a full stop ("Kwame M."): a sentence ending with one gets no second,
in emails (tests/groups/test_cover_emails.py), on the public pages and in the console."""

import pytest

from core.text import sentence
from facilitators.models import FacilitatorProfile
from groups.sessions import session_cancel, session_substitute_assign
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

DAY = TUESDAY.isoformat()


@pytest.mark.parametrize(
    ("text", "ended"),
    [
        ("in place of Kwame M", "in place of Kwame M."),
        ("in place of Kwame M.", "in place of Kwame M."),
        ("Is it on?", "Is it on?"),
        ("Back soon!", "Back soon!"),
        ("", "."),
    ],
)
def test_a_sentence_ends_with_one_full_stop(text, ended):
    assert sentence(text) == ended


@pytest.fixture
def kwame(east):
    FacilitatorProfile.objects.filter(pk=east.spare.pk).update(display_name="Kwame M.")
    east.spare.refresh_from_db()
    session_substitute_assign(
        group=east.group, original_date=TUESDAY, substitute=east.spare, notify=False
    )
    return east.spare


def test_the_group_page_names_the_cover_with_one_full_stop(client, east, kwame):
    body = client.get(f"/groups/{east.group.slug}/").content.decode()
    assert "Facilitated this time by Kwame M.</p>" in body
    assert "Kwame M.." not in body


def test_the_console_session_page_names_its_facilitators_with_one_full_stop(client, east, kwame):
    east.coordinator.first_name, east.coordinator.last_name = "Martin", "Luther Jr."
    east.coordinator.save()
    session_cancel(
        group=east.group,
        original_date=TUESDAY,
        private_note="The room is flooded.",
        user=east.coordinator,
        notify=False,
    )
    client.force_login(east.coordinator)
    body = client.get(f"/manage/groups/{east.group.slug}/sessions/{DAY}/").content.decode()
    assert "Facilitating: Lead1 A., Kwame M.</p>" in body
    assert (
        "Reason: The room is flooded. Changed by Martin Luther Jr.</p>" in body,
        ".." in body.replace("...", ""),
    ) == (True, False)


def messages_after(response) -> list[str]:
    return [str(message) for message in response.context["messages"]]


def test_console_messages_end_a_title_or_a_name_with_one_full_stop(client, east):
    from groups.models import Group

    Group.objects.filter(pk=east.group.pk).update(title="Peer Voices Inc.")
    FacilitatorProfile.objects.filter(pk=east.spare.pk).update(display_name="Kwame M.")
    client.force_login(east.coordinator)
    base = f"/manage/groups/{east.group.slug}"
    added = client.post(
        f"{base}/facilitators/", {"facilitator": east.spare.pk, "role": "co"}, follow=True
    )
    membership = east.group.memberships.get(facilitator=east.spare)
    removed = client.post(f"{base}/facilitators/{membership.pk}/remove/", follow=True)
    again = client.post(f"{base}/facilitators/{membership.pk}/remove/", follow=True)
    covered = client.post(
        f"{base}/sessions/{DAY}/substitute/", {"substitute": east.spare.pk}, follow=True
    )
    assert [messages_after(r)[-1] for r in (added, removed, again, covered)] == [
        "Kwame M. is on Peer Voices Inc.",
        "Kwame M. is off Peer Voices Inc.",
        "That facilitator was already taken off Peer Voices Inc.",
        "Kwame M. covers the session of 3 March.",
    ]
