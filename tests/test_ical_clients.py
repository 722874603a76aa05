"""The feed-checking harness itself: both calendar clients on handwritten RFC 5545 text.

Each case asserts the exact occurrences for recurring-ical-events and for ical.js, so
the two clients are shown to agree. The ical.js cases are skipped, with the reason
naming what is missing, where node or the npm package is not installed.
"""

import json
import subprocess
from datetime import UTC, datetime

import icalendar
import pytest

from tests import ical_clients
from tests.ical_clients import (
    expand_with_icaljs,
    expand_with_recurring_ical_events,
    icaljs_available,
)

CLIENTS = ["recurring_ical_events", "ical.js"]

NEW_YORK = [
    "BEGIN:VTIMEZONE",
    "TZID:America/New_York",
    "BEGIN:STANDARD",
    "DTSTART:19701101T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=11;BYDAY=1SU",
    "TZOFFSETFROM:-0400",
    "TZOFFSETTO:-0500",
    "TZNAME:EST",
    "END:STANDARD",
    "BEGIN:DAYLIGHT",
    "DTSTART:19700308T020000",
    "RRULE:FREQ=YEARLY;BYMONTH=3;BYDAY=2SU",
    "TZOFFSETFROM:-0500",
    "TZOFFSETTO:-0400",
    "TZNAME:EDT",
    "END:DAYLIGHT",
    "END:VTIMEZONE",
]


def calendar(*events: list[str]) -> bytes:
    """A VCALENDAR with the New York VTIMEZONE and the given VEVENTs, CRLF line ends."""
    lines = ["BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:-//PeerHub//harness tests//EN"]
    lines += NEW_YORK
    for event in events:
        lines += ["BEGIN:VEVENT", "DTSTAMP:20251201T000000Z", *event, "END:VEVENT"]
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode("utf-8")


def utc(*args: int) -> datetime:
    return datetime(*args, tzinfo=UTC)


def occurrence(uid: str, recurrence_id: str, start: str, end: str) -> dict:
    return {"uid": uid, "recurrence_id": recurrence_id, "start": start, "end": end}


def unchanged(uid: str, start: str, end: str) -> dict:
    return occurrence(uid, start, start, end)


def skip_unless_icaljs() -> None:
    reason = icaljs_available()
    if reason is not None:
        pytest.skip(reason)


def expand(client: str, ics: bytes, start: datetime, end: datetime) -> list[dict]:
    if client == "ical.js":
        skip_unless_icaljs()
        return expand_with_icaljs(ics, start, end)
    return expand_with_recurring_ical_events(ics, start, end)


# --- A weekly series with an EXDATE and a moved session, across the March DST change ---

WEEKLY_UID = "weekly-hearing-voices@peerhub.test"
WEEKLY = calendar(
    [
        f"UID:{WEEKLY_UID}",
        "SUMMARY:Hearing Voices",
        "DTSTART;TZID=America/New_York:20260106T180000",
        "DTEND;TZID=America/New_York:20260106T193000",
        "RRULE:FREQ=WEEKLY;BYDAY=TU",
        "EXDATE;TZID=America/New_York:20260113T180000",
    ],
    [
        f"UID:{WEEKLY_UID}",
        "SUMMARY:Hearing Voices (moved to Wednesday)",
        "RECURRENCE-ID;TZID=America/New_York:20260120T180000",
        "DTSTART;TZID=America/New_York:20260121T190000",
        "DTEND;TZID=America/New_York:20260121T203000",
    ],
)
WEEKLY_EXPECTED = [
    # 18:00 EST (UTC-5) is 23:00Z.
    unchanged(WEEKLY_UID, "2026-01-06T23:00:00Z", "2026-01-07T00:30:00Z"),
    # 13 Jan is in EXDATE. 20 Jan moved to Wednesday 19:00 EST, which is 00:00Z on 22 Jan.
    occurrence(WEEKLY_UID, "2026-01-20T23:00:00Z", "2026-01-22T00:00:00Z", "2026-01-22T01:30:00Z"),
    unchanged(WEEKLY_UID, "2026-01-27T23:00:00Z", "2026-01-28T00:30:00Z"),
    unchanged(WEEKLY_UID, "2026-02-03T23:00:00Z", "2026-02-04T00:30:00Z"),
    unchanged(WEEKLY_UID, "2026-02-10T23:00:00Z", "2026-02-11T00:30:00Z"),
    unchanged(WEEKLY_UID, "2026-02-17T23:00:00Z", "2026-02-18T00:30:00Z"),
    unchanged(WEEKLY_UID, "2026-02-24T23:00:00Z", "2026-02-25T00:30:00Z"),
    unchanged(WEEKLY_UID, "2026-03-03T23:00:00Z", "2026-03-04T00:30:00Z"),
    # Daylight time from 8 March: 18:00 EDT (UTC-4) is 22:00Z.
    unchanged(WEEKLY_UID, "2026-03-10T22:00:00Z", "2026-03-10T23:30:00Z"),
    unchanged(WEEKLY_UID, "2026-03-17T22:00:00Z", "2026-03-17T23:30:00Z"),
]


@pytest.mark.parametrize("client", CLIENTS)
def test_weekly_series_with_exdate_override_and_dst(client):
    assert expand(client, WEEKLY, utc(2026, 1, 1), utc(2026, 3, 20)) == WEEKLY_EXPECTED


def test_both_clients_agree_on_the_weekly_series():
    skip_unless_icaljs()
    window = (utc(2026, 1, 1), utc(2026, 3, 20))
    from_python = expand_with_recurring_ical_events(WEEKLY, *window)
    from_javascript = expand_with_icaljs(WEEKLY, *window)
    assert from_python == from_javascript == WEEKLY_EXPECTED


@pytest.mark.parametrize("client", CLIENTS)
def test_window_is_half_open_on_occurrence_starts(client):
    # Starts at the window start are in; at the window end, out; one that began
    # before the window (6 Jan, until 7 Jan 00:30Z) is out although it overlaps it.
    assert expand(client, WEEKLY, utc(2026, 1, 7), utc(2026, 1, 27, 23)) == WEEKLY_EXPECTED[1:2]
    assert expand(client, WEEKLY, utc(2026, 1, 6, 23), utc(2026, 1, 7)) == WEEKLY_EXPECTED[:1]


# --- One-off events ---

ONE_OFF = calendar(
    [
        "UID:winter-open-house@peerhub.test",
        "DTSTART;VALUE=DATE-TIME;TZID=America/New_York:20260212T173000",
        "DTEND;VALUE=DATE-TIME;TZID=America/New_York:20260212T190000",
    ],
    [
        "UID:summer-picnic@peerhub.test",
        "DTSTART;VALUE=DATE-TIME;TZID=America/New_York:20260715T173000",
        "DURATION:PT2H",
    ],
    [
        "UID:last-year@peerhub.test",
        "DTSTART;TZID=America/New_York:20251215T173000",
        "DTEND;TZID=America/New_York:20251215T190000",
    ],
)


@pytest.mark.parametrize("client", CLIENTS)
def test_one_off_events_with_value_date_time_and_tzid(client):
    assert expand(client, ONE_OFF, utc(2026, 1, 1), utc(2027, 1, 1)) == [
        # A non-recurring event reports its DTSTART as its recurrence_id.
        unchanged("winter-open-house@peerhub.test", "2026-02-12T22:30:00Z", "2026-02-13T00:00:00Z"),
        unchanged("summer-picnic@peerhub.test", "2026-07-15T21:30:00Z", "2026-07-15T23:30:00Z"),
    ]


# --- Monthly rules and UNTIL in UTC ---

MONTHLY = calendar(
    [
        "UID:second-and-fourth-tuesday@peerhub.test",
        "DTSTART;TZID=America/New_York:20260113T180000",
        "DTEND;TZID=America/New_York:20260113T193000",
        # UNTIL is exactly the 10 March start (18:00 EDT): inclusive, so that one is in.
        "RRULE:FREQ=MONTHLY;BYDAY=2TU,4TU;UNTIL=20260310T220000Z",
    ],
    [
        "UID:last-friday@peerhub.test",
        "DTSTART;TZID=America/New_York:20260130T100000",
        "DTEND;TZID=America/New_York:20260130T113000",
        # One second before the 27 March start (10:00 EDT = 14:00Z), so that one is out.
        "RRULE:FREQ=MONTHLY;BYDAY=-1FR;UNTIL=20260327T135959Z",
    ],
)


@pytest.mark.parametrize("client", CLIENTS)
def test_monthly_nth_weekday_rules_with_until_in_utc(client):
    tuesdays = "second-and-fourth-tuesday@peerhub.test"
    fridays = "last-friday@peerhub.test"
    assert expand(client, MONTHLY, utc(2026, 1, 1), utc(2026, 6, 1)) == [
        unchanged(tuesdays, "2026-01-13T23:00:00Z", "2026-01-14T00:30:00Z"),
        unchanged(tuesdays, "2026-01-27T23:00:00Z", "2026-01-28T00:30:00Z"),
        unchanged(fridays, "2026-01-30T15:00:00Z", "2026-01-30T16:30:00Z"),
        unchanged(tuesdays, "2026-02-10T23:00:00Z", "2026-02-11T00:30:00Z"),
        unchanged(tuesdays, "2026-02-24T23:00:00Z", "2026-02-25T00:30:00Z"),
        unchanged(fridays, "2026-02-27T15:00:00Z", "2026-02-27T16:30:00Z"),
        unchanged(tuesdays, "2026-03-10T22:00:00Z", "2026-03-10T23:30:00Z"),
    ]


# --- Overrides: cancelled, moved into the window, and kept to their own UID ---

OVERRIDES = calendar(
    [
        "UID:series-a@peerhub.test",
        "DTSTART;TZID=America/New_York:20260105T120000",
        "DTEND;TZID=America/New_York:20260105T130000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
    ],
    [
        "UID:series-b@peerhub.test",
        "DTSTART;TZID=America/New_York:20260105T120000",
        "DTEND;TZID=America/New_York:20260105T130000",
        "RRULE:FREQ=WEEKLY;COUNT=4",
    ],
    [
        # Cancels series B on 12 January; series A that day stays.
        "UID:series-b@peerhub.test",
        "RECURRENCE-ID;TZID=America/New_York:20260112T120000",
        "DTSTART;TZID=America/New_York:20260112T120000",
        "DTEND;TZID=America/New_York:20260112T130000",
        "STATUS:CANCELLED",
    ],
    [
        # Moves series B's 26 January session (after the window) to 16 January (inside it).
        "UID:series-b@peerhub.test",
        "RECURRENCE-ID;TZID=America/New_York:20260126T120000",
        "DTSTART;TZID=America/New_York:20260116T150000",
        "DTEND;TZID=America/New_York:20260116T160000",
    ],
    [
        "UID:cancelled-one-off@peerhub.test",
        "DTSTART;TZID=America/New_York:20260110T120000",
        "DTEND;TZID=America/New_York:20260110T130000",
        "STATUS:CANCELLED",
    ],
)


@pytest.mark.parametrize("client", CLIENTS)
def test_overrides_cancel_and_move_only_their_own_series(client):
    series_a = "series-a@peerhub.test"
    series_b = "series-b@peerhub.test"
    assert expand(client, OVERRIDES, utc(2026, 1, 1), utc(2026, 1, 17)) == [
        unchanged(series_a, "2026-01-05T17:00:00Z", "2026-01-05T18:00:00Z"),
        unchanged(series_b, "2026-01-05T17:00:00Z", "2026-01-05T18:00:00Z"),
        unchanged(series_a, "2026-01-12T17:00:00Z", "2026-01-12T18:00:00Z"),
        occurrence(
            series_b, "2026-01-26T17:00:00Z", "2026-01-16T20:00:00Z", "2026-01-16T21:00:00Z"
        ),
    ]


# --- Escaped text and non-ASCII ---

TEXT_UID = "grüße-日本-café@peerhub.test"
SUMMARY = 'Peer support, recovery; "hope" \\ Café – Ünïcödé 日本語'
DESCRIPTION = "First line\nSecond line, with a comma; a semicolon\nand a backslash \\ at the end"
TEXT = calendar(
    [
        f"UID:{TEXT_UID}",
        'SUMMARY:Peer support\\, recovery\\; "hope" \\\\ Café – Ünïcödé 日本語',
        "DESCRIPTION:First line\\nSecond line\\, with a comma\\; a semicolon\\nand a ba",
        " ckslash \\\\ at the end",
        "LOCATION:Room 2\\, Main St. 1\\; Springfield",
        "DTSTART;TZID=America/New_York:20260304T180000",
        "DTEND;TZID=America/New_York:20260304T190000",
    ]
)


@pytest.mark.parametrize("client", CLIENTS)
def test_escaped_and_non_ascii_text_parses(client):
    assert expand(client, TEXT, utc(2026, 3, 1), utc(2026, 4, 1)) == [
        unchanged(TEXT_UID, "2026-03-04T23:00:00Z", "2026-03-05T00:00:00Z")
    ]


def test_escaped_text_decodes_the_same_in_both_clients():
    expected = [TEXT_UID, SUMMARY, DESCRIPTION, "Room 2, Main St. 1; Springfield"]
    event = icalendar.Calendar.from_ical(TEXT).walk("VEVENT")[0]
    assert [str(event[name]) for name in ("UID", "SUMMARY", "DESCRIPTION", "LOCATION")] == expected

    skip_unless_icaljs()
    script = (
        "import ICAL from 'ical.js';"
        "const chunks = []; for await (const chunk of process.stdin) chunks.push(chunk);"
        "const text = Buffer.concat(chunks).toString('utf8');"
        "const event = new ICAL.Component(ICAL.parse(text)).getFirstSubcomponent('vevent');"
        "console.log(JSON.stringify("
        "['uid', 'summary', 'description', 'location'].map((n) => event.getFirstPropertyValue(n))"
        "));"
    )
    completed = subprocess.run(
        ["node", "--input-type=module", "-e", script],
        input=TEXT,
        capture_output=True,
        cwd=ical_clients.CLIENTS_DIR,
        timeout=ical_clients.NODE_TIMEOUT_SECONDS,
        check=True,
    )
    assert json.loads(completed.stdout) == expected


# --- The helpers themselves ---


def test_icaljs_available_names_a_missing_node(monkeypatch):
    monkeypatch.setattr(ical_clients.shutil, "which", lambda name: None)
    assert icaljs_available() == "node is not installed"


def test_icaljs_available_names_a_missing_package(monkeypatch, tmp_path):
    monkeypatch.setattr(ical_clients.shutil, "which", lambda name: "/usr/bin/node")
    monkeypatch.setattr(ical_clients, "CLIENTS_DIR", tmp_path)
    assert icaljs_available() == "ical.js is not installed: run npm ci in tests/clients"


def test_expand_with_icaljs_reports_a_failing_node_run():
    skip_unless_icaljs()
    with pytest.raises(RuntimeError, match=r"expand\.mjs exited with status 1"):
        expand_with_icaljs(b"this is not a calendar", utc(2026, 1, 1), utc(2026, 2, 1))


def test_window_bounds_must_be_aware():
    with pytest.raises(ValueError, match="timezone-aware"):
        expand_with_recurring_ical_events(WEEKLY, datetime(2026, 1, 1), utc(2026, 2, 1))
