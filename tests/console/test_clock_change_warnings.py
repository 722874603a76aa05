"""A coordinator is told what happens to a session that starts in the hour the clocks skip or
repeat (``groups/clock_changes.py``), on the group's console page after saving it."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from recurrence import WEEKLY, Recurrence, Rule

from groups import services
from groups.clock_changes import start_warnings, touched_sessions
from groups.models import Group
from groups.occurrences import Schedule
from tests.console.test_groups import group_data

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")
SUNDAYS = (Rule(WEEKLY, byday=[6]),)


def sundays(at: dt.time, minutes: int = 60, first=dt.date(2026, 1, 4)) -> Schedule:
    return Schedule(
        start_date=first,
        start_time=at,
        duration=dt.timedelta(minutes=minutes),
        timezone="America/New_York",
        rrules=SUNDAYS,
    )


def test_the_words_say_what_the_engine_does():
    year = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert start_warnings(sundays(dt.time(2, 30)), *year) == [
        "Clocks go forward on Sunday 8 March 2026: there is no 2:30 am that night; "
        "the session will start at 3:30 am EDT."
    ]
    assert start_warnings(sundays(dt.time(1, 30)), *year) == [
        "Clocks go back on Sunday 1 November 2026: 1:30 am happens twice that night. "
        "The session will start at the first 1:30 am (EDT), not the second (EST)."
    ]
    # The engine agrees: 2:30 is 3:30 EDT, 1:30 the first (EDT).
    spring = sundays(dt.time(2, 30)).occurrence(dt.date(2026, 3, 8)).start
    assert (spring.hour, spring.minute, spring.tzname()) == (3, 30, "EDT")
    fall = sundays(dt.time(1, 30)).occurrence(dt.date(2026, 11, 1)).start
    assert (fall.hour, fall.minute, fall.tzname()) == (1, 30, "EDT")
    # Times the clocks do not touch, and a group that does not meet on the change nights.
    for at in (dt.time(0, 30), dt.time(3), dt.time(18)):
        assert start_warnings(sundays(at), *year) == []
    tuesdays = Schedule(
        start_date=dt.date(2026, 1, 6),
        start_time=dt.time(2, 30),
        duration=dt.timedelta(hours=1),
        timezone="America/New_York",
        rrules=(Rule(WEEKLY, byday=[1]),),
    )
    assert start_warnings(tuesdays, *year) == []


def test_every_way_a_change_touches_a_session():
    days = (dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    found = {
        (at, minutes): [(t.day, t.how) for t in touched_sessions(sundays(at, minutes), *days)]
        for at, minutes in ((dt.time(0, 30), 60), (dt.time(1, 30), 60), (dt.time(0, 30), 240))
    }
    assert found == {
        (dt.time(0, 30), 60): [(dt.date(2026, 11, 1), "ends in the repeated hour")],
        (dt.time(1, 30), 60): [
            (dt.date(2026, 3, 8), "lasts across the change"),
            (dt.date(2026, 11, 1), "starts in the repeated hour"),
        ],
        (dt.time(0, 30), 240): [
            (dt.date(2026, 3, 8), "lasts across the change"),
            (dt.date(2026, 11, 1), "lasts across the change"),
        ],
    }
    # A Saturday night session across the fall change is the Saturday's.
    saturdays = Schedule(
        start_date=dt.date(2026, 1, 3),
        start_time=dt.time(22, 30),
        duration=dt.timedelta(hours=3),
        timezone="America/New_York",
        rrules=(Rule(WEEKLY, byday=[5]),),
    )
    assert [(t.day, t.how) for t in touched_sessions(saturdays, *days)] == [
        (dt.date(2026, 10, 31), "ends in the repeated hour")
    ]


def next_change_nights(today: dt.date) -> dict[str, dt.date]:
    """The next spring and fall change days in New York within a year of ``today``."""
    found = {}
    for n in range(366):
        day = today + dt.timedelta(days=n)
        noon = dt.datetime.combine(day, dt.time(12), tzinfo=NEW_YORK)
        before = (noon - dt.timedelta(days=1)).utcoffset()
        if noon.utcoffset() > before:
            found.setdefault("forward", day)
        elif noon.utcoffset() < before:
            found.setdefault("back", day)
    return found


def test_saving_a_sunday_130_group_shows_the_warning_on_its_page(coordinator_client, east):
    today = timezone.localdate()  # tests.page_clock's
    first = today + dt.timedelta(days=(6 - today.weekday()) % 7 or 7)  # the next Sunday
    data = group_data(
        east,
        pattern="weekly",
        weekdays=["6"],
        first_date=first.isoformat(),
        start_time="01:30",
        end_time="02:30",
    )
    response = coordinator_client.post("/manage/groups/new/", data, follow=True)
    assert response.status_code == 200
    back = next_change_nights(today)["back"]
    assert response.context["clock_warnings"] == [
        f"Clocks go back on {back:%A %-d %B %Y}: 1:30 am happens twice that night. "
        "The session will start at the first 1:30 am (EDT), not the second (EST)."
    ]
    assert response.context["clock_warnings"][0] in response.content.decode()


def test_editing_to_230_shows_the_spring_warning_and_an_evening_time_none(coordinator_client, east):
    today = timezone.localdate()  # tests.page_clock's
    first = today + dt.timedelta(days=(6 - today.weekday()) % 7 or 7)
    group = services.group_create(
        title="Night owls",
        slug="night-owls",
        region=east.region,
        venue=east.venue,
        start_date=first,
        start_time=dt.time(18),
        duration_minutes=60,
        recurrences=Recurrence(rrules=list(SUNDAYS)),
    )
    page = coordinator_client.get(f"/manage/groups/{group.slug}/")
    assert page.context["clock_warnings"] == []
    assert "Clocks go" not in page.content.decode()
    version = page.context["form"]["version"].value()
    response = coordinator_client.post(
        f"/manage/groups/{group.slug}/",
        group_data(
            east,
            title="Night owls",
            pattern="weekly",
            weekdays=["6"],
            first_date=first.isoformat(),
            start_time="02:30",
            end_time="03:30",
            version=version,
        ),
        follow=True,
    )
    assert response.status_code == 200
    assert Group.objects.get(pk=group.pk).start_time == dt.time(2, 30)
    forward = next_change_nights(today)["forward"]
    expected = (
        f"Clocks go forward on {forward:%A %-d %B %Y}: there is no 2:30 am that night; "
        "the session will start at 3:30 am EDT."
    )
    assert response.context["clock_warnings"] == [expected]
    assert expected in response.content.decode()
