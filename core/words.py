"""Dates, times and lists in the active language: "Tuesday 3 December 2026", "6:00 to 7:30 pm".

English reads as it always has; each language gives its own order and words through a
translatable format string per shape ("martes 3 de diciembre", "terça-feira, 3 de dezembro"),
and chooses its clock: 12 hours with a.m. and p.m. ("6:00 p. m."), or 24 ("18h30"). The feeds
and the API run in English, so their bytes do not change with a visitor's language.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import pgettext, pgettext_lazy

WEEKDAY_NAMES = (
    pgettext_lazy("weekday in a date or a schedule", "Monday"),
    pgettext_lazy("weekday in a date or a schedule", "Tuesday"),
    pgettext_lazy("weekday in a date or a schedule", "Wednesday"),
    pgettext_lazy("weekday in a date or a schedule", "Thursday"),
    pgettext_lazy("weekday in a date or a schedule", "Friday"),
    pgettext_lazy("weekday in a date or a schedule", "Saturday"),
    pgettext_lazy("weekday in a date or a schedule", "Sunday"),
)
MONTH_NAMES = (
    pgettext_lazy("month in a date", "January"),
    pgettext_lazy("month in a date", "February"),
    pgettext_lazy("month in a date", "March"),
    pgettext_lazy("month in a date", "April"),
    pgettext_lazy("month in a date", "May"),
    pgettext_lazy("month in a date", "June"),
    pgettext_lazy("month in a date", "July"),
    pgettext_lazy("month in a date", "August"),
    pgettext_lazy("month in a date", "September"),
    pgettext_lazy("month in a date", "October"),
    pgettext_lazy("month in a date", "November"),
    pgettext_lazy("month in a date", "December"),
)


def _parts(day: dt.date) -> dict:
    return {
        "weekday": str(WEEKDAY_NAMES[day.weekday()]),
        "day": day.day,
        "month": str(MONTH_NAMES[day.month - 1]),
        "year": day.year,
    }


def long_date(day: dt.date) -> str:
    """ "Saturday 14 February 2026"."""
    return pgettext("a date", "%(weekday)s %(day)s %(month)s %(year)s") % _parts(day)


def long_date_no_year(day: dt.date) -> str:
    """ "Saturday 14 February"."""
    return pgettext("a date without its year", "%(weekday)s %(day)s %(month)s") % _parts(day)


def day_month_year(day: dt.date) -> str:
    """ "14 February 2026"."""
    return pgettext("a date without its weekday", "%(day)s %(month)s %(year)s") % _parts(day)


def day_month(day: dt.date) -> str:
    """ "14 February"."""
    return pgettext("a date without weekday or year", "%(day)s %(month)s") % _parts(day)


def month_year(day: dt.date) -> str:
    """ "February 2026"."""
    return pgettext("a month of a year", "%(month)s %(year)s") % _parts(day)


def joined(words: list[str]) -> str:
    """ "A, B and C"."""
    words = [str(word) for word in words]
    if len(words) < 2:
        return "".join(words)
    return pgettext("the last two items of a list", "%(rest)s and %(last)s") % {
        "rest": ", ".join(words[:-1]),
        "last": words[-1],
    }


# Times ---------------------------------------------------------------------------------------


def _twenty_four_hours() -> bool:
    # Translators choose their clock: "12" (6:00 pm) or "24" (18h, 18h30).
    return pgettext("clock: 12 for a 12-hour clock with am and pm, or 24", "12") == "24"


def _half(moment: dt.time) -> str:
    if moment.hour < 12:
        return pgettext("before noon, after a time", "am")
    return pgettext("after noon, after a time", "pm")


def _special(moment: dt.time) -> str | None:
    if (moment.minute, moment.second) != (0, 0) or moment.hour not in (0, 12):
        return None
    if moment.hour == 12:
        return pgettext("the time 12:00 in the day", "noon")
    return pgettext("the time 12:00 at night", "midnight")


def _clock(moment: dt.time) -> str:
    return pgettext("a time on a 12-hour clock, without am or pm", "%(hour)s:%(minute)s") % {
        "hour": moment.hour % 12 or 12,
        "minute": f"{moment.minute:02d}",
    }


def _clock_with_half(moment: dt.time) -> str:
    return _special(moment) or (
        pgettext("a time and am or pm", "%(time)s %(half)s")
        % {"time": _clock(moment), "half": _half(moment)}
    )


def _clock_24(moment: dt.time) -> str:
    if moment.minute == 0:
        return pgettext("a time on the hour, 24-hour clock", "%(hour)s:00") % {"hour": moment.hour}
    return pgettext("a time, 24-hour clock", "%(hour)s:%(minute)s") % {
        "hour": moment.hour,
        "minute": f"{moment.minute:02d}",
    }


def clock(moment: dt.time) -> str:
    """One time: "6:30 pm", "noon"; "18h30" on a 24-hour clock."""
    return _clock_24(moment) if _twenty_four_hours() else _clock_with_half(moment)


def time_range(first: dt.time, last: dt.time) -> str:
    """ "6:00 to 7:30 pm", or "11:30 am to 1:00 pm" when the two are in different halves."""
    if _twenty_four_hours():
        start, end = _clock_24(first), _clock_24(last)
    elif _half(first) == _half(last) and _special(first) is None and _special(last) is None:
        return pgettext(
            "two times in the same half of the day", "%(start)s to %(end)s %(half)s"
        ) % {"start": _clock(first), "end": _clock(last), "half": _half(last)}
    else:
        start, end = _clock_with_half(first), _clock_with_half(last)
    return pgettext("two times", "%(start)s to %(end)s") % {"start": start, "end": end}
