from django import template

from core.text import sentence
from groups.describe import time_range

register = template.Library()


@register.filter
def session_times(occurrence) -> str:
    """An occurrence's local times in plain words: "6:00 to 7:30 pm"."""
    return time_range(occurrence.start.time(), occurrence.end.time())


@register.filter(is_safe=True)
def full_stop(text) -> str:
    """``text`` ending a sentence: one full stop, never a second after "Kwame M."."""
    return sentence(text)
