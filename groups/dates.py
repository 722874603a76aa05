"""Dates typed into a URL: the one reading the calendar, the downloads and the API share."""

import datetime as dt
import re

# A schedule expands forward from its first date; a window in the year 9999 would be slow for
# nothing, so addresses take dates in these years only.
EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


class UnreadableDate(ValueError):
    """Not a real YYYY-MM-DD date (fromisoformat alone would also take 20260301)."""


class DateOutOfRange(ValueError):
    """A real date outside EARLIEST_DATE to LATEST_DATE."""


def parse_iso_date(text: str) -> dt.date:
    if not isinstance(text, str) or not ISO_DATE.fullmatch(text):
        raise UnreadableDate(text)
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise UnreadableDate(text) from None
    if not EARLIEST_DATE <= day <= LATEST_DATE:
        raise DateOutOfRange(text)
    return day
