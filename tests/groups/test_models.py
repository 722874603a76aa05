"""Group and SessionChange validation: every bad input names its field, nothing is saved."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from recurrence import MONTHLY, Recurrence, Rule, Weekday

from groups import services, sessions
from groups.models import Group, SessionChange
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 1, 6)


def group_fields(region, venue, **overrides):
    fields = {
        "title": "Hearing Voices Group",
        "slug": "hearing-voices",
        "region": region,
        "venue": venue,
        "start_date": TUESDAY,
        "start_time": dt.time(18, 0),
        "duration_minutes": 90,
        "recurrences": weekly(1),
    }
    fields.update(overrides)
    return fields


def errors_of(excinfo):
    return excinfo.value.message_dict


def test_group_create_copies_the_region_timezone():
    region = RegionFactory(timezone="America/Chicago")
    group = services.group_create(**group_fields(region, VenueFactory(region=region)))
    group.refresh_from_db()
    assert group.timezone == "America/Chicago"
    assert group.schedule.first_start.isoformat() == "2026-01-06T18:00:00-06:00"


def test_group_recurrence_survives_the_database_round_trip():
    region = RegionFactory()
    rules = Recurrence(
        rrules=[Rule(MONTHLY, byday=[Weekday(1, 2), Weekday(1, 4)])],
        rdates=[dt.datetime(2026, 1, 29, 0, 0)],
        exdates=[dt.datetime(2026, 1, 27, 0, 0)],
    )
    group = services.group_create(
        **group_fields(
            region, VenueFactory(region=region), start_date=dt.date(2026, 1, 13), recurrences=rules
        )
    )
    group = Group.objects.get(pk=group.pk)
    assert group.schedule.session_dates(dt.date(2026, 1, 1), dt.date(2026, 2, 28)) == [
        dt.date(2026, 1, 13),
        dt.date(2026, 1, 29),
        dt.date(2026, 2, 10),
        dt.date(2026, 2, 24),
    ]


def test_group_with_venue_of_another_region_is_refused():
    region, other = RegionFactory(), RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(**group_fields(region, VenueFactory(region=other)))
    assert errors_of(excinfo) == {
        "venue": ["This venue belongs to another region; choose one of this region's."]
    }
    assert Group.objects.count() == 0


def test_group_end_before_start_is_refused():
    region = RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(
            **group_fields(region, VenueFactory(region=region), end_date=dt.date(2025, 12, 1))
        )
    assert errors_of(excinfo) == {"end_date": ["The end date is before the first date."]}
    assert Group.objects.count() == 0


def test_group_first_date_must_be_a_meeting_day():
    region = RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(
            **group_fields(region, VenueFactory(region=region), start_date=dt.date(2026, 1, 7))
        )
    assert errors_of(excinfo) == {
        "start_date": [
            "The first date must be one of the days the schedule meets. "
            "The first meeting day after it is Tuesday 13 January 2026."
        ]
    }


def test_group_duplicate_slug_is_refused():
    existing = GroupFactory(slug="wrap-group")
    region = existing.region
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(**group_fields(region, existing.venue, slug="wrap-group"))
    assert errors_of(excinfo) == {"slug": ["Group with this Slug already exists."]}
    assert Group.objects.count() == 1


def test_group_for_hospital_patients_cannot_be_public():
    region = RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(
            **group_fields(
                region,
                VenueFactory(region=region),
                audience=Group.Audience.HOSPITAL_PATIENTS,
                is_public=True,
            )
        )
    assert list(errors_of(excinfo)) == ["is_public"]


def test_group_duration_out_of_range_is_refused():
    region = RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.group_create(
            **group_fields(region, VenueFactory(region=region), duration_minutes=0)
        )
    assert list(errors_of(excinfo)) == ["duration_minutes"]


def test_group_update_raises_sequence_and_keeps_uuid():
    group = GroupFactory()
    uuid_before = group.uuid
    services.group_update(group=group, expected_version=services.ANY_VERSION, title="Renamed group")
    services.group_update(
        group=group, expected_version=services.ANY_VERSION, start_time=dt.time(19, 0)
    )
    group.refresh_from_db()
    assert (group.title, group.sequence, group.uuid) == ("Renamed group", 2, uuid_before)


def test_group_update_that_fails_saves_nothing():
    group = GroupFactory()
    with pytest.raises(ValidationError):
        services.group_update(
            group=group,
            expected_version=services.ANY_VERSION,
            title="New title",
            end_date=dt.date(2020, 1, 1),
        )
    group.refresh_from_db()
    assert (group.title.startswith("Group "), group.end_date, group.sequence) == (True, None, 0)


def test_group_update_without_the_forms_version_is_refused_and_saves_nothing():
    group = GroupFactory(title="Hearing Voices")
    with pytest.raises(services.EditConflict) as excinfo:
        services.group_update(group=group, expected_version=None, title="Overwritten")
    assert excinfo.value.code == "no_version"
    assert Group.objects.values_list("title", "version", "sequence").get(pk=group.pk) == (
        "Hearing Voices",
        0,
        0,
    )


def test_group_update_must_be_told_which_version_it_may_change():
    group = GroupFactory()
    with pytest.raises(TypeError):
        services.group_update(group=group, title="Unchecked")


def test_a_change_of_any_version_keeps_what_others_saved_since_the_group_was_read():
    group = GroupFactory(title="Hearing Voices")
    seen = Group.objects.get(pk=group.pk)  # read by a request, before the changes below
    services.group_update(
        group=Group.objects.get(pk=group.pk), expected_version=0, title="Renamed by Sam"
    )
    services.group_confirm_running(group=Group.objects.get(pk=group.pk), on=TUESDAY)
    services.group_status_set(group=seen, status=Group.Status.PAUSED)
    assert Group.objects.values_list(
        "title", "last_confirmed_on", "status", "version", "sequence"
    ).get(pk=group.pk) == ("Renamed by Sam", TUESDAY, "paused", 2, 2)


def test_setting_the_status_a_group_already_has_changes_nothing():
    group = GroupFactory(title="Hearing Voices")
    with pytest.raises(services.AlreadyDone) as excinfo:
        services.group_status_set(group=group, status=Group.Status.ACTIVE)
    assert excinfo.value.messages == ["Hearing Voices is already running; nothing changed."]
    assert Group.objects.values_list("version", "sequence").get(pk=group.pk) == (0, 0)


def test_recurrence_dates_are_stored_at_local_noon():
    region = RegionFactory()
    rules = Recurrence(rrules=weekly(1).rrules, rdates=[dt.datetime(2026, 1, 8, 0, 0)])
    group = services.group_create(
        **group_fields(region, VenueFactory(region=region), recurrences=rules)
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT recurrences FROM groups_group WHERE id = %s", [group.pk])
        [raw] = cursor.fetchone()
    assert raw == "RRULE:FREQ=WEEKLY;BYDAY=TU\nRDATE:20260108T170000Z"


def test_session_cancel_records_the_change_and_raises_sequence():
    group = GroupFactory()
    change = sessions.session_cancel(
        group=group,
        original_date=dt.date(2026, 1, 13),
        public_note="Snow day",
        private_note="Roads",
    )
    group.refresh_from_db()
    assert (change.kind, change.public_note, group.sequence) == ("cancelled", "Snow day", 1)
    [occ] = group.schedule.occurrences_between(
        group.schedule.first_start + dt.timedelta(days=6),
        group.schedule.first_start + dt.timedelta(days=8),
        [change.as_change()],
    )
    assert occ.status == "cancelled"


def test_session_cancel_on_a_day_without_a_session_is_refused():
    group = GroupFactory(title="WRAP Group")
    with pytest.raises(ValidationError) as excinfo:
        sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 14))
    assert errors_of(excinfo) == {
        "original_date": [
            "WRAP Group does not meet on Wednesday 14 January 2026. "
            "The next session is on Tuesday 20 January 2026."
        ]
    }
    assert SessionChange.objects.count() == 0


def test_session_move_to_another_venue_of_the_region():
    group = GroupFactory()
    room = VenueFactory(region=group.region, name="Community room")
    change = sessions.session_move(
        group=group,
        original_date=dt.date(2026, 1, 13),
        new_start_time=dt.time(19, 0),
        new_venue=room,
    )
    occ = group.schedule.occurrence(change.original_date, change.as_change())
    assert (occ.start.hour, occ.moved, occ.change.venue_id) == (19, True, room.pk)


def test_session_move_to_a_venue_of_another_region_is_refused():
    group = GroupFactory()
    with pytest.raises(ValidationError) as excinfo:
        sessions.session_move(
            group=group, original_date=dt.date(2026, 1, 13), new_venue=VenueFactory()
        )
    assert errors_of(excinfo) == {"new_venue": ["This venue belongs to another region."]}


def test_session_move_that_changes_nothing_is_refused():
    group = GroupFactory()
    with pytest.raises(ValidationError) as excinfo:
        sessions.session_move(
            group=group, original_date=dt.date(2026, 1, 13), new_venue=group.venue
        )
    assert errors_of(excinfo) == {"new_date": ["A moved session needs a new date, time or venue."]}


def test_session_move_ending_before_it_starts_is_refused():
    group = GroupFactory()
    with pytest.raises(ValidationError) as excinfo:
        sessions.session_move(
            group=group,
            original_date=dt.date(2026, 1, 13),
            new_start_time=dt.time(19, 0),
            new_end_time=dt.time(18, 30),
        )
    assert errors_of(excinfo) == {"new_end_time": ["The end time must be after the start time."]}


def test_a_cancelled_session_may_keep_where_it_had_moved_to():
    group = GroupFactory()
    change = SessionChange(
        group=group,
        original_date=dt.date(2026, 1, 13),
        kind=SessionChange.Kind.CANCELLED,
        new_start_time=dt.time(19, 0),
    )
    change.full_clean()
    occurrence = group.schedule.occurrence(change.original_date, change.as_change())
    assert (occurrence.start.time(), occurrence.cancelled, occurrence.moved) == (
        dt.time(19, 0),
        True,
        True,
    )


def test_cancelling_a_moved_session_cancels_it_where_it_moved_to():
    group = GroupFactory()
    day = dt.date(2026, 1, 13)
    sessions.session_move(group=group, original_date=day, new_start_time=dt.time(19, 0))
    sessions.session_cancel(group=group, original_date=day, public_note="Holiday")
    change = SessionChange.objects.get(group=group, original_date=day)
    assert (change.kind, change.new_start_time, change.public_note) == (
        "cancelled",
        dt.time(19, 0),
        "Holiday",
    )
    assert SessionChange.objects.count() == 1


def test_session_change_undo_restores_the_session():
    group = GroupFactory()
    change = sessions.session_cancel(group=group, original_date=dt.date(2026, 1, 13))
    sessions.session_change_undo(change=change)
    group.refresh_from_db()
    assert (SessionChange.objects.count(), group.sequence) == (0, 2)


def test_memberships_list_the_lead_first():
    from tests.factories import FacilitatorFactory, GroupFacilitatorFactory

    group = GroupFactory()
    co = GroupFacilitatorFactory(
        group=group, facilitator=FacilitatorFactory(display_name="Ana B."), role="co"
    )
    lead = GroupFacilitatorFactory(
        group=group, facilitator=FacilitatorFactory(display_name="Zoe Y."), role="lead"
    )
    assert list(group.memberships.all()) == [lead, co]
