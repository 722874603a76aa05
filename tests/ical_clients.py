"""Two independent calendar clients that expand an iCalendar (RFC 5545) feed.

Feed tests expand the same bytes with both and compare:

- ``expand_with_recurring_ical_events``: the Python package ``recurring-ical-events``
  (on ``icalendar``);
- ``expand_with_icaljs``: the npm package ``ical.js``, run by Node through
  ``tests/clients/expand.mjs``. It needs ``node`` and ``npm ci`` in ``tests/clients``;
  ``icaljs_available()`` says why it cannot run, for ``pytest.skip``.

Both return the occurrences whose start lies in ``[start, end)`` as a list of::

    {"uid": ..., "recurrence_id": ..., "start": ..., "end": ...}

sorted by start, then uid. Date-times are UTC ISO strings ending in "Z"
(``"2026-01-06T23:00:00Z"``); an all-day value is ``"2026-01-06"`` and a floating
date-time has no "Z" (both are read as UTC when compared with the window).
``recurrence_id`` is the original start of the occurrence in its series (its
RECURRENCE-ID), and the DTSTART of a non-recurring event. Occurrences whose
(overriding) VEVENT has STATUS:CANCELLED are left out.

How the two clients differ, and what the helpers do about it:

- recurring-ical-events puts a RECURRENCE-ID on every occurrence it returns: the
  override's own one, else the occurrence's DTSTART (so a one-off event gets
  RECURRENCE-ID = DTSTART too). ical.js gives the occurrence time it generated from
  the rule (``getOccurrenceDetails().recurrenceId``). For an occurrence derived from a
  RANGE=THISANDFUTURE override, recurring-ical-events reports that override's
  RECURRENCE-ID rather than the occurrence's own original start.
- recurring-ical-events' ``between()`` returns every occurrence that overlaps the
  window (one starting before it and ending inside counts); ical.js has no window.
  Both helpers keep only the occurrences that start inside it.
- Neither drops STATUS:CANCELLED; both helpers do.
- An override whose RECURRENCE-ID is not an occurrence of its series' rule (invalid
  under RFC 5545) is still returned by recurring-ical-events, never by ical.js. When
  two overrides share a RECURRENCE-ID, recurring-ical-events keeps the higher SEQUENCE,
  ical.js the last one in the file. Both drop an override whose RECURRENCE-ID is in
  EXDATE.
- A TZID without a VTIMEZONE in the calendar: icalendar still resolves IANA names from
  the system's zone database, while ical.js treats the time as floating (no "Z" here).
- recurring-ical-events honours the non-standard X-WR-TIMEZONE; ical.js ignores it.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from datetime import UTC, date, datetime
from pathlib import Path

import icalendar
import recurring_ical_events

REPO_ROOT = Path(__file__).resolve().parent.parent
CLIENTS_DIR = REPO_ROOT / "tests" / "clients"
EXPAND_SCRIPT = CLIENTS_DIR / "expand.mjs"
NODE_TIMEOUT_SECONDS = 60


def _as_utc_instant(value: date | datetime) -> datetime:
    """The instant for comparisons: aware values in UTC, dates and floating ones read as UTC."""
    if not isinstance(value, datetime):
        return datetime(value.year, value.month, value.day, tzinfo=UTC)
    if value.tzinfo is None:
        return value.replace(tzinfo=UTC)
    return value.astimezone(UTC)


def _format(value: date | datetime) -> str:
    if not isinstance(value, datetime):
        return value.isoformat()
    if value.tzinfo is None:
        return value.isoformat(timespec="seconds")
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _window_bound(value: datetime) -> datetime:
    if value.tzinfo is None:
        raise ValueError(f"window bounds must be timezone-aware, got {value!r}")
    return value.astimezone(UTC)


def _sorted(occurrences: list[dict]) -> list[dict]:
    return sorted(occurrences, key=lambda occurrence: (occurrence["start"], occurrence["uid"]))


def expand_with_recurring_ical_events(ics: bytes, start: datetime, end: datetime) -> list[dict]:
    """The occurrences starting in [start, end), as expanded by recurring-ical-events."""
    window_start, window_end = _window_bound(start), _window_bound(end)
    calendar = icalendar.Calendar.from_ical(ics)
    occurrences = []
    for event in recurring_ical_events.of(calendar).between(window_start, window_end):
        if str(event.get("STATUS", "")).upper() == "CANCELLED":
            continue
        event_start = event["DTSTART"].dt
        if not window_start <= _as_utc_instant(event_start) < window_end:
            continue  # overlaps the window but starts before it
        # recurring-ical-events sets RECURRENCE-ID on every occurrence it returns; the
        # fallback to DTSTART only guards against a version that stops doing so.
        recurrence_id = event["RECURRENCE-ID"].dt if "RECURRENCE-ID" in event else event_start
        event_end = event["DTEND"].dt if "DTEND" in event else event_start
        occurrences.append(
            {
                "uid": str(event["UID"]),
                "recurrence_id": _format(recurrence_id),
                "start": _format(event_start),
                "end": _format(event_end),
            }
        )
    return _sorted(occurrences)


def icaljs_available() -> str | None:
    """None when ``expand_with_icaljs`` can run, else the reason (naming what is missing)."""
    if shutil.which("node") is None:
        return "node is not installed"
    if not (CLIENTS_DIR / "node_modules" / "ical.js").is_dir():
        return "ical.js is not installed: run npm ci in tests/clients"
    return None


def expand_with_icaljs(ics: bytes, start: datetime, end: datetime) -> list[dict]:
    """The occurrences starting in [start, end), as expanded by ical.js (under Node)."""
    reason = icaljs_available()
    if reason is not None:
        raise RuntimeError(f"cannot run ical.js: {reason}")
    window = [_format(_window_bound(start)), _format(_window_bound(end))]
    completed = subprocess.run(
        ["node", str(EXPAND_SCRIPT.relative_to(REPO_ROOT)), *window],
        input=ics,
        capture_output=True,
        cwd=REPO_ROOT,
        timeout=NODE_TIMEOUT_SECONDS,
        check=False,
    )
    if completed.returncode != 0:
        raise RuntimeError(
            f"node {EXPAND_SCRIPT.name} exited with status {completed.returncode}:\n"
            + completed.stderr.decode("utf-8", errors="replace")
        )
    return json.loads(completed.stdout)
