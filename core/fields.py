"""Model fields every app shares."""

import re

from django.db import models

# Every way text can start a new line (str.splitlines' boundaries) and tabs, with the spaces
# around them.
LINE_BREAKS = re.compile(r"\s*[\r\n\t\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+\s*")


def one_line(text: str) -> str:
    """``text`` on one line: each run of line breaks and tabs becomes a single space."""
    return LINE_BREAKS.sub(" ", text).strip()


class OneLineField(models.CharField):
    """A name, a title or a short note: text of one line, wherever it is saved from.

    A line break in a title would end an email's subject (Django refuses such a header) or a
    calendar's line; a browser's one-line box never sends one, so one that arrives (the admin,
    an import, a crafted request) is joined with a space, when the value is validated and again
    whenever it is written.
    """

    def to_python(self, value):
        value = super().to_python(value)
        return one_line(value) if isinstance(value, str) else value

    def get_prep_value(self, value):
        value = super().get_prep_value(value)
        return one_line(value) if isinstance(value, str) else value
