"""A component's calendar text, the very bytes of icalendar's ``to_ical()``, written faster.

icalendar folds every content line a character at a time, encoding each one to count its
octets: for a group's events that was a third of building them, and the whole network's feed
from nothing builds 18,000 groups' (docs/benchmarks.md). A line of plain ASCII, nearly every
line a feed has, is folded here by slicing, the same way: 74 octets to a line, and a backslash
or caret that would end a line is kept with the character it escapes (icalendar's rule, for
clients that read an escape only whole). Any other line is folded by icalendar itself.
tests/publishing/test_calendar_text.py holds the two to the same bytes, for any text.
"""

from __future__ import annotations

from icalendar import Component
from icalendar.parser import Contentline

LIMIT = 74  # octets on a line before it is folded (icalendar's, under RFC 5545's 75)
KEPT_WITH_NEXT = "\\^"  # escape characters never left at the end of a folded line
FOLD = "\r\n "
END = b"\r\n"


def component_text(component: Component) -> bytes:
    """``component.to_ical()``: its content lines, subcomponents included, each folded."""
    return b"".join(folded(line) for line in component.content_lines() if line)


def folded(line: Contentline) -> bytes:
    """One content line folded as icalendar folds it, with its line end."""
    if not line.isascii():
        return line.to_ical() + END
    if len(line) <= LIMIT:
        return line.encode("ascii") + END
    parts = []
    start = 0
    while len(line) - start > LIMIT:
        end = start + LIMIT
        if line[end - 1] in KEPT_WITH_NEXT:
            end -= 1
        parts.append(line[start:end])
        start = end
    parts.append(line[start:])
    return FOLD.join(parts).encode("ascii") + END
