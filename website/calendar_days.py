"""The dates one view of the calendar shows, and its sessions by day.

A list shows 7 days from its date, a week Monday to Sunday, a month the whole month; each day
holds its sessions in time order, kept by their date in their own region's timezone.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, NamedTuple

from django.utils import timezone
from django.utils.translation import gettext as _

from core import words
from groups.dates import EARLIEST_DATE, LATEST_DATE
from groups.selectors import GroupSession, sessions_between
from website.calendar_query import WEEKDAYS

LIST_DAYS = 7
NOON, FIVE_PM = dt.time(12, 0), dt.time(17, 0)


@dataclass(frozen=True)
class Window:
    """The dates one view of the calendar shows, and where its previous and next links go."""

    view: str
    first: dt.date
    last: dt.date
    previous: dt.date | None
    next: dt.date | None

    @property
    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def window_for(view: str, day: dt.date) -> Window:
    """list: 7 days from ``day``; week: its Monday to Sunday; month: the whole month."""
    if view == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=6)
        previous, following = first - dt.timedelta(days=7), first + dt.timedelta(days=7)
    elif view == "month":
        first = day.replace(day=1)
        following = _add_months(first, 1)
        last = following - dt.timedelta(days=1)
        previous = _add_months(first, -1)
    else:
        first, last = day, day + dt.timedelta(days=LIST_DAYS - 1)
        previous, following = day - dt.timedelta(days=LIST_DAYS), last + dt.timedelta(days=1)
    return Window(
        view,
        first,
        last,
        previous if previous >= EARLIEST_DATE else None,
        following if following <= LATEST_DATE else None,
    )


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def day_label(day: dt.date, today: dt.date) -> str:
    """ "Today", "Tomorrow", or "Wednesday 25 November" (with the year when it is not this one)."""
    if day == today:
        return _("Today")
    if day == today + dt.timedelta(days=1):
        return _("Tomorrow")
    return long_date(day, today)


def long_date(day: dt.date, today: dt.date | None = None) -> str:
    """The date in words, with its year unless it is ``today``'s (core.words)."""
    if today is not None and day.year == today.year:
        return words.long_date_no_year(day)
    return words.long_date(day)


class Day(NamedTuple):
    """One date and its sessions, in time order."""

    date: dt.date
    sessions: list  # GroupSession, or each already rendered (website/calendar_sessions.py)

    @property
    def label(self) -> str:
        return day_label(self.date, timezone.localdate())

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()

    @property
    def column(self) -> int:
        """Its column in a week that starts on Monday: 1 to 7."""
        return self.date.isoweekday()

    @property
    def is_near(self) -> bool:
        """Labelled "Today" or "Tomorrow": the page then adds the date itself."""
        return 0 <= (self.date - timezone.localdate()).days <= 1


def days_of(sessions: list[GroupSession], dates: list[dt.date], *, keep_empty: bool) -> list[Day]:
    """The sessions by their local date, in the order of ``dates``."""
    return days_of_dated(
        [(session.occurrence.start.date(), session) for session in sessions],
        dates,
        keep_empty=keep_empty,
    )


def days_of_dated(dated: list[tuple[dt.date, Any]], dates: list[dt.date], *, keep_empty: bool):
    """``(date, session)`` pairs by date, in the order of ``dates``: each ``Day``'s sessions
    are the seconds of the pairs (a session, or a session already rendered)."""
    by_date = {day: [] for day in dates}
    for day, session in dated:
        by_date.setdefault(day, []).append(session)
    return [Day(day, by_date[day]) for day in dates if keep_empty or by_date[day]]


def time_of_day(moment: dt.time) -> str:
    """morning: before noon; afternoon: noon to 4:59 pm; evening: 5 pm or later."""
    if moment < NOON:
        return "morning"
    if moment < FIVE_PM:
        return "afternoon"
    return "evening"


def sessions_on_dates(
    groups, first: dt.date, last: dt.date, *, weekdays=(), times=()
) -> list[GroupSession]:
    """The sessions whose local start date is from first to last, on those weekdays and times.

    One ``sessions_between`` call (two queries). A day either side covers any UTC offset; each
    session is then kept by its date in its own region's timezone, as in the JSON API.
    """
    padded = [
        dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        for day in (first - dt.timedelta(days=1), last + dt.timedelta(days=2))
    ]
    weekday_numbers = {[code for code, _ in WEEKDAYS].index(code) for code in weekdays}
    return [
        session
        for session in sessions_between(groups, *padded)
        if first <= session.occurrence.start.date() <= last
        and (not weekday_numbers or session.occurrence.start.weekday() in weekday_numbers)
        and (not times or time_of_day(session.occurrence.start.time()) in times)
    ]
