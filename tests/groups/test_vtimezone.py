"""VTIMEZONE components agree with zoneinfo, read back by an independent parser."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from groups.vtimezone import vtimezone

ZONES = [
    "America/New_York",
    "America/Los_Angeles",
    "Europe/London",
    "Europe/Berlin",
    "Australia/Sydney",
    "Australia/Lord_Howe",  # a 30-minute daylight saving shift
    "America/Sao_Paulo",  # daylight saving abolished in 2019
    "America/Santiago",
    "Asia/Tehran",  # daylight saving abolished in 2022
    "Asia/Tokyo",  # never changes
    "Africa/Casablanca",  # changes around Ramadan, not on a weekday rule
    "Pacific/Auckland",
]


def parsed(tzid, first, last):
    """Our VTIMEZONE, serialised and parsed back into a tzinfo by icalendar (dateutil)."""
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + vtimezone(tzid, first, last).to_ical()
    text += b"END:VCALENDAR\r\n"
    [component] = Calendar.from_ical(text).walk("VTIMEZONE")
    return component.to_tz(), text.decode()


@pytest.mark.parametrize("tzid", ZONES)
def test_vtimezone_gives_zoneinfo_offsets_every_few_hours(tzid):
    first, last = dt.date(2017, 1, 1), dt.date(2027, 12, 31)
    theirs, _ = parsed(tzid, first, last)
    ours = ZoneInfo(tzid)
    moment = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
    mismatches = []
    while moment < dt.datetime(2028, 1, 1, tzinfo=dt.UTC):
        if moment.astimezone(theirs).utcoffset() != moment.astimezone(ours).utcoffset():
            mismatches.append(moment)
        moment += dt.timedelta(hours=5)
    assert mismatches == []


def test_vtimezone_for_new_york_is_rrule_style():
    _, text = parsed("America/New_York", dt.date(2026, 1, 6), dt.date(2026, 12, 31))
    assert text.replace("\r\n", "\n") == (
        "BEGIN:VCALENDAR\nVERSION:2.0\n"
        "BEGIN:VTIMEZONE\nTZID:America/New_York\n"
        "BEGIN:STANDARD\nDTSTART:20250101T000000\nTZNAME:EST\n"
        "TZOFFSETFROM:-0500\nTZOFFSETTO:-0500\nEND:STANDARD\n"
        "BEGIN:DAYLIGHT\nDTSTART:20250309T020000\nRRULE:FREQ=YEARLY;BYDAY=2SU;BYMONTH=3\n"
        "TZNAME:EDT\nTZOFFSETFROM:-0500\nTZOFFSETTO:-0400\nEND:DAYLIGHT\n"
        "BEGIN:STANDARD\nDTSTART:20251102T020000\nRRULE:FREQ=YEARLY;BYDAY=1SU;BYMONTH=11\n"
        "TZNAME:EST\nTZOFFSETFROM:-0400\nTZOFFSETTO:-0500\nEND:STANDARD\n"
        "END:VTIMEZONE\nEND:VCALENDAR\n"
    )


def test_vtimezone_ends_a_rule_that_was_abolished():
    _, text = parsed("America/Sao_Paulo", dt.date(2017, 1, 1), dt.date(2026, 12, 31))
    assert "RRULE" in text
    rules = [line for line in text.splitlines() if line.startswith("RRULE")]
    assert all("UNTIL=" in rule for rule in rules)
