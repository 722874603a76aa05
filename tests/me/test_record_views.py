"""/me/sessions/<group>/<date>/record/: a facilitator records a session of theirs, over HTTP.

Two regions (tests/two_regions.py), the fixed clock of Saturday 28 February
2026, noon, Boston; the groups meet on Tuesdays at 6 pm.
"""

import datetime as dt

import pytest
from django.contrib.messages import get_messages

from groups.models import SessionRecord
from groups.records import session_record
from groups.sessions import session_cancel, session_move, session_substitute_assign

LAST_TUESDAY = dt.date(2026, 2, 24)


@pytest.fixture
def lead_client(client, east, west):
    client.force_login(east.lead.user)
    return client


def url(group, day=LAST_TUESDAY):
    return f"/me/sessions/{group.slug}/{day}/record/"


def saved():
    return list(
        SessionRecord.objects.order_by("pk").values_list(
            "group__slug", "original_date", "held", "attendance", "not_held_reason", "note"
        )
    )


def held(**fields):
    return {"held": "yes", "attendance": "9", "not_held_reason": "", "note": "", **fields}


def test_the_form_asks_what_happened_and_warns_against_names(lead_client, east):
    response = lead_client.get(url(east.group))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "After the session: Metro Boston Hearing Voices" in page
    assert "Tuesday 24 February 2026, 6:00 to 7:30 pm, Metro Boston Library" in page
    assert "Do not write anyone's name." in page
    assert 'aria-describedby="id_note_helptext"' in page
    for label in (
        "Did the session happen?",
        "How many people came?",
        "If it did not happen: why?",
        "Anything else your coordinator should know (optional)",
    ):
        assert label in page
    assert 'type="radio" name="held" value="yes"' in page
    assert 'type="number" name="attendance"' in page


def test_saving_records_the_session_and_returns_to_me_with_a_message(lead_client, east):
    response = lead_client.post(url(east.group), held(note="Talked about sleep."))
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert saved() == [
        ("metro-boston-hearing-voices", LAST_TUESDAY, True, 9, "", "Talked about sleep.")
    ]
    assert SessionRecord.objects.get().recorded_by == east.lead.user
    assert [str(m) for m in get_messages(response.wsgi_request)] == [
        "Thank you: the session of Metro Boston Hearing Voices on Tuesday 24 February is recorded."
    ]


def test_the_thank_you_shows_on_the_facilitators_page(lead_client, east):
    response = lead_client.post(url(east.group), held(), follow=True)
    assert response.redirect_chain == [("/me/", 302)]
    assert (
        "Thank you: the session of Metro Boston Hearing Voices on Tuesday 24 February is recorded."
        in response.content.decode()
    )


def test_a_session_that_did_not_happen_is_saved_with_its_reason(lead_client, east):
    data = held(held="no", attendance="", not_held_reason="Building closed")
    assert lead_client.post(url(east.group), data).status_code == 302
    assert saved() == [
        ("metro-boston-hearing-voices", LAST_TUESDAY, False, None, "Building closed", "")
    ]


# Who reaches the page.


def test_a_visitor_is_sent_to_sign_in(client, east):
    response = client.get(url(east.group))
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={url(east.group)}",
    )
    assert client.post(url(east.group), held()).status_code == 302
    assert saved() == []


def test_someone_who_is_not_a_facilitator_gets_403(client, east):
    client.force_login(east.coordinator)
    assert client.get(url(east.group)).status_code == 403
    assert client.post(url(east.group), held()).status_code == 403
    assert saved() == []


def test_an_inactive_facilitator_gets_403(lead_client, east):
    east.lead.is_active = False
    east.lead.save()
    assert lead_client.get(url(east.group)).status_code == 403


@pytest.mark.parametrize(
    "path",
    [
        "/me/sessions/western-hearing-voices/2026-02-24/record/",  # another region's group
        "/me/sessions/metro-boston-inpatient/2026-02-24/record/",  # their region, not theirs
        "/me/sessions/metro-boston-hearing-voices/2026-02-25/record/",  # it does not meet then
        "/me/sessions/metro-boston-hearing-voices/2026-02-30/record/",  # no such date
        "/me/sessions/metro-boston-hearing-voices/someday/record/",
        "/me/sessions/nowhere/2026-02-24/record/",
    ],
)
def test_a_session_that_is_not_theirs_is_404_and_nothing_is_saved(lead_client, path):
    assert lead_client.get(path).status_code == 404
    assert lead_client.post(path, held()).status_code == 404
    assert saved() == []


def test_the_replaced_facilitator_gets_404_and_the_substitute_records(client, east):
    session_substitute_assign(
        group=east.group,
        original_date=LAST_TUESDAY,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    client.force_login(east.lead.user)
    assert client.post(url(east.group), held()).status_code == 404
    client.force_login(east.spare.user)
    assert client.post(url(east.group), held(attendance="4")).status_code == 302
    assert [(row[3], SessionRecord.objects.get().recorded_by) for row in saved()] == [
        (4, east.spare.user)
    ]


# Sessions that cannot be recorded.


def test_a_session_still_to_come_says_so_and_cannot_be_posted(lead_client, east):
    response = lead_client.get(url(east.group, dt.date(2026, 3, 3)))
    page = response.content.decode()
    assert response.status_code == 200
    assert (
        "This session has not started yet: it is on Tuesday 3 March 2026, 6:00 to 7:30 pm. "
        "Record it once it has happened." in page
    )
    assert '<form method="post"' not in page
    assert lead_client.post(url(east.group, dt.date(2026, 3, 3)), held()).status_code == 400
    assert saved() == []


def test_a_cancelled_session_says_so(lead_client, east):
    session_cancel(group=east.group, original_date=LAST_TUESDAY, notify=False)
    page = lead_client.get(url(east.group)).content.decode()
    assert "This session was cancelled; there is nothing to record." in page
    assert lead_client.post(url(east.group), held()).status_code == 400
    assert saved() == []


def test_a_moved_session_shows_its_new_time(lead_client, east):
    session_move(
        group=east.group,
        original_date=LAST_TUESDAY,
        new_date=dt.date(2026, 2, 26),
        new_start_time=dt.time(17, 0),
        notify=False,
    )
    page = lead_client.get(url(east.group)).content.decode()
    assert "Thursday 26 February 2026, 5:00 to 6:30 pm" in page
    assert "(moved from Tuesday 24 February)" in page


def test_a_recorded_session_shows_the_record_and_a_second_post_changes_nothing(lead_client, east):
    session_record(
        group=east.group,
        original_date=LAST_TUESDAY,
        held=True,
        attendance=7,
        user=east.coordinator,
    )
    page = lead_client.get(url(east.group)).content.decode()
    assert "This session was already recorded on Saturday 28 February 2026 by Alex R." in page
    assert "It was recorded as held, with 7 people there." in page
    assert lead_client.post(url(east.group), held(attendance="12")).status_code == 400
    assert [row[3] for row in saved()] == [7]


# Mistakes in the form: clear messages beside the fields, nothing saved.


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"held": ""}, "held", "Say whether the session happened."),
        ({"held": "maybe"}, "held", "Select a valid choice. maybe is not one of the available"),
        ({"attendance": ""}, "attendance", "Say how many people came (0 if nobody did)."),
        ({"attendance": "abc"}, "attendance", "Write a whole number from 0 to 500."),
        ({"attendance": "-3"}, "attendance", "Write a whole number from 0 to 500."),
        (
            {"attendance": "501"},
            "attendance",
            "Write a whole number from 0 to 500; for more, ask your coordinator.",
        ),
        (
            {"held": "no", "attendance": "", "not_held_reason": " "},
            "not_held_reason",
            "Say why it did not happen.",
        ),
        (
            {"held": "no", "attendance": "5", "not_held_reason": "Snow"},
            "attendance",
            "A session that did not happen had nobody attending.",
        ),
        (
            {"note": "x" * 51_200},
            "note",
            "The note is 51,200 characters long; keep it to 2,000.",
        ),
        (
            {"held": "no", "attendance": "", "not_held_reason": "y" * 51_200},
            "not_held_reason",
            "The reason is 51,200 characters long; keep it to 300.",
        ),
    ],
)
def test_a_mistake_is_shown_beside_its_field_and_nothing_is_saved(
    lead_client, east, data, field, message
):
    response = lead_client.post(url(east.group), held(**data))
    page = response.content.decode()
    assert response.status_code == 400
    assert message in page
    assert [str(m) for m in response.context["form"].errors[field]][0].startswith(message)
    assert 'aria-invalid="true"' in page
    assert saved() == []


def test_fifty_kilobytes_of_text_in_every_box_is_a_message_not_an_error_page(lead_client, east):
    text = "word " * 10_240
    response = lead_client.post(
        url(east.group),
        {"held": "no", "attendance": text, "not_held_reason": text, "note": text},
    )
    assert response.status_code == 400
    assert sorted(response.context["form"].errors) == ["attendance", "not_held_reason", "note"]
    assert saved() == []
