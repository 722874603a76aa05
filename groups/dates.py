"""The dates PeerHub holds and reads: one range for every stored date and every address.

Every date a group, a session change or a record holds, and every date an address or a form
takes, lies in the years 2000 to 2099: the engine, the pages and the feeds handle those years
(a year 1 or 9999 would overflow a timezone's arithmetic), and nothing real is outside them.
A first date, an extra date or a session change is also at most three years after today: a
date beyond that is a typo ("9999" for "no end", 2206 for 2026), refused where it is stored.
The horizon moves with today, so a date that was fine when saved stays fine.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

# The range and the reading of a date live below every app, with the URL converter.
from core.dates import (
    EARLIEST_DATE,
    ISO_DATE,
    LATEST_DATE,
    DateOutOfRange,
    UnreadableDate,
    in_range,
    parse_iso_date,
)

__all__ = [
    "EARLIEST_DATE",
    "ISO_DATE",
    "LATEST_DATE",
    "OUT_OF_RANGE",
    "PLANNING_YEARS",
    "DateOutOfRange",
    "UnreadableDate",
    "beyond_horizon",
    "in_range",
    "parse_iso_date",
    "planning_horizon",
    "validate_in_range",
]

PLANNING_YEARS = 3
OUT_OF_RANGE = f"Choose a date from {EARLIEST_DATE.year} to {LATEST_DATE.year}."


def validate_in_range(value: dt.date) -> None:
    """Field validator: a date from 2000 to 2099."""
    if value is not None and not in_range(_date(value)):
        raise ValidationError(OUT_OF_RANGE, code="date_out_of_range")


def planning_horizon(today: dt.date | None = None) -> dt.date:
    """The latest date a first date, an extra date or a change may have: three years ahead."""
    today = today or timezone.localdate()
    try:
        return today.replace(year=today.year + PLANNING_YEARS)
    except ValueError:  # 29 February
        return today.replace(year=today.year + PLANNING_YEARS, day=28)


def beyond_horizon(what: str, horizon: dt.date) -> str:
    """ "The first date is more than three years away (after ...); check the year." """
    return f"{what} is more than three years away (after {horizon:%-d %B %Y}); check the year."


def _date(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value
