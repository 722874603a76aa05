import datetime as dt

from django import template
from django.utils import timezone

from core import words
from core.text import sentence
from groups.describe import time_range

register = template.Library()


@register.filter
def session_times(occurrence) -> str:
    """An occurrence's local times in plain words: "6:00 to 7:30 pm", "das 18h às 19h30"."""
    return time_range(occurrence.start.time(), occurrence.end.time())


# The shapes of a date in words, in the page's language (core.words).
DATE_SHAPES = {
    "": words.long_date_no_year,  # "Tuesday 3 December", "martes 3 de diciembre"
    "year": words.long_date,  # "Tuesday 3 December 2026"
    "day month year": words.day_month_year,  # "3 December 2026", "3 de diciembre de 2026"
}


@register.filter
def date_words(value, shape: str = "") -> str:
    """A date (a datetime: its local date) in words in the page's language, in one of
    ``DATE_SHAPES``: ``{{ day|date_words }}``, ``{{ day|date_words:"year" }}``."""
    day = _local_date(value)
    return "" if day is None else DATE_SHAPES[shape](day)


@register.filter(is_safe=True)
def full_stop(text) -> str:
    """``text`` ending a sentence: one full stop, never a second after "Kwame M."."""
    return sentence(text)


def _local_date(value) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    return value if isinstance(value, dt.date) else None
