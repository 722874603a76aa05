"""/me/: a facilitator's own sessions, feed and cover requests, and nobody else's."""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from django.core import mail

from facilitators.models import FacilitatorProfile
from groups.covers import substitute_request_open
from groups.models import SessionSubstitute, SubstituteRequest
from groups.services import group_facilitator_add
from groups.sessions import session_cancel
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

DAY = TUESDAY.isoformat()


@pytest.fixture
def lead_client(client, east, west):
    client.force_login(east.lead.user)
    return client


def feed_sessions(client, facilitator):
    body = client.get(f"/feeds/{facilitator.feed_token}.ics").content
    calendar = icalendar.Calendar.from_ical(body)
    events = recurring_ical_events.of(calendar).between(dt.date(2026, 2, 28), dt.date(2026, 3, 21))
    return sorted((e["SUMMARY"], e["DTSTART"].dt.replace(tzinfo=None)) for e in events)


def test_visitors_are_sent_to_sign_in(client, east):
    response = client.get("/me/")
    assert (response.status_code, response["Location"]) == (302, "/accounts/login/?next=/me/")


def test_a_coordinator_who_does_not_facilitate_gets_a_friendly_403(client, east):
    client.force_login(east.coordinator)
    response = client.get("/me/")
    assert response.status_code == 403
    assert b"This page is for peer facilitators." in response.content


def test_my_sessions_are_mine_only_private_ones_included(lead_client, east, west):
    group_facilitator_add(group=east.private_group, facilitator=east.lead, notify=False)
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    rows = lead_client.get("/me/").context["rows"]
    listed = [
        (row.group.title, row.occurrence.original_date, row.occurrence.cancelled)
        for row in (item["row"] for item in rows)
    ]
    assert listed[:4] == [
        ("Metro Boston Hearing Voices", TUESDAY, True),
        ("Metro Boston Inpatient Group", TUESDAY, False),
        ("Metro Boston Hearing Voices", TUESDAY + dt.timedelta(7), False),
        ("Metro Boston Inpatient Group", TUESDAY + dt.timedelta(7), True),
    ]
    body = lead_client.get("/me/").content.decode()
    for other in (west.group.title, west.private_group.title, west.lead.display_name):
        assert (other, other in body) == (other, False)


def test_the_page_shows_my_feed_and_my_coordinators(lead_client, east):
    response = lead_client.get("/me/")
    assert response.context["subscribe"]["feed_url"] == (
        f"https://peerhub.example.org/feeds/{east.lead.feed_token}.ics"
    )
    assert [(c.user.email, c.region) for c in response.context["coordinators"]] == [
        ("coordinator.metro-boston@example.org", east.region)
    ]


def test_a_new_link_retires_the_old_one_at_once(lead_client, east):
    old = east.lead.feed_token
    assert lead_client.get(f"/feeds/{old}.ics").status_code == 200
    lead_client.post("/me/feed/new-link/")
    new = FacilitatorProfile.objects.get(pk=east.lead.pk).feed_token
    assert (len(new), new != old) == (43, True)
    assert lead_client.get(f"/feeds/{old}.ics").status_code == 404
    assert lead_client.get(f"/feeds/{new}.ics").status_code == 200


@pytest.mark.parametrize("token", ["", "x", "A" * 43, "../../etc/passwd"])
def test_a_wrong_token_is_a_404(client, east, token):
    assert client.get(f"/feeds/{token}.ics").status_code == 404


def test_a_switched_off_facilitators_feed_is_a_404(client, east):
    FacilitatorProfile.objects.filter(pk=east.lead.pk).update(is_active=False)
    assert client.get(f"/feeds/{east.lead.feed_token}.ics").status_code == 404


def test_asking_for_cover_tells_the_regions_facilitators_and_coordinators(
    lead_client,
    east,
    west,
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(
            f"/me/sessions/{east.group.slug}/{DAY}/cover/", {"note": "Key at the desk"}
        )
    assert response["Location"] == "/me/"
    record = SubstituteRequest.objects.get()
    assert (record.requested_by, record.original_date, record.note, record.status) == (
        east.lead,
        TUESDAY,
        "Key at the desk",
        "open",
    )
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        (
            "coordinator.metro-boston@example.org",
            "Cover needed: Metro Boston Hearing Voices, Tuesday 3 March",
        ),
        (
            "spare.metro-boston@example.org",
            "Can you cover Metro Boston Hearing Voices, Tuesday 3 March?",
        ),
    ]


def test_a_request_is_seen_in_its_own_region_only(client, east, west):
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.spare.user)
    assert [r.group for r in client.get("/me/").context["open_requests"]] == [east.group]
    client.force_login(west.spare.user)
    assert client.get("/me/").context["open_requests"] == []
    record = SubstituteRequest.objects.get()
    assert client.post(f"/me/requests/{record.pk}/take/").status_code == 404
    assert client.post(f"/me/requests/{record.pk}/withdraw/").status_code == 404
    assert SubstituteRequest.objects.get().status == "open"


def test_taking_a_request_hands_the_session_over_everywhere(
    client,
    east,
    django_capture_on_commit_callbacks,
):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    title = east.group.title
    assert (title, dt.datetime(2026, 3, 3, 18)) in feed_sessions(client, east.lead)
    assert feed_sessions(client, east.spare) == []
    client.force_login(east.spare.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/me/requests/{record.pk}/take/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        f"Thank you: you are facilitating {title} on Tuesday 3 March. It is in your calendar "
        "feed now."
    )
    cover = SessionSubstitute.objects.get()
    assert (cover.substitute, cover.replaces, cover.original_date) == (
        east.spare,
        east.lead,
        TUESDAY,
    )
    assert SubstituteRequest.objects.values_list("status", "taken_by").get() == (
        "taken",
        east.spare.pk,
    )
    assert (title, dt.datetime(2026, 3, 3, 18)) not in feed_sessions(client, east.lead)
    assert feed_sessions(client, east.spare) == [(title, dt.datetime(2026, 3, 3, 18))]
    page = client.get(f"/groups/{east.group.slug}/").content.decode()
    assert "Facilitated this time by Spare1 B." in page
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("coordinator.metro-boston@example.org", f"Covered: {title}, Tuesday 3 March"),
        ("lead.metro-boston@example.org", f"Spare1 B. is covering {title}, Tuesday 3 March"),
        ("spare.metro-boston@example.org", f"You are covering {title}, Tuesday 3 March"),
    ]
    # Taking it again changes nothing.
    again = client.post(f"/me/requests/{record.pk}/take/", follow=True)
    assert [str(m) for m in again.context["messages"]][
        -1
    ] == "You are already facilitating this session."
    assert SessionSubstitute.objects.count() == 1


def test_withdrawing_a_request(lead_client, east):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    lead_client.post(f"/me/requests/{record.pk}/withdraw/")
    assert SubstituteRequest.objects.get().status == "withdrawn"
    again = lead_client.post(f"/me/requests/{record.pk}/withdraw/", follow=True)
    assert [str(m) for m in again.context["messages"]][-1] == (
        "This request was already taken or withdrawn."
    )


@pytest.mark.parametrize(
    ("day", "message"),
    [
        ("2026-02-24", "This session has already started."),
        ("2026-03-10", None),
    ],
)
def test_a_past_session_cannot_be_handed_on(lead_client, east, day, message):
    response = lead_client.post(f"/me/sessions/{east.group.slug}/{day}/cover/", follow=True)
    last = [str(m) for m in response.context["messages"]][-1]
    if message:
        assert last == message
        assert SubstituteRequest.objects.count() == 0
    else:
        assert SubstituteRequest.objects.count() == 1


def test_a_cancelled_session_cannot_be_handed_on(lead_client, east):
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    response = lead_client.post(f"/me/sessions/{east.group.slug}/{DAY}/cover/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "This session is cancelled; there is nothing to cover."
    )


def test_asking_twice_is_refused(lead_client, east):
    lead_client.post(f"/me/sessions/{east.group.slug}/{DAY}/cover/")
    response = lead_client.post(f"/me/sessions/{east.group.slug}/{DAY}/cover/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "You have already asked for cover for this session."
    )
    assert SubstituteRequest.objects.count() == 1


def test_someone_elses_group_or_a_day_it_does_not_meet_is_a_404(lead_client, east, west):
    assert lead_client.post(f"/me/sessions/{west.group.slug}/{DAY}/cover/").status_code == 404
    assert lead_client.post(f"/me/sessions/{east.group.slug}/2026-03-04/cover/").status_code == 404
    assert (
        lead_client.post(f"/me/sessions/{east.private_group.slug}/{DAY}/cover/").status_code == 404
    )
    assert SubstituteRequest.objects.count() == 0


def test_a_note_of_50_kb_is_refused(lead_client, east):
    response = lead_client.post(
        f"/me/sessions/{east.group.slug}/{DAY}/cover/", {"note": "x" * 50_000}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "Keep the note to 300 characters or fewer."
    )
    assert SubstituteRequest.objects.count() == 0


def test_an_untaken_request_two_days_away_is_flagged_for_the_coordinator(
    client,
    east,
    page_clock,
    monkeypatch,
):
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    substitute_request_open(
        group=east.group, original_date=TUESDAY + dt.timedelta(7), facilitator=east.lead
    )
    client.force_login(east.coordinator)
    context = client.get("/manage/").context
    # Saturday 28 February: Tuesday 3 March is three days away, so not yet urgent.
    assert [r.original_date for r in context["urgent_requests"]] == []
    assert [r.original_date for r in context["other_requests"]] == [
        TUESDAY,
        TUESDAY + dt.timedelta(7),
    ]
    from django.utils import timezone

    monkeypatch.setattr(timezone, "now", lambda: dt.datetime(2026, 3, 1, 12, tzinfo=dt.UTC))
    context = client.get("/manage/").context
    assert [r.original_date for r in context["urgent_requests"]] == [TUESDAY]


def test_a_coordinators_substitute_answers_the_open_request(client, east):
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.coordinator)
    client.post(
        f"/manage/groups/{east.group.slug}/sessions/{DAY}/substitute/",
        {"substitute": east.spare.pk, "replaces": east.lead.pk},
    )
    assert SubstituteRequest.objects.values_list("status", "taken_by").get() == (
        "taken",
        east.spare.pk,
    )


def test_the_sessions_of_the_last_two_weeks_wait_to_be_recorded(lead_client, east):
    response = lead_client.get("/me/")
    assert [
        (s.group.title, s.occurrence.original_date) for s in response.context["records_due"]
    ] == [
        ("Metro Boston Hearing Voices", dt.date(2026, 2, 17)),
        ("Metro Boston Hearing Voices", dt.date(2026, 2, 24)),
    ]
    assert f'href="/me/sessions/{east.group.slug}/2026-02-24/record/"' in response.content.decode()
    lead_client.post(
        f"/me/sessions/{east.group.slug}/2026-02-24/record/", {"held": "yes", "attendance": "6"}
    )
    assert [s.occurrence.original_date for s in lead_client.get("/me/").context["records_due"]] == [
        dt.date(2026, 2, 17)
    ]


def test_the_page_says_who_covers_and_what_i_cover(client, east):
    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.spare.user)
    client.post(f"/me/requests/{record.pk}/take/")
    spare_rows = client.get("/me/").context["rows"]
    assert [(i["row"].occurrence.original_date, i["regular"], i["mine"]) for i in spare_rows] == [
        (TUESDAY, False, True)
    ]
    assert "You are covering this one." in client.get("/me/").content.decode()
    # A substitute who asks for cover anyway is told what to do, not shown a 404.
    response = client.post(f"/me/sessions/{east.group.slug}/{DAY}/cover/", follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "You are this session's substitute; ask the region's coordinator to release you."
    )
    client.force_login(east.lead.user)
    lead_rows = client.get("/me/").context["rows"]
    assert [i["covered_by"] for i in lead_rows[:2]] == ["Spare1 B.", None]
    assert "Spare1 B. covers this one for you." in client.get("/me/").content.decode()


def test_each_close_of_a_request_is_in_its_history(client, east):
    """Taken, withdrawn, or answered by a coordinator's substitute: history says so, and who."""
    from groups.sessions import session_substitute_assign

    record = substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.spare.user)
    client.post(f"/me/requests/{record.pk}/take/")
    withdrawn = substitute_request_open(
        group=east.group, original_date=TUESDAY + dt.timedelta(7), facilitator=east.lead
    )
    client.force_login(east.lead.user)
    client.post(f"/me/requests/{withdrawn.pk}/withdraw/")
    answered = substitute_request_open(
        group=east.group, original_date=TUESDAY + dt.timedelta(14), facilitator=east.lead
    )
    session_substitute_assign(
        group=east.group,
        original_date=answered.original_date,
        substitute=east.spare,
        replaces=east.lead,
        notify=False,
    )
    statuses = {
        pk: [
            (entry.status, entry.history_user)
            for entry in SubstituteRequest.history.filter(id=pk).order_by("history_id")
        ]
        for pk in (record.pk, withdrawn.pk, answered.pk)
    }
    assert statuses == {
        record.pk: [("open", None), ("taken", east.spare.user)],
        withdrawn.pk: [("open", None), ("withdrawn", east.lead.user)],
        answered.pk: [("open", None), ("taken", None)],
    }


def test_asking_for_cover_when_nobody_else_can_take_it_says_so(
    lead_client, east, django_capture_on_commit_callbacks
):
    # The region's only other facilitator has an account that is switched off: nobody is asked,
    # and neither the facilitator nor the coordinator is told that the facilitators were.
    east.spare.user.is_active = False
    east.spare.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        response = lead_client.post(f"/me/sessions/{east.group.slug}/{DAY}/cover/", follow=True)
    assert [str(m) for m in response.context["messages"]] == [
        f"Your request for {east.group.title} on Tuesday 3 March is out. No other facilitator "
        "in the region can take it yet, so the region's coordinators have been told; you will "
        "get an email when someone takes it."
    ]
    [email] = mail.outbox
    assert (email.to, email.subject) == (
        ["coordinator.metro-boston@example.org"],
        "Cover needed: Metro Boston Hearing Voices, Tuesday 3 March",
    )
    assert f"{east.lead} cannot make Metro Boston Hearing Voices on Tuesday 3 March" in " ".join(
        email.body.split()
    )
    assert "No other facilitator in the region can take it yet: please find a cover." in " ".join(
        email.body.split()
    )
    assert "has asked the region's facilitators" not in " ".join(email.body.split())
