"""One session: cancel, move (with clash warnings), undo, substitute; emails and feeds follow."""

import datetime as dt

import icalendar
import pytest
import recurring_ical_events
from django.core import mail

from groups.models import SessionChange, SessionSubstitute
from groups.sessions import session_move
from tests.console.conftest import TUESDAY

pytestmark = pytest.mark.django_db

DAY = TUESDAY.isoformat()


def session_url(group, action="", day=DAY):
    return f"/manage/groups/{group.slug}/sessions/{day}/" + (f"{action}/" if action else "")


def feed_starts(client, url, days=21):
    calendar = icalendar.Calendar.from_ical(client.get(url).content)
    start = dt.date(2026, 2, 28)
    events = recurring_ical_events.of(calendar).between(start, start + dt.timedelta(days=days))
    return sorted((event["SUMMARY"], event["DTSTART"].dt.replace(tzinfo=None)) for event in events)


def private_feed(client, facilitator):
    return feed_starts(client, f"/feeds/{facilitator.feed_token}.ics")


def test_cancelling_a_session_emails_its_facilitator_and_updates_every_feed(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    title = east.group.title
    assert (title, dt.datetime(2026, 3, 3, 18)) in private_feed(coordinator_client, east.lead)
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            session_url(east.group, "cancel"),
            {"reason": "Snow emergency", "public_note": "Closed for the storm."},
        )
    assert response["Location"] == session_url(east.group)
    change = SessionChange.objects.get(group=east.group, original_date=TUESDAY)
    assert (change.kind, change.public_note, change.private_note, change.created_by) == (
        "cancelled",
        "Closed for the storm.",
        "Snow emergency",
        east.coordinator,
    )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["lead.metro-boston@example.org"], f"Cancelled: {title}, Tuesday 3 March")
    ]
    assert (
        f"The session of {title} on Tuesday 3 March 2026, 6:00 to 7:30 pm, at Metro Boston "
        "Library (Worcester) is cancelled." in mail.outbox[0].body
    )
    assert "Note for facilitators: Snow emergency" in mail.outbox[0].body
    assert (title, dt.datetime(2026, 3, 3, 18)) not in private_feed(coordinator_client, east.lead)
    public = feed_starts(coordinator_client, f"/groups/{east.group.slug}/calendar.ics")
    assert [start for _, start in public] == [
        dt.datetime(2026, 3, 10, 18),
        dt.datetime(2026, 3, 17, 18),
    ]
    page = coordinator_client.get(f"/groups/{east.group.slug}/").content.decode()
    assert "Closed for the storm." in page


def test_cancelling_twice_keeps_one_cancellation_and_says_so(coordinator_client, east):
    coordinator_client.post(session_url(east.group, "cancel"), {"public_note": "First"})
    response = coordinator_client.post(
        session_url(east.group, "cancel"), {"public_note": "Second"}, follow=True
    )
    assert [str(m) for m in response.context["messages"]][-1] == (
        "The session of Tuesday 3 March was already cancelled."
    )
    assert list(SessionChange.objects.filter(group=east.group).values_list("public_note")) == [
        ("First",)
    ]


@pytest.mark.parametrize(
    ("day", "status"),
    [("2026-03-04", 404), ("2026-13-01", 404), ("tuesday", 404), ("1999-03-02", 404)],
)
def test_a_date_the_group_does_not_meet_on_is_a_404(coordinator_client, east, day, status):
    response = coordinator_client.post(session_url(east.group, "cancel", day=day))
    assert response.status_code == status
    assert SessionChange.objects.filter(group=east.group).count() == 0


def test_a_public_note_too_long_is_refused_beside_the_field(coordinator_client, east):
    response = coordinator_client.post(
        session_url(east.group, "cancel"), {"public_note": "x" * 301}
    )
    assert response.status_code == 400
    assert response.context["cancel_form"].errors["public_note"] == [
        "Ensure this value has at most 300 characters (it has 301)."
    ]
    assert SessionChange.objects.filter(group=east.group).count() == 0


def test_moving_a_session_to_another_time_and_place(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            session_url(east.group, "move"),
            {
                "new_date": "2026-03-05",
                "new_start_time": "17:00",
                "new_venue": east.other_venue.pk,
                "public_note": "This week on Thursday.",
            },
        )
    assert response.status_code == 302
    change = SessionChange.objects.get(group=east.group)
    assert (change.kind, change.new_date, change.new_start_time, change.new_venue) == (
        "moved",
        dt.date(2026, 3, 5),
        dt.time(17, 0),
        east.other_venue,
    )
    assert [m.subject for m in mail.outbox] == [f"Changed: {east.group.title}, Tuesday 3 March"]
    assert (
        "It is now on Thursday 5 March 2026, 5:00 to 6:30 pm, at Metro Boston Peer Center"
        in mail.outbox[0].body
    )
    starts = [start for _, start in private_feed(coordinator_client, east.lead)]
    assert starts[:2] == [dt.datetime(2026, 3, 5, 17), dt.datetime(2026, 3, 10, 18)]


def test_a_move_with_nothing_new_is_refused(coordinator_client, east):
    response = coordinator_client.post(session_url(east.group, "move"), {})
    assert response.status_code == 400
    assert response.context["move_form"].non_field_errors() == ["Give a new date, time or place."]


def test_a_move_ending_before_it_starts_is_refused(coordinator_client, east):
    response = coordinator_client.post(
        session_url(east.group, "move"), {"new_start_time": "19:00", "new_end_time": "18:00"}
    )
    assert response.status_code == 400
    assert response.context["move_form"].errors["new_end_time"] == [
        "The end time must be after the start time."
    ]
    assert SessionChange.objects.filter(group=east.group).count() == 0


def test_move_it_anyway_is_offered_only_once_a_clash_is_shown(coordinator_client, east):
    page = coordinator_client.get(session_url(east.group))
    assert page.context["move_form"]["confirm_clash"].is_hidden is True
    clash = coordinator_client.post(
        session_url(east.group, "move"), {"new_venue": east.other_venue.pk}
    )
    assert clash.context["move_form"]["confirm_clash"].is_hidden is False


def test_the_session_forms_have_ids_of_their_own(coordinator_client, east):
    body = coordinator_client.get(session_url(east.group)).content.decode()
    for field_id in ("cancel_public_note", "move_public_note", "cancel_reason", "move_reason"):
        assert (field_id, body.count(f'id="{field_id}"')) == (field_id, 1)


def test_a_move_into_a_clash_needs_confirming(coordinator_client, east):
    # The private group meets at the peer center at the same time, every Tuesday.
    data = {"new_venue": east.other_venue.pk}
    response = coordinator_client.post(session_url(east.group, "move"), data)
    assert response.status_code == 400
    assert [(c.kind, c.what) for c in response.context["clashes"]] == [
        ("venue", "Metro Boston Peer Center")
    ]
    assert response.context["move_form"].errors["confirm_clash"] == [
        "This move clashes with another session (listed above). Change the time or place, "
        "or tick this box to move it anyway."
    ]
    assert SessionChange.objects.filter(group=east.group).count() == 0
    response = coordinator_client.post(
        session_url(east.group, "move"), {**data, "confirm_clash": "on"}
    )
    assert response.status_code == 302
    assert SessionChange.objects.get(group=east.group).new_venue == east.other_venue


def test_a_facilitator_clash_is_found_too(coordinator_client, east):
    from groups.services import group_facilitator_add

    group_facilitator_add(group=east.private_group, facilitator=east.lead, notify=False)
    response = coordinator_client.post(
        session_url(east.private_group, "move", day="2026-03-03"), {"new_start_time": "17:00"}
    )
    assert [(c.kind, c.what) for c in response.context["clashes"]] == [("facilitator", "Lead1 A.")]


def test_undo_puts_the_session_back(coordinator_client, east, django_capture_on_commit_callbacks):
    session_move(group=east.group, original_date=TUESDAY, new_start_time=dt.time(17), notify=False)
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(session_url(east.group, "undo"))
    assert SessionChange.objects.filter(group=east.group).count() == 0
    assert [m.subject for m in mail.outbox] == [f"Back on: {east.group.title}, Tuesday 3 March"]
    response = coordinator_client.post(session_url(east.group, "undo"), follow=True)
    assert [str(m) for m in response.context["messages"]][-1] == (
        "That session was already as planned; nothing to undo."
    )


def test_a_substitute_takes_over_one_session(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            session_url(east.group, "substitute"),
            {"substitute": east.spare.pk, "replaces": east.lead.pk},
        )
    assert response.status_code == 302
    record = SessionSubstitute.objects.get()
    assert (record.substitute, record.replaces, record.original_date) == (
        east.spare,
        east.lead,
        TUESDAY,
    )
    assert sorted((m.to[0], m.subject) for m in mail.outbox) == [
        ("lead.metro-boston@example.org", f"Spare1 B. covers {east.group.title}, Tuesday 3 March"),
        ("spare.metro-boston@example.org", f"Please cover {east.group.title}, Tuesday 3 March"),
    ]
    page = coordinator_client.get(session_url(east.group))
    assert [p.display_name for p in page.context["people"]] == ["Spare1 B."]


def test_a_substitute_must_not_already_facilitate(coordinator_client, east):
    response = coordinator_client.post(
        session_url(east.group, "substitute"), {"substitute": east.lead.pk}
    )
    assert response.status_code == 400
    assert response.context["substitute_form"].errors["substitute"] == [
        "Select a valid choice. That choice is not one of the available choices."
    ]
    assert SessionSubstitute.objects.count() == 0


def test_removing_a_substitute(coordinator_client, east):
    coordinator_client.post(
        session_url(east.group, "substitute"),
        {"substitute": east.spare.pk, "replaces": east.lead.pk},
    )
    record = SessionSubstitute.objects.get()
    coordinator_client.post(session_url(east.group, f"substitute/{record.pk}/remove"))
    assert SessionSubstitute.objects.count() == 0
    again = coordinator_client.post(
        session_url(east.group, f"substitute/{record.pk}/remove"), follow=True
    )
    assert [str(m) for m in again.context["messages"]][-1] == (
        "That substitute was already removed."
    )


def test_session_changes_are_in_the_groups_history(coordinator_client, east):
    coordinator_client.post(session_url(east.group, "cancel"), {"reason": "Holiday"})
    coordinator_client.post(session_url(east.group, "undo"))
    history = coordinator_client.get(f"/manage/groups/{east.group.slug}/").context["history"]
    # The test clock stands still, so only the coordinator's own entries have a known order.
    mine = [(entry.who, entry.what) for entry in history if entry.who == "Alex Rivera"]
    assert mine == [
        ("Alex Rivera", "Undid the cancellation of the session of Tue 3 Mar 2026"),
        ("Alex Rivera", "Cancelled the session of Tue 3 Mar 2026 (Holiday)"),
    ]


def test_a_mail_server_that_is_down_does_not_undo_the_cancellation(
    coordinator_client, east, django_capture_on_commit_callbacks, mail_server_down, caplog
):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(session_url(east.group, "cancel"), {"reason": "Ice"})
    assert response.status_code == 302
    assert SessionChange.objects.get(group=east.group).kind == "cancelled"
    assert mail.outbox == []
    assert "SMTPConnectError" in caplog.text


def cancelled(east):
    from groups.sessions import session_cancel

    return session_cancel(group=east.group, original_date=TUESDAY, notify=False)


def test_a_cancelled_session_offers_undo_not_move_or_cover(coordinator_client, east):
    cancelled(east)
    body = coordinator_client.get(session_url(east.group)).content.decode()
    assert "Undo the cancellation: the session is on again as planned" in body
    for gone in ("Move the session", "Assign the substitute", "Cancel the session"):
        assert (gone, gone in body) == (gone, False)
    assert 'id="move_new_date"' not in body
    assert 'id="cover_substitute"' not in body


def test_moving_a_cancelled_session_is_refused_and_saves_nothing(coordinator_client, east):
    cancelled(east)
    response = coordinator_client.post(
        session_url(east.group, "move"), {"new_start_time": "17:00", "confirm_clash": "on"}
    )
    assert response.status_code == 400
    assert response.context["refused"] == (
        "The session of Tuesday 3 March is cancelled, so it cannot be moved. Undo the "
        "cancellation first if it is to happen after all."
    )
    assert response.context["refused"] in response.content.decode()
    change = SessionChange.objects.get(group=east.group)
    assert (change.kind, change.new_start_time) == ("cancelled", None)


def test_a_substitute_for_a_cancelled_session_is_refused_and_saves_nothing(
    coordinator_client, east
):
    cancelled(east)
    response = coordinator_client.post(
        session_url(east.group, "substitute"), {"substitute": east.spare.pk, "replaces": ""}
    )
    assert response.status_code == 400
    assert response.context["refused"] == (
        "The session of Tuesday 3 March is cancelled, so nobody needs to cover it. Undo the "
        "cancellation first if it is to happen after all."
    )
    assert response.context["refused"] in response.content.decode()
    assert SessionSubstitute.objects.filter(group=east.group).count() == 0
