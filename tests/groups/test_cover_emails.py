"""Cover requests and the emails about covers: sent only to those who can act on them, in words
true for each of them, naming the group's language, and with one full stop after a name."""

import pytest
from django.core import mail

from facilitators.models import FacilitatorProfile
from groups.covers import substitute_request_open, substitute_request_take
from groups.models import Language
from groups.services import group_facilitator_add
from groups.sessions import session_substitute_assign
from tests.factories import FacilitatorFactory, UserFactory
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

FEED_UPDATED = "Your PeerHub calendar feed has already been updated"


def facilitator(email, region, name="Pat Q.", **user_fields):
    person = FacilitatorFactory(display_name=name, user=UserFactory(email=email, **user_fields))
    person.regions.set([region])
    return person


@pytest.fixture
def sent(django_capture_on_commit_callbacks):
    """Run a change and return what it emailed, as {address: (subject, body)}."""

    def run(change, **kwargs):
        mail.outbox.clear()
        with django_capture_on_commit_callbacks(execute=True):
            result = change(**kwargs)
        return result, {m.to[0]: (m.subject, m.body) for m in mail.outbox}

    return run


def test_a_cover_request_goes_only_to_facilitators_who_can_take_it(east, west, sent):
    co = facilitator("co@example.org", east.region, "Co C.")
    group_facilitator_add(group=east.group, facilitator=co, role="co", notify=False)
    invited = facilitator("invited@example.org", east.region)
    invited.user.set_unusable_password()
    invited.user.save()
    facilitator("switched-off-account@example.org", east.region, is_active=False)
    FacilitatorProfile.objects.filter(
        pk=facilitator("switched-off-profile@example.org", east.region).pk
    ).update(is_active=False)
    _, emails = sent(
        substitute_request_open, group=east.group, original_date=TUESDAY, facilitator=east.lead
    )
    title = "Metro Boston Hearing Voices, Tuesday 3 March"
    assert sorted((address, subject) for address, (subject, _) in emails.items()) == [
        ("coordinator.metro-boston@example.org", f"Cover needed: {title}"),
        ("spare.metro-boston@example.org", f"Can you cover {title}?"),
    ]


def test_each_recipient_of_a_request_is_told_what_is_true_for_them(east, sent):
    _, emails = sent(
        substitute_request_open, group=east.group, original_date=TUESDAY, facilitator=east.lead
    )
    cover = emails["spare.metro-boston@example.org"][1]
    coordinator = emails["coordinator.metro-boston@example.org"][1]
    assert (FEED_UPDATED in cover, FEED_UPDATED in coordinator) == (False, False)
    assert (
        "Nothing changes in your calendar unless you take it; if you do, it is added to your "
        "PeerHub calendar feed straight away."
    ) in cover
    assert "calendar" not in coordinator


def test_once_taken_the_facilitators_hear_their_feeds_changed_and_the_coordinators_do_not(
    east, sent
):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    _, emails = sent(substitute_request_take, record=record, facilitator=east.spare)
    said = {address: FEED_UPDATED in body for address, (_, body) in emails.items()}
    assert said == {
        "lead.metro-boston@example.org": True,
        "spare.metro-boston@example.org": True,
        "coordinator.metro-boston@example.org": False,
    }


@pytest.mark.parametrize(
    ("languages", "line"),
    [
        ([("es", "Spanish")], "This group meets in Spanish: a cover who speaks Spanish is needed."),
        (
            [("en", "English"), ("es", "Spanish")],
            "This group meets in English and Spanish: a cover who speaks Spanish is needed.",
        ),
        (
            [("pt", "Portuguese"), ("es", "Spanish")],
            "This group meets in Portuguese and Spanish: a cover who speaks Portuguese and "
            "Spanish is needed.",
        ),
        ([("en", "English")], None),
        ([], None),
    ],
)
def test_a_request_says_which_language_the_cover_needs(east, sent, languages, line):
    east.group.languages.set(
        [Language.objects.get_or_create(code=code, name=name)[0] for code, name in languages]
    )
    _, emails = sent(
        substitute_request_open, group=east.group, original_date=TUESDAY, facilitator=east.lead
    )
    for address in ("spare.metro-boston@example.org", "coordinator.metro-boston@example.org"):
        body = emails[address][1]
        found = [text for text in body.splitlines() if "speaks" in text]
        assert (address, found) == (address, [line] if line else [])


@pytest.fixture
def kwame(east):
    """The lead, whose public name ends with a full stop like every short name."""
    FacilitatorProfile.objects.filter(pk=east.lead.pk).update(display_name="Kwame M.")
    east.lead.refresh_from_db()
    return east.lead


def test_a_name_ending_a_sentence_gets_one_full_stop(east, kwame, sent):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=kwame)
    _, emails = sent(substitute_request_take, record=record, facilitator=east.spare)
    bodies = "\n".join(body for _, body in emails.values())
    assert ".." not in bodies
    assert "in place of Kwame M. It is in your PeerHub calendar feed now." in bodies
    assert bodies.count("in place of Kwame M.\n") == 1  # the coordinators'


def test_a_substitute_in_place_of_a_name_gets_one_full_stop(east, kwame, sent):
    _, emails = sent(
        session_substitute_assign,
        group=east.group,
        original_date=TUESDAY,
        substitute=east.spare,
        replaces=kwame,
    )
    body = emails["spare.metro-boston@example.org"][1]
    assert ".." not in body
    assert "in place of Kwame M.\n" in body
