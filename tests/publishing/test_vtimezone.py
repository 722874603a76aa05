"""VTIMEZONE components agree with zoneinfo, read back by an independent parser."""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from icalendar import Calendar

from publishing.vtimezone import transitions, vtimezone, vtimezone_ical

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
    """Our VTIMEZONE, serialised and parsed back into a tzinfo by icalendar.

    The TZID is renamed first: given a name it knows, icalendar would hand back zoneinfo's own
    zone and the comparison would prove nothing.
    """
    text = b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n" + vtimezone(tzid, first, last).to_ical()
    text += b"END:VCALENDAR\r\n"
    # icalendar caches parsed zones by TZID, so each parse gets a name of its own.
    renamed = text.replace(f"TZID:{tzid}".encode(), f"TZID:Test {uuid.uuid4()}".encode())
    [component] = Calendar.from_ical(renamed).walk("VTIMEZONE")
    tz = component.to_tz()
    assert not isinstance(tz, ZoneInfo)
    return tz, text.decode()


# dateutil, the parser here, reads an observance's DTSTART in the offset *after* the change
# when daylight time is behind standard time (Morocco's Ramadan hour), one hour off RFC 5545's
# "offset before"; only the instants within an hour of those changes are left out of the check.
NEGATIVE_DST = {"Africa/Casablanca"}


@pytest.mark.parametrize("tzid", ZONES)
def test_vtimezone_gives_zoneinfo_offsets_every_few_hours(tzid):
    first, last = dt.date(2017, 1, 1), dt.date(2027, 12, 31)
    theirs, _ = parsed(tzid, first, last)
    ours = ZoneInfo(tzid)
    changes = [change.at for change in transitions(tzid, 2016, 2028)]
    moment = dt.datetime(2017, 1, 1, tzinfo=dt.UTC)
    mismatches = []
    while moment < dt.datetime(2028, 1, 1, tzinfo=dt.UTC):
        near_change = any(abs(moment - at) <= dt.timedelta(hours=1) for at in changes)
        if not (tzid in NEGATIVE_DST and near_change) and (
            moment.astimezone(theirs).utcoffset() != moment.astimezone(ours).utcoffset()
        ):
            mismatches.append(moment)
        moment += dt.timedelta(hours=5)
    assert mismatches == []


@pytest.mark.parametrize("tzid", sorted(set(ZONES) - NEGATIVE_DST))
def test_vtimezone_changes_offset_at_the_right_hour(tzid):
    theirs, _ = parsed(tzid, dt.date(2019, 1, 1), dt.date(2027, 12, 31))
    ours = ZoneInfo(tzid)
    checked = [
        change.at + dt.timedelta(minutes=minutes)
        for change in transitions(tzid, 2019, 2027)
        for minutes in (-90, -30, -1, 0, 1, 30, 90)
    ]
    assert [moment.astimezone(theirs).utcoffset() for moment in checked] == [
        moment.astimezone(ours).utcoffset() for moment in checked
    ]


def test_vtimezone_writes_no_rule_for_changes_that_follow_no_weekday_rule():
    _, text = parsed("Africa/Casablanca", dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert [line for line in text.splitlines() if line.startswith("RRULE")] == []


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


def changes_hour_by_hour(tzid: str, first_year: int, last_year: int) -> list[tuple]:
    """Independently of the module: each hour (first, last] in which the zone's offset or
    name changes, with the offset after it, read hour by hour from zoneinfo."""
    tz = ZoneInfo(tzid)
    found = []
    moment = dt.datetime(first_year, 1, 1, tzinfo=dt.UTC)
    before = moment.astimezone(tz)
    while moment < dt.datetime(last_year + 1, 1, 1, tzinfo=dt.UTC):
        step = moment + dt.timedelta(hours=1)
        after = step.astimezone(tz)
        if (before.utcoffset(), before.tzname()) != (after.utcoffset(), after.tzname()):
            found.append((moment, step, after.utcoffset()))
        moment, before = step, after
    return found


@pytest.mark.parametrize("tzid", ZONES)
def test_a_span_of_years_has_every_change_once_whatever_the_years_it_is_read_in(tzid):
    """Changes are read (and kept) a year at a time; a span of years has each one, once, in
    its hour and with its new offset, including those near a new year (Lord Howe, Auckland,
    Sydney change near one in UTC)."""
    found = transitions(tzid, 2016, 2028)
    reference = changes_hour_by_hour(tzid, 2016, 2028)
    assert len(found) == len(reference)
    assert [
        (low < change.at <= high, change.offset_to)
        for change, (low, high, _) in zip(found, reference, strict=True)
    ] == [(True, offset) for _, _, offset in reference]


@pytest.mark.parametrize(
    ("first", "last"),
    [
        (dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
        (dt.date(2026, 3, 8), dt.date(2027, 11, 7)),
        (dt.date(2024, 2, 29), dt.date(2031, 1, 1)),
    ],
)
def test_the_vtimezone_text_kept_is_what_is_written_for_every_date_of_its_years(first, last):
    for tzid in ("America/New_York", "Australia/Lord_Howe"):
        assert vtimezone_ical(tzid, first, last) == vtimezone(tzid, first, last).to_ical()
        # Another day of the same years: the same text.
        assert vtimezone_ical(tzid, first.replace(day=1), last.replace(day=1)) == (
            vtimezone(tzid, first, last).to_ical()
        )
