"""Creating and editing groups in the console: the schedule form, the preview, the status."""

import datetime as dt

import pytest

from groups.models import Group
from groups.services import group_update
from tests.caches import clear_caches
from tests.console.conftest import TUESDAY

pytestmark = pytest.mark.django_db


def group_data(side, **changes):
    data = {
        "title": "Thursday WRAP",
        "kind": "self_help",
        "audience": "everyone",
        "is_public": "on",
        "region": side.region.pk,
        "venue": side.venue.pk,
        "pattern": "every_other_week",
        "weekdays": ["3"],
        "first_date": "2026-03-02",
        "start_time": "18:00",
        "end_time": "19:30",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def preview_dates(response):
    return [occurrence.start.date() for occurrence in response.context["preview"]]


def test_preview_lists_the_next_dates_and_saves_nothing(coordinator_client, east):
    count = Group.objects.count()
    response = coordinator_client.post("/manage/groups/new/", {**group_data(east), "preview": 1})
    assert response.status_code == 200
    assert preview_dates(response) == [
        dt.date(2026, 3, 5) + dt.timedelta(weeks=2 * n) for n in range(8)
    ]
    assert response.context["schedule_words"] == "Every other Thursday, 6:00 to 7:30 pm"
    assert Group.objects.count() == count


def test_creating_a_group_saves_it_and_publishes_it(coordinator_client, east):
    response = coordinator_client.post("/manage/groups/new/", group_data(east))
    group = Group.objects.get(title="Thursday WRAP")
    assert response["Location"] == f"/manage/groups/{group.slug}/"
    assert (group.slug, group.start_date, group.duration_minutes, group.timezone) == (
        "thursday-wrap",
        dt.date(2026, 3, 5),
        90,
        "America/New_York",
    )
    assert group.recurrences.rrules[0].to_dateutil_rrule().__str__().split("\n")[1] == (
        "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH"
    )
    clear_caches()
    assert coordinator_client.get("/groups/thursday-wrap/").status_code == 200
    feed = coordinator_client.get("/groups/thursday-wrap/calendar.ics").content.decode()
    assert "RRULE:FREQ=WEEKLY;INTERVAL=2;BYDAY=TH" in feed


def test_a_second_submission_of_the_same_group_gets_its_own_slug(coordinator_client, east):
    coordinator_client.post("/manage/groups/new/", group_data(east))
    # The second is at the same time and place: saved once the clash is confirmed.
    coordinator_client.post("/manage/groups/new/", group_data(east, confirm_clash="on"))
    assert list(
        Group.objects.filter(title="Thursday WRAP").order_by("pk").values_list("slug", flat=True)
    ) == ["thursday-wrap", "thursday-wrap-2"]


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"title": ""}, "title", "This field is required."),
        ({"weekdays": None}, "weekdays", "Choose the day or days it meets."),
        ({"first_date": "2026-02-30"}, "first_date", "Enter a valid date."),
        ({"start_time": "25:00"}, "start_time", "Enter a valid time."),
        ({"end_time": "17:00"}, "end_time", "The end time must be after the start time."),
        (
            {"end_date": "2026-03-01"},
            "end_date",
            "The last date is before the first session (Thursday 5 March 2026).",
        ),
        (
            {"pattern": "monthly", "weeks_of_month": None},
            "weeks_of_month",
            "Choose which weeks of the month, like 2nd and 4th.",
        ),
        ({"pattern": "dates", "dates": ""}, "dates", "Give at least one date."),
        (
            {"pattern": "dates", "dates": "2026-03-12\n12/03/2026"},
            "dates",
            "Write each date as year-month-day, like 2026-12-24; these are not: 12/03/2026.",
        ),
        (
            {
                "pattern": "monthly",
                "weeks_of_month": ["5"],
                "weekdays": ["0"],
                "first_date": "2026-04-01",
                "end_date": "2026-06-01",
            },
            "end_date",
            "This schedule has no dates between 1 April 2026 and 1 June 2026: the first would "
            "be Monday 29 June 2026.",
        ),
        (
            {"region": "999"},
            "region",
            "Select a valid choice. That choice is not one of the available choices.",
        ),
    ],
)
def test_bad_input_is_shown_beside_its_field_and_saves_nothing(
    coordinator_client, east, changes, field, message
):
    count = Group.objects.count()
    response = coordinator_client.post("/manage/groups/new/", group_data(east, **changes))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Group.objects.count() == count


@pytest.mark.parametrize(
    ("changes", "dates"),
    [
        (
            {"pattern": "weekly", "weekdays": ["0", "2"]},
            [dt.date(2026, 3, 2), dt.date(2026, 3, 4), dt.date(2026, 3, 9)],
        ),
        (
            {"pattern": "monthly", "weeks_of_month": ["2", "4"], "weekdays": ["1"]},
            [dt.date(2026, 3, 10), dt.date(2026, 3, 24), dt.date(2026, 4, 14)],
        ),
        (
            {"pattern": "monthly", "weeks_of_month": ["-1"], "weekdays": ["5"]},
            [dt.date(2026, 3, 28), dt.date(2026, 4, 25), dt.date(2026, 5, 30)],
        ),
        (
            {"pattern": "monthly", "weeks_of_month": ["5"], "weekdays": ["0"]},
            [dt.date(2026, 3, 30), dt.date(2026, 6, 29), dt.date(2026, 8, 31)],
        ),
        # From a Friday, every other Thursday starts on the very next Thursday, then fortnightly.
        (
            {"pattern": "every_other_week", "weekdays": ["3"], "first_date": "2026-02-27"},
            [dt.date(2026, 3, 5), dt.date(2026, 3, 19), dt.date(2026, 4, 2)],
        ),
        (
            {"pattern": "every_other_week", "weekdays": ["0", "3"], "first_date": "2026-03-04"},
            [dt.date(2026, 3, 5), dt.date(2026, 3, 16), dt.date(2026, 3, 19), dt.date(2026, 3, 30)],
        ),
        (
            {"pattern": "dates", "dates": "2026-03-20, 2026-03-12"},
            [dt.date(2026, 3, 12), dt.date(2026, 3, 20)],
        ),
    ],
)
def test_every_pattern_previews_its_dates(coordinator_client, east, changes, dates):
    response = coordinator_client.post(
        "/manage/groups/new/", {**group_data(east, **changes), "preview": 1}
    )
    assert preview_dates(response)[: len(dates)] == dates


def test_a_six_pm_group_stays_at_six_pm_across_the_spring_change(coordinator_client, east):
    response = coordinator_client.post(
        "/manage/groups/new/", {**group_data(east, pattern="weekly", weekdays=["5"]), "preview": 1}
    )
    starts = [occ.start for occ in response.context["preview"][:3]]
    assert [(s.date(), s.hour, s.utcoffset()) for s in starts] == [
        (dt.date(2026, 3, 7), 18, dt.timedelta(hours=-5)),
        (dt.date(2026, 3, 14), 18, dt.timedelta(hours=-4)),
        (dt.date(2026, 3, 21), 18, dt.timedelta(hours=-4)),
    ]


def test_the_edit_form_reads_the_groups_schedule_back(coordinator_client, east):
    form = coordinator_client.get(f"/manage/groups/{east.group.slug}/").context["form"]
    assert (
        form.initial["pattern"],
        form.initial["weekdays"],
        form.initial["first_date"],
        form.initial["end_time"],
    ) == ("weekly", [1], dt.date(2026, 1, 6), dt.time(19, 30))


def edit_data(client, group, **changes):
    form = client.get(f"/manage/groups/{group.slug}/").context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.initial.get(name, field.initial)
        if value is None or value is False:
            continue
        if hasattr(value, "pk"):
            value = value.pk
        if isinstance(value, list | tuple):
            value = [getattr(v, "pk", v) for v in value]
        if value is True:
            value = "on"
        data[name] = value
    data.update({"region": group.region_id, "venue": group.venue_id})
    data.update(changes)
    return data


def test_editing_a_group_keeps_its_cancellations_and_moves_feeds_at_once(coordinator_client, east):
    group = east.group
    feed_before = coordinator_client.get(f"/groups/{group.slug}/calendar.ics").content
    response = coordinator_client.post(
        f"/manage/groups/{group.slug}/",
        edit_data(coordinator_client, group, start_time="18:30", end_time="20:00"),
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert (group.start_time, group.duration_minutes, group.version) == (dt.time(18, 30), 90, 1)
    feed_after = coordinator_client.get(f"/groups/{group.slug}/calendar.ics").content
    assert b"T183000" in feed_after
    assert feed_after != feed_before


def test_a_save_from_a_stale_form_is_refused_and_the_first_change_kept(coordinator_client, east):
    group = east.group
    stale = edit_data(coordinator_client, group, title="Renamed by me")
    group_update(group=Group.objects.get(pk=group.pk), expected_version=0, title="Renamed first")
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", stale)
    assert response.status_code == 200
    assert response.context["conflict"].startswith("Someone else changed this group")
    assert Group.objects.get(pk=group.pk).title == "Renamed first"
    assert response.context["form"].initial["title"] == "Renamed first"


@pytest.mark.parametrize("version", [None, "", "first", "-1"])
def test_a_save_without_the_forms_version_is_refused_and_changes_nothing(
    coordinator_client, east, version
):
    group = east.group
    data = edit_data(coordinator_client, group, title="Renamed without a version", version=version)
    data = {name: value for name, value in data.items() if value is not None}
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 200
    assert response.context["conflict"] == (
        "This form came back without the version of the group it was opened on, so PeerHub "
        "cannot tell whether someone else changed the group since. Your changes are not saved: "
        "look at the group as it is now and make your changes again."
    )
    assert Group.objects.values_list("title", "version").get(pk=group.pk) == (group.title, 0)
    assert response.context["form"].initial["version"] == 0


@pytest.mark.parametrize("status", ["paused", "ended", "archived", "active"])
def test_status_changes_take_the_group_off_or_back_on_the_public_calendar(
    coordinator_client, east, status
):
    response = coordinator_client.post(
        f"/manage/groups/{east.group.slug}/status/", {"status": status}
    )
    assert response.status_code == 302
    assert Group.objects.get(pk=east.group.pk).status == status
    public = coordinator_client.get(f"/groups/{east.group.slug}/").status_code
    assert public == (200 if status == "active" else 404)


def test_an_unknown_status_is_refused(coordinator_client, east):
    coordinator_client.post(f"/manage/groups/{east.group.slug}/status/", {"status": "deleted"})
    assert Group.objects.get(pk=east.group.pk).status == "active"


def test_archived_groups_leave_the_list_but_keep_their_history(
    coordinator_client, east, move_clock
):
    move_clock(1)
    coordinator_client.post(f"/manage/groups/{east.group.slug}/status/", {"status": "archived"})
    titles = [g.title for g, _ in coordinator_client.get("/manage/groups/").context["rows"]]
    assert titles == ["Metro Boston Inpatient Group"]
    archived = coordinator_client.get("/manage/groups/", {"status": "archived"}).context["rows"]
    assert [g.title for g, _ in archived] == ["Metro Boston Hearing Voices"]
    page = coordinator_client.get(f"/manage/groups/{east.group.slug}/")
    assert page.context["history"][0].what == "Changed status from active to archived"


def test_still_running_confirms_the_group_today(coordinator_client, east):
    coordinator_client.post(f"/manage/groups/{east.group.slug}/confirm/")
    east.group.refresh_from_db()
    assert east.group.last_confirmed_on == dt.date(2026, 2, 28)
    page = coordinator_client.get(f"/groups/{east.group.slug}/").content.decode()
    assert "Last confirmed as running on 28 February 2026." in page


def test_the_group_page_lists_its_coming_sessions(coordinator_client, east):
    sessions = coordinator_client.get(f"/manage/groups/{east.group.slug}/").context["sessions"]
    assert [occ.original_date for occ in sessions][:2] == [TUESDAY, TUESDAY + dt.timedelta(7)]
