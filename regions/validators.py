import zoneinfo
from functools import cache

from django.core.exceptions import ValidationError


@cache
def _timezone_names():
    return frozenset(zoneinfo.available_timezones())


def validate_timezone(value):
    """Accept only IANA timezone names, such as America/New_York."""
    if value not in _timezone_names():
        raise ValidationError(
            "“%(value)s” is not a timezone name. Use an IANA name such as America/New_York.",
            code="invalid_timezone",
            params={"value": value},
        )
