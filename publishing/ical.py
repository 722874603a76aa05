"""Calendars put together: every feed, public or private, and the one-session download.

A feed is its opening lines, a VTIMEZONE per timezone, each group's events (``events.group_ical``)
in a fixed order (``feed_order``) and the closing line, always assembled by ``calendar_chunks``;
feeds differ only in which groups they pass in and in where each group's text comes from
(built here by ``build_calendar``, or from the cache by ``feeds.public_feed_chunks``). Every
TZID gets an RRULE-style VTIMEZONE covering the days its events touch.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Iterable, Iterator

from icalendar import Calendar, vDuration, vText

from groups.expansion import EXPANSION_ERRORS
from groups.selectors import FeedGroup
from publishing.event_fields import clean
from publishing.events import group_days, group_ical, session_event
from publishing.vtimezone import vtimezone, vtimezone_ical

log = logging.getLogger(__name__)

PRODID = "-//PeerHub//Peer support groups//EN"
REFRESH = dt.timedelta(hours=1)
END = b"END:VCALENDAR\r\n"


def _calendar() -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    return calendar


def calendar_head(*, name: str, description: str, url: str) -> bytes:
    """The calendar's opening lines and properties, up to its first component."""
    calendar = _calendar()
    # icalendar does not escape the X-WR properties itself: give it vText.
    calendar.add("x-wr-calname", vText(clean(name)))
    calendar.add("x-wr-caldesc", vText(clean(description)))
    calendar.add("name", vText(clean(name)))
    calendar.add("description", vText(clean(description)))
    calendar.add("url", url)
    calendar.add("refresh-interval", REFRESH, parameters={"VALUE": "DURATION"})
    calendar.add("x-published-ttl", vDuration(REFRESH))
    whole = calendar.to_ical()
    assert whole.endswith(END)
    return whole[: -len(END)]


def timezones(spans: dict[str, tuple[dt.date, dt.date]]) -> bytes:
    """A VTIMEZONE for each TZID, covering the first to the last day it is used on.

    A TZID the tz database does not know is left out (and logged); so is every event in it,
    which cannot be expanded either (``groups/expansion.py``).
    """
    parts = []
    for tzid in sorted(spans):
        try:
            parts.append(vtimezone_ical(tzid, *spans[tzid]))
        except EXPANSION_ERRORS as error:
            log.error("No VTIMEZONE for %s %s: %s", tzid, spans[tzid], error)
    return b"".join(parts)


def feed_order(title: str, uuid) -> tuple[str, str]:
    """Groups appear by title, then by UUID: the same order for the same data."""
    return (title.lower(), str(uuid))


def calendar_chunks(
    *,
    name: str,
    description: str,
    url: str,
    spans: dict[str, tuple[dt.date, dt.date]],
    texts: Iterable[bytes],
) -> Iterator[bytes]:
    """A feed, piece by piece: the one way every feed is put together.

    ``texts`` are the groups' events in ``feed_order``; ``spans`` the first and last day they
    touch in each timezone. The bytes are those of one icalendar ``Calendar`` holding the
    VTIMEZONEs and then every event.
    """
    yield calendar_head(name=name, description=description, url=url)
    yield timezones(spans)
    yield from texts
    yield END


def build_calendar(
    feed_groups: Iterable[FeedGroup],
    *,
    name: str,
    description: str,
    url: str,
    site_url: str,
    private: bool = False,
) -> bytes:
    """The whole calendar, every group built now. ``private`` feeds show full addresses and
    joining details (a facilitator's feed); public feeds take their groups' text from the
    cache (``feeds.public_feed_chunks``), with the same bytes for the same groups.
    """
    feed_groups = sorted(feed_groups, key=lambda fg: feed_order(fg.group.title, fg.group.uuid))
    days: dict[str, list[dt.date]] = {}
    texts = []
    for feed_group in feed_groups:
        text = group_ical(feed_group, site_url=site_url, private=private)
        if not text:
            continue  # left out, or a private feed's group with no session for its viewer
        texts.append(text)
        days.setdefault(feed_group.group.timezone, []).extend(
            group_days(feed_group, private=private)
        )
    spans = {tzid: (min(found), max(found)) for tzid, found in days.items()}
    return b"".join(
        calendar_chunks(name=name, description=description, url=url, spans=spans, texts=texts)
    )


def session_calendar(feed_group: FeedGroup, day: dt.date, *, site_url: str) -> bytes | None:
    """A calendar with the one session of a group originally on ``day``; None if there is none."""
    found = session_event(feed_group, day, site_url=site_url)
    if found is None:
        return None
    event, start_day = found
    calendar = _calendar()
    calendar.add_component(vtimezone(feed_group.group.timezone, start_day, start_day))
    calendar.add_component(event)
    return calendar.to_ical()
