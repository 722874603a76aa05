"""A group's schedule in plain, welcoming words, in the active language. No database access.

The common patterns get their own words ("Every other Tuesday", "The last weekday of every
month"); anything rarer falls back to django-recurrence's own wording. Dates read
"Saturday 14 February 2026", as everywhere else on the site. Dates excluded from a rule are
left out: the group page lists the next dates and the cancellations.

Every phrase is whole, with named placeholders, so that each language has its own word order,
ordinals and genders (Portuguese ordinals agree with the weekday: "a segunda terça-feira",
"o segundo sábado"). The API runs in English, so its wording does not change with a visitor's.
"""

from __future__ import annotations

import datetime as dt

from django.utils.translation import ngettext, pgettext, pgettext_lazy

from core import words as dates
from groups.occurrences import Schedule, add_elapsed, wall_clock
from groups.recurrence_rules import DAILY, MONTHLY, WEEKLY, YEARLY

WEEKDAYS = dates.WEEKDAY_NAMES
MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]
# Rule attributes our own wording does not cover; a rule using any of them gets the fallback.
UNCOVERED = ("bymonth", "byyearday", "byweekno", "byeaster", "byhour", "byminute", "bysecond")

EVERY_WEEKDAY = (
    pgettext_lazy("a schedule", "Every Monday"),
    pgettext_lazy("a schedule", "Every Tuesday"),
    pgettext_lazy("a schedule", "Every Wednesday"),
    pgettext_lazy("a schedule", "Every Thursday"),
    pgettext_lazy("a schedule", "Every Friday"),
    pgettext_lazy("a schedule", "Every Saturday"),
    pgettext_lazy("a schedule", "Every Sunday"),
)
EVERY_OTHER_WEEKDAY = (
    pgettext_lazy("a schedule", "Every other Monday"),
    pgettext_lazy("a schedule", "Every other Tuesday"),
    pgettext_lazy("a schedule", "Every other Wednesday"),
    pgettext_lazy("a schedule", "Every other Thursday"),
    pgettext_lazy("a schedule", "Every other Friday"),
    pgettext_lazy("a schedule", "Every other Saturday"),
    pgettext_lazy("a schedule", "Every other Sunday"),
)
# Which Monday to Friday of a month ("2nd", "last"), then which Saturday or Sunday or working
# day: apart, because some languages give the ordinal the gender of the day's name.
POSITIONS_OF_MONDAY_TO_FRIDAY = {
    1: pgettext_lazy("which Monday to Friday of the month", "1st"),
    2: pgettext_lazy("which Monday to Friday of the month", "2nd"),
    3: pgettext_lazy("which Monday to Friday of the month", "3rd"),
    4: pgettext_lazy("which Monday to Friday of the month", "4th"),
    5: pgettext_lazy("which Monday to Friday of the month", "5th"),
    -1: pgettext_lazy("which Monday to Friday of the month", "last"),
    -2: pgettext_lazy("which Monday to Friday of the month", "next-to-last"),
}
POSITIONS_OF_WEEKEND_OR_WORKING_DAY = {
    1: pgettext_lazy("which Saturday, Sunday or weekday of the month", "1st"),
    2: pgettext_lazy("which Saturday, Sunday or weekday of the month", "2nd"),
    3: pgettext_lazy("which Saturday, Sunday or weekday of the month", "3rd"),
    4: pgettext_lazy("which Saturday, Sunday or weekday of the month", "4th"),
    5: pgettext_lazy("which Saturday, Sunday or weekday of the month", "5th"),
    -1: pgettext_lazy("which Saturday, Sunday or weekday of the month", "last"),
    -2: pgettext_lazy("which Saturday, Sunday or weekday of the month", "next-to-last"),
}
WORKING_DAY = "weekday"  # Monday to Friday, as one noun


def schedule_in_words(schedule: Schedule) -> str:
    """When the group meets, e.g. "The 2nd and 4th Tuesday of every month, 6:00 to 7:30 pm"."""
    times = _times(schedule)
    if schedule.is_one_off:
        words = pgettext("a one-off session: its date, its times", "%(date)s, %(times)s") % {
            "date": _dates_in_words([schedule.start_date]),
            "times": times,
        }
        return _capitalised(words)
    if not schedule.rrules:
        dates_ = sorted({schedule.start_date, *schedule.rdates})
        return pgettext("sessions on some dates only", "On %(dates)s, %(times)s") % {
            "dates": _dates_in_words(dates_),
            "times": times,
        }
    [rule, *others] = schedule.rrules
    pattern = None if others else _rule_in_words(rule, schedule.start_date)
    if pattern is None:
        # The library's wording already says how many times and until when.
        words = [_capitalised("; ".join(rule.to_text() for rule in schedule.rrules)), times]
        until = schedule.end_date
    else:
        words = [_capitalised(pattern), times]
        if rule.count:
            words.append(
                ngettext("%(count)s session", "%(count)s sessions", rule.count)
                % {"count": rule.count}
            )
        ends = [day for day in (schedule.end_date, _date_of(rule.until)) if day is not None]
        until = min(ends, default=None)
    if until is not None:
        words.append(pgettext("a schedule's end", "until %(date)s") % {"date": _until(until)})
    extra = [day for day in schedule.rdates if day != schedule.start_date]
    if extra:
        words.append(
            pgettext("a schedule's extra dates", "and also on %(dates)s")
            % {"dates": _dates_in_words(extra)}
        )
    return ", ".join(words)


def _until(day: dt.date) -> str:
    return dates.day_month_year(day)


def _rule_in_words(rule, first: dt.date) -> str | None:
    """The days a rule meets, or None when our wording does not fit it."""
    if any(getattr(rule, name, None) for name in UNCOVERED):
        return None
    interval = rule.interval or 1
    byday = list(getattr(rule, "byday", None) or [])
    bymonthday = list(getattr(rule, "bymonthday", None) or [])
    bysetpos = list(getattr(rule, "bysetpos", None) or [])
    if rule.freq == DAILY and not (bymonthday or bysetpos):
        if not byday:
            return _every_days(interval)
        if interval == 1:
            return _weekly(byday, interval=1)
        return None
    if rule.freq == WEEKLY and not (bymonthday or bysetpos):
        return _weekly(byday or [first.weekday()], interval=interval)
    if rule.freq == MONTHLY:
        days = _monthly_days(byday, bymonthday, bysetpos, first)
        if days is None:
            return None
        return _of_months(days, interval)
    if rule.freq == YEARLY and not (byday or bymonthday or bysetpos):
        return _every_years(interval, dates.day_month(first))
    return None


def _every_days(interval: int) -> str:
    if interval == 1:
        return pgettext("a schedule", "Every day")
    if interval == 2:
        return pgettext("a schedule", "Every other day")
    return pgettext("a schedule", "Every %(count)s days") % {"count": interval}


def _every_years(interval: int, day: str) -> str:
    if interval == 1:
        return pgettext("a schedule", "Every year on %(day)s") % {"day": day}
    if interval == 2:
        return pgettext("a schedule", "Every other year on %(day)s") % {"day": day}
    return pgettext("a schedule", "Every %(count)s years on %(day)s") % {
        "count": interval,
        "day": day,
    }


def _of_months(days: str, interval: int) -> str:
    if interval == 1:
        return pgettext("a schedule: days of the month", "%(days)s of every month") % {"days": days}
    if interval == 2:
        return pgettext("a schedule: days of the month", "%(days)s of every other month") % {
            "days": days
        }
    return pgettext("a schedule: days of the month", "%(days)s of every %(count)s months") % {
        "days": days,
        "count": interval,
    }


def _weekly(byday, *, interval: int) -> str | None:
    if any(_index(day) is not None for day in byday):
        return None
    numbers = sorted({_number(day) for day in byday})
    if interval == 1 and numbers == list(range(7)):
        return pgettext("a schedule", "Every day")
    if interval == 1 and numbers == MONDAY_TO_FRIDAY:
        return pgettext("a schedule", "Every weekday")
    if len(numbers) == 1 and interval in (1, 2):
        return str((EVERY_WEEKDAY if interval == 1 else EVERY_OTHER_WEEKDAY)[numbers[0]])
    names = dates.joined([WEEKDAYS[number] for number in numbers])
    if interval == 1:
        return pgettext("a schedule: several weekdays", "Every %(days)s") % {"days": names}
    if interval == 2:
        return pgettext("a schedule: several weekdays", "Every other %(days)s") % {"days": names}
    return pgettext("a schedule", "Every %(count)s weeks on %(days)s") % {
        "count": interval,
        "days": names,
    }


def _monthly_days(byday, bymonthday, bysetpos, first: dt.date) -> str | None:
    """ "the 2nd and 4th Tuesday", "the last weekday", "the 15th"; None if it is rarer."""
    if byday and bymonthday:
        return None
    if bymonthday:
        if bysetpos or any(day < -1 or day == 0 for day in bymonthday):
            return None
        return _days_of_month(sorted(day for day in bymonthday if day > 0), -1 in bymonthday)
    if not byday:
        return None if bysetpos else _days_of_month([first.day], last=False)
    if bysetpos:
        # BYSETPOS picks among every listed weekday of the month: "the last weekday".
        if any(_index(day) is not None for day in byday):
            return None
        numbers = sorted({_number(day) for day in byday})
        if numbers == MONDAY_TO_FRIDAY:
            return _positions(bysetpos, WORKING_DAY)
        if len(numbers) == 1:
            return _positions(bysetpos, numbers[0])
        return None
    if any(_index(day) is None for day in byday):
        return None  # every Tuesday of the month: a weekly rule in disguise, rare enough
    by_weekday = {}
    for day in byday:
        by_weekday.setdefault(_number(day), []).append(_index(day))
    phrases = [_positions(indexes, number) for number, indexes in sorted(by_weekday.items())]
    if None in phrases:
        return None
    words = phrases[0]
    for phrase in phrases[1:]:
        words = pgettext("days of the month: one more", "%(days)s and %(day)s") % {
            "days": words,
            "day": phrase,
        }
    return words


def _days_of_month(days: list[int], last: bool) -> str:
    """ "the 15th", "the 1st and 15th", "the last day", "the 15th and the last day"."""
    numbers = dates.joined([_day_ordinal(day) for day in days])
    if not days:
        return pgettext("a day of the month", "the last day")
    if last:
        return ngettext(
            "the %(days)s and the last day", "the %(days)s and the last day", len(days)
        ) % {"days": numbers}
    return ngettext("the %(days)s", "the %(days)s", len(days)) % {"days": numbers}


def _positions(indexes, weekday) -> str | None:
    """[2, 4] and Tuesday -> "the 2nd and 4th Tuesday"; -1 is "last"."""
    indexes = sorted(set(indexes), key=lambda index: (index < 0, index))
    if any(index < -2 or index == 0 or index > 5 for index in indexes):
        return None
    if weekday == WORKING_DAY:
        ordinals = dates.joined([POSITIONS_OF_WEEKEND_OR_WORKING_DAY[i] for i in indexes])
        return pgettext("which weekday of the month", "the %(positions)s weekday") % {
            "positions": ordinals
        }
    if weekday in MONDAY_TO_FRIDAY:
        ordinals = dates.joined([POSITIONS_OF_MONDAY_TO_FRIDAY[i] for i in indexes])
        phrase = pgettext("which Monday to Friday of the month", "the %(positions)s %(weekday)s")
    else:
        ordinals = dates.joined([POSITIONS_OF_WEEKEND_OR_WORKING_DAY[i] for i in indexes])
        phrase = pgettext("which Saturday or Sunday of the month", "the %(positions)s %(weekday)s")
    return phrase % {"positions": ordinals, "weekday": WEEKDAYS[weekday]}


def _day_ordinal(number: int) -> str:
    """A day of the month: "1st", "22nd", "15th" (in English; a number where that is usual)."""
    ending = 0 if 10 <= number % 100 <= 20 else number % 10
    if ending == 1:
        text = pgettext("a day of the month ending in 1: 1st, 21st", "%(number)sst")
    elif ending == 2:
        text = pgettext("a day of the month ending in 2: 2nd, 22nd", "%(number)snd")
    elif ending == 3:
        text = pgettext("a day of the month ending in 3: 3rd, 23rd", "%(number)srd")
    else:
        text = pgettext("any other day of the month: 4th, 11th, 15th", "%(number)sth")
    return text % {"number": number}


def _times(schedule: Schedule) -> str:
    start = wall_clock(schedule.start_date, schedule.start_time, schedule.tzinfo)
    return time_range(start.time(), add_elapsed(start, schedule.duration).time())


def time_range(first: dt.time, last: dt.time) -> str:
    """ "6:00 to 7:30 pm", or "11:30 am to 1:00 pm" when the two are in different halves."""
    return dates.time_range(first, last)


def _dates_in_words(days: list[dt.date]) -> str:
    """ "Saturday 4 April and Saturday 2 May 2026": the year once per run of the same year."""
    words = []
    for position, day in enumerate(days):
        following = days[position + 1] if position + 1 < len(days) else None
        if following is None or following.year != day.year:
            words.append(dates.long_date(day))
        else:
            words.append(dates.long_date_no_year(day))
    return dates.joined(words)


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(day) -> int:
    return day if isinstance(day, int) else day.number


def _index(day) -> int | None:
    return None if isinstance(day, int) else getattr(day, "index", None)


def _date_of(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value
