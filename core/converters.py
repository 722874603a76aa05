"""Path converters, registered once here: ``<isodate:day>`` is a date in a URL.

A part that is not a real date from 2000 to 2099 (``core/dates.py``) matches no URL, so it is a
404 before any view runs.
"""

import datetime as dt

from django.urls import register_converter

from core.dates import ISO_DATE_PATTERN, parse_iso_date


class IsoDateConverter:
    """YYYY-MM-DD in the URL, a ``datetime.date`` in the view."""

    regex = ISO_DATE_PATTERN

    def to_python(self, value: str) -> dt.date:
        return parse_iso_date(value)  # its errors are ValueErrors: no match

    def to_url(self, value: dt.date | str) -> str:
        if isinstance(value, dt.datetime):
            raise ValueError(f"A date, not a date and time: {value!r}")
        return (value if isinstance(value, dt.date) else parse_iso_date(value)).isoformat()


register_converter(IsoDateConverter, "isodate")
