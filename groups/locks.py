"""The one lock every change to a group takes first."""

from collections.abc import Iterable

from groups.models import Group


def lock_groups(group_ids: Iterable[int]) -> None:
    """Hold these groups' rows until the transaction ends, taken in one order (by id).

    Every change to a group, its sessions or its people takes this lock first and only then
    reads what is there, so it decides on what is so, not on what was so when the page was
    opened: of two requests at once, the second waits and then sees the first one's change.
    (SQLite has no row locks; there every transaction holds the whole database from its
    ``BEGIN IMMEDIATE``, see peerhub/settings/base.py, which decides the same way.)
    """
    list(
        Group.objects.select_for_update()
        .filter(pk__in=list(group_ids))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
