"""The sessions a clock change touches (groups/clock_changes.py), against looking at every day.

``touched_sessions`` resolves only the sessions near a change's skipped or repeated hour; this
checks it finds exactly what resolving every session of the years around the changes finds.
"""

import datetime as dt

import pytest
from recurrence import DAILY, Rule

from groups.clock_changes import DAY, TouchedSession, clock_changes, how_touched, touched_sessions
from groups.occurrences import Schedule

FIRST, LAST = dt.date(2025, 1, 1), dt.date(2027, 12, 31)
ZONES = [
    "America/New_York",  # 2 am, an hour, in spring and autumn
    "Europe/London",  # 1 am
    "Australia/Sydney",  # the other way round in the year
    "Australia/Lord_Howe",  # half an hour
    "America/Havana",  # at midnight (from 0:00 to 1:00, and back from 1:00)
]
TIMES = [dt.time(h, m) for h in (0, 1, 2, 3, 22, 23) for m in (0, 15, 30, 45)]
LENGTHS = [dt.timedelta(minutes=minutes) for minutes in (30, 60, 90, 180, 300)]


def every_day(schedule: Schedule) -> list[TouchedSession]:
    """Every session resolved; each with the first change whose days it falls in."""
    zone, found = schedule.timezone, []
    day = FIRST
    while day <= LAST:
        how = how_touched(schedule, day)
        if how is not None and schedule.meets_on(day):
            occurrence = schedule.occurrence(day)
            change = next(
                change
                for change in clock_changes(zone, FIRST - DAY, LAST + DAY * 2)
                if (change.at + change.before - schedule.duration - DAY).date()
                <= day
                <= change.local_day
            )
            found.append(TouchedSession(day, change, occurrence.start, occurrence.end, how))
        day += DAY
    return found


@pytest.mark.parametrize("zone", ZONES)
def test_only_the_sessions_near_a_change_are_resolved_and_none_is_missed(zone):
    for start_time in TIMES:
        for duration in LENGTHS:
            schedule = Schedule(
                start_date=FIRST,
                start_time=start_time,
                duration=duration,
                timezone=zone,
                rrules=(Rule(DAILY),),
            )
            expected = every_day(schedule)
            assert touched_sessions(schedule, FIRST, LAST) == expected, (start_time, duration)
            if start_time in (dt.time(22, 0), dt.time(3, 30)) and duration <= LENGTHS[1]:
                assert expected == [], (zone, start_time, duration)
