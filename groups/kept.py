"""Something of each group kept under the group's own version, so a change rebuilds one group.

A group's SEQUENCE and last change move with every change to what its sessions and events show,
its venue's and region's names included (groups/freshness.py). What is made of one group alone
(its events in the feeds, its sessions of some dates rendered for the calendar or written as
JSON for the API) is kept under them: after a coordinator's change, the next reader builds
that group again, not the other 299 of its region.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any

from core import build_ahead, cache

# Groups read and built at a time: the whole network's 18,000 at once held every group with
# its venue, region, languages and access features in memory (the builder of `groups.json`
# peaked at 334 MB at national size); a batch at a time, only what is built is kept.
BATCH = 500


def kept_per_group(
    groups,
    key_of: Callable[[int, int, Any], str],
    build: Callable[[Any], Iterable[tuple[Any, Any]]],
    *,
    counted: Callable[[int], None] | None = None,
) -> dict[int, Any]:
    """A value for each group of ``groups`` (a queryset), by pk, in the queryset's order.

    One query for the groups' versions and one look in the caches
    (``core.cache.get_or_build_many``); then ``build`` is given the groups whose value is not
    kept, as a queryset of at most ``BATCH`` at a time, and gives (group, value) for each.
    Each value is kept under ``key_of(pk, sequence, updated_at)`` of the group as ``build``
    read it: a group changed since the first query is kept as it is now. A group it does not
    give (no longer public since the first query) is left out. With more to build than a
    request should, where the build can be handed to the long queue's worker,
    ``build_ahead.LongBuild`` before building any (``build_ahead.refuse_long``).
    ``counted(number of groups)``, if given, is called before any look or build: it may refuse
    (raise) an answer too large to give.
    """
    rows = list(groups.values_list("pk", "sequence", "updated_at"))
    if counted is not None:
        counted(len(rows))

    def built(missing: list[int]):
        build_ahead.refuse_long(len(missing))
        for start in range(0, len(missing), BATCH):  # the groups read a batch at a time
            for group, value in build(groups.filter(pk__in=missing[start : start + BATCH])):
                yield group.pk, key_of(group.pk, group.sequence, group.updated_at), value

    return cache.get_or_build_many(
        {pk: key_of(pk, sequence, stamp) for pk, sequence, stamp in rows}, built
    )
