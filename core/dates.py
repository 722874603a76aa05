"""The dates PeerHub reads: the years 2000 to 2099, written YYYY-MM-DD.

Every date an address, a form or a stored row takes lies in that range (``groups/dates.py`` says
why, and adds the planning horizon). Here, below every app, so that the URL converter for dates
(``core/converters.py``) and the domain read a date the same way.
"""

import datetime as dt
import re

EARLIEST_DATE = dt.date(2000, 1, 1)
LATEST_DATE = dt.date(2099, 12, 31)
# ASCII digits only: \d would also take other scripts' digits.
ISO_DATE_PATTERN = "[0-9]{4}-[0-9]{2}-[0-9]{2}"
ISO_DATE = re.compile(ISO_DATE_PATTERN)


def in_range(day: dt.date) -> bool:
    return EARLIEST_DATE <= day <= LATEST_DATE


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
    if not in_range(day):
        raise DateOutOfRange(text)
    return day
