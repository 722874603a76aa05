"""Whole numbers typed into an address or a form (a page, a version, an id)."""

import re

# Plain ASCII digits, and few enough of them: str.isdigit() would take "²" and "١", and int()
# raises on more than 4,300 digits. Eighteen always fit a database's bigint.
DIGITS = re.compile(r"[0-9]{1,18}")


def whole_number(text: str) -> int | None:
    """``text`` as a whole number, or None if it is not one of at most 18 plain digits."""
    return int(text) if DIGITS.fullmatch(text) else None
