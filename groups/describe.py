"""A group's schedule in plain, welcoming English. No database access.

The common patterns get their own words ("Every other Tuesday", "The last weekday of every
month"); anything rarer falls back to django-recurrence's own wording. Dates read
"Saturday 14 February 2026", as everywhere else on the site. Dates excluded from a rule are
left out: the group page lists the next dates and the cancellations.
"""

from __future__ import annotations

import datetime as dt

from groups.occurrences import Schedule, add_elapsed, wall_clock
from groups.recurrence_rules import DAILY, MONTHLY, WEEKLY, YEARLY

WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
MONDAY_TO_FRIDAY = [0, 1, 2, 3, 4]
# Rule attributes our own wording does not cover; a rule using any of them gets the fallback.
UNCOVERED = ("bymonth", "byyearday", "byweekno", "byeaster", "byhour", "byminute", "bysecond")


def schedule_in_words(schedule: Schedule) -> str:
    """When the group meets, e.g. "The 2nd and 4th Tuesday of every month, 6:00 to 7:30 pm"."""
    times = _times(schedule)
    if schedule.is_one_off:
        return f"{_dates_in_words([schedule.start_date])}, {times}"
    if not schedule.rrules:
        dates = sorted({schedule.start_date, *schedule.rdates})
        return f"On {_dates_in_words(dates)}, {times}"
    [rule, *others] = schedule.rrules
    pattern = None if others else _rule_in_words(rule, schedule.start_date)
    if pattern is None:
        # The library's wording already says how many times and until when.
        words = [_capitalised("; ".join(rule.to_text() for rule in schedule.rrules)), times]
        until = schedule.end_date
    else:
        words = [pattern, times]
        if rule.count:
            words.append(f"{rule.count} sessions")
        ends = [day for day in (schedule.end_date, _date_of(rule.until)) if day is not None]
        until = min(ends, default=None)
    if until is not None:
        words.append(f"until {until:%-d %B %Y}")
    extra = [day for day in schedule.rdates if day != schedule.start_date]
    if extra:
        words.append(f"and also on {_dates_in_words(extra)}")
    return ", ".join(words)


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
            return _every(interval, "day", "days")
        if interval == 1:
            return _weekly(byday, interval=1)
        return None
    if rule.freq == WEEKLY and not (bymonthday or bysetpos):
        return _weekly(byday or [first.weekday()], interval=interval)
    if rule.freq == MONTHLY:
        days = _monthly_days(byday, bymonthday, bysetpos, first)
        if days is None:
            return None
        return f"The {days} of {_every(interval, 'month', 'months').lower()}"
    if rule.freq == YEARLY and not (byday or bymonthday or bysetpos):
        return f"{_every(interval, 'year', 'years')} on {first:%-d %B}"
    return None


def _weekly(byday, *, interval: int) -> str | None:
    if any(_index(day) is not None for day in byday):
        return None
    numbers = sorted({_number(day) for day in byday})
    if interval == 1 and numbers == list(range(7)):
        return "Every day"
    if interval == 1 and numbers == MONDAY_TO_FRIDAY:
        return "Every weekday"
    names = _joined([WEEKDAYS[number] for number in numbers])
    if interval == 1:
        return f"Every {names}"
    if interval == 2:
        return f"Every other {names}"
    return f"Every {interval} weeks on {names}"


def _monthly_days(byday, bymonthday, bysetpos, first: dt.date) -> str | None:
    """ "2nd and 4th Tuesday", "last weekday", "15th", "last day"; None if it is rarer."""
    if byday and bymonthday:
        return None
    if bymonthday:
        if bysetpos or any(day < -1 or day == 0 for day in bymonthday):
            return None
        days = sorted(day for day in bymonthday if day > 0)
        words = _joined([_ordinal(day) for day in days]) if days else ""
        if -1 in bymonthday:
            words = f"{words} and the last day" if words else "last day"
        return words
    if not byday:
        return None if bysetpos else _ordinal(first.day)
    if bysetpos:
        # BYSETPOS picks among every listed weekday of the month: "the last weekday".
        if any(_index(day) is not None for day in byday):
            return None
        numbers = sorted({_number(day) for day in byday})
        if numbers == MONDAY_TO_FRIDAY:
            noun = "weekday"
        elif len(numbers) == 1:
            noun = WEEKDAYS[numbers[0]]
        else:
            return None
        return _positions(bysetpos, noun)
    if any(_index(day) is None for day in byday):
        return None  # every Tuesday of the month: a weekly rule in disguise, rare enough
    by_weekday = {}
    for day in byday:
        by_weekday.setdefault(_number(day), []).append(_index(day))
    phrases = [
        _positions(indexes, WEEKDAYS[number]) for number, indexes in sorted(by_weekday.items())
    ]
    if None in phrases:
        return None
    return " and the ".join(phrases)


def _positions(indexes, noun: str) -> str | None:
    """[2, 4] and "Tuesday" -> "2nd and 4th Tuesday"; -1 is "last"."""
    indexes = sorted(set(indexes), key=lambda index: (index < 0, index))
    if any(index < -2 or index == 0 or index > 5 for index in indexes):
        return None
    return f"{_joined([_ordinal(index) for index in indexes])} {noun}"


def _ordinal(number: int) -> str:
    if number == -1:
        return "last"
    if number == -2:
        return "next-to-last"
    suffix = (
        "th" if 10 <= number % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(number % 10, "th")
    )
    return f"{number}{suffix}"


def _every(interval: int, one: str, many: str) -> str:
    if interval == 1:
        return f"Every {one}"
    if interval == 2:
        return f"Every other {one}"
    return f"Every {interval} {many}"


def _times(schedule: Schedule) -> str:
    start = wall_clock(schedule.start_date, schedule.start_time, schedule.tzinfo)
    return time_range(start.time(), add_elapsed(start, schedule.duration).time())


def time_range(first: dt.time, last: dt.time) -> str:
    """ "6:00 to 7:30 pm", or "11:30 am to 1:00 pm" when the two are in different halves."""
    if _half(first) == _half(last) and _special(first) is None and _special(last) is None:
        return f"{_clock(first)} to {_clock(last)} {_half(last)}"
    return f"{_clock_with_half(first)} to {_clock_with_half(last)}"


def _half(moment: dt.time) -> str:
    return "am" if moment.hour < 12 else "pm"


def _special(moment: dt.time) -> str | None:
    if (moment.minute, moment.second) != (0, 0):
        return None
    return {12: "noon", 0: "midnight"}.get(moment.hour)


def _clock(moment: dt.time) -> str:
    return f"{moment.hour % 12 or 12}:{moment.minute:02d}"


def _clock_with_half(moment: dt.time) -> str:
    return _special(moment) or f"{_clock(moment)} {_half(moment)}"


def _dates_in_words(days: list[dt.date]) -> str:
    """ "Saturday 4 April and Saturday 2 May 2026": the year once per run of the same year."""
    words = []
    for position, day in enumerate(days):
        following = days[position + 1] if position + 1 < len(days) else None
        if following is None or following.year != day.year:
            words.append(f"{day:%A %-d %B %Y}")
        else:
            words.append(f"{day:%A %-d %B}")
    return _joined(words)


def _joined(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _number(day) -> int:
    return day if isinstance(day, int) else day.number


def _index(day) -> int | None:
    return None if isinstance(day, int) else getattr(day, "index", None)


def _date_of(value: dt.date | dt.datetime | None) -> dt.date | None:
    return value.date() if isinstance(value, dt.datetime) else value
