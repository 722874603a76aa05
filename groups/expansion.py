"""One group whose schedule cannot be expanded never takes a page or a feed down for the others.

Validation refuses every such schedule (``Group.schedule_problem`` says what it would be), so
only a row that bypassed it (an old row, an import, a hand-made SQL fix) can have one. Every
page, feed and API answer that expands several groups passes them through ``expandable`` (a
cheap check, nothing expanded) and expands each one inside ``expanding``, the last line of
defence for what no check foresaw. Such a group is logged as an error, with what to do, and
left out; the console still opens it, with the reason, so that a coordinator can mend it.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

log = logging.getLogger(__name__)

# What expanding a schedule that slipped past validation can raise: date arithmetic out of
# range (ValueError, OverflowError), an unknown timezone (ZoneInfoNotFoundError, a KeyError),
# a rule dateutil refuses (ValueError, TypeError).
EXPANSION_ERRORS = (ValueError, OverflowError, KeyError, TypeError)


def left_out(group, reason: str) -> None:
    log.error(
        "Group “%s” (%s, id %s) is left out: %s. Open it in the console to mend its schedule.",
        group.title,
        group.slug,
        group.pk,
        reason,
    )


def expandable(groups: Iterable, *, refused: list | None = None) -> Iterator:
    """The groups whose stored schedule can be expanded; any other is logged and left out (and
    its pk added to ``refused``, for a caller that counts them)."""
    for group in groups:
        problem = group.schedule_problem
        if problem is None:
            yield group
        else:
            left_out(group, problem)
            if refused is not None:
                refused.append(group.pk)


@contextmanager
def expanding(group):
    """Around one group's expansion: a failure is logged and swallowed, the caller goes on.

    Whatever the block was building for this group must be kept only once the block is done,
    so a group that fails adds nothing.
    """
    try:
        yield
    except EXPANSION_ERRORS as error:
        left_out(group, f"{type(error).__name__}: {error}")
