"""One door for freshness: every change to what a feed, page or API answer shows moves the
versions of every feed that shows it, without the writer naming a single feed.

What a feed shows is read from the models, so the models say what changed: the receivers in
groups/freshness_receivers.py (connected in ``GroupsConfig.ready``) hear every save, delete and
many-to-many change of a group, its schedule and languages, its sessions' changes and
substitutes, its facilitators, and of the regions, venues, languages, access features and
facilitators' public names the feeds show. Each records what it touched in the current unit
of work (``changes``):

* the groups whose events changed (their SEQUENCE rises once, and LAST-MODIFIED moves),
* the feeds something just left, read from the database before the change (the region and
  venue a group moves away from, the facilitator taken off a group or a session), and
* the feeds of a region, venue or facilitator that changed itself.

When the outermost unit ends, still inside its transaction, every feed that shows the groups
after the change (``feed_keys_for_groups``: the network, their region and venue, their
facilitators and substitutes) and every feed recorded before it gets one new version, once,
however many writes the unit made: a snow day cancelling forty sessions moves each feed once.
The new versions and the NOTIFY to other workers (``versions.notify``) commit with the change.
A write outside any unit is its own unit: its feeds move at once, in its transaction if any.

Writes that Django sends no signal for (``QuerySet.update``, ``bulk_create``) report what they
touched with ``groups_changed`` or ``groups_created`` (group ids, never feed keys).

A unit's writes may be rolled back (a savepoint that failed inside it); what they recorded stays
recorded, so a feed may get a new version it did not need, never the other way round.
"""

from __future__ import annotations

import sys
import threading
import uuid
from collections.abc import Iterable
from contextlib import ContextDecorator

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from groups import versions
from groups.models import (
    FeedVersion,
    Group,
    GroupFacilitator,
    SessionSubstitute,
)

_local = threading.local()


class Unit:
    """What one unit of work changed, until it is flushed."""

    def __init__(self):
        self.groups: set[int] = set()  # their events changed: SEQUENCE rises
        self.created: set[int] = set()  # new groups: their feeds move, SEQUENCE stays at 0
        self.keys: set[str] = set()  # feeds to move whatever the groups show now

    def __bool__(self):
        return bool(self.groups or self.created or self.keys)

    def flush(self) -> None:
        groups, created, keys = self.groups, self.created, self.keys
        self.groups, self.created, self.keys = set(), set(), set()
        if not (groups or created or keys):
            return
        changed = groups - created
        if changed:
            Group.objects.filter(pk__in=changed).update(
                sequence=F("sequence") + 1, updated_at=timezone.now()
            )
        if groups or created:
            keys |= feed_keys_for_groups(group_ids=groups | created)
        feed_versions_touch(keys=keys)


def open_units() -> list[Unit]:
    if not hasattr(_local, "units"):
        _local.units = []
    return _local.units


class changes(ContextDecorator):  # noqa: N801 (used like transaction.atomic)
    """A unit of work: a transaction whose feeds move once, when it ends, inside it.

    Nestable: an inner unit (a service called by another) adds to the outermost one. Usable as
    a decorator, like ``transaction.atomic``.
    """

    def _recreate_cm(self):
        return changes()

    def __enter__(self):
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        units = open_units()
        self._outermost = not units
        if self._outermost:
            units.append(Unit())
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._outermost:
            unit = open_units().pop()
            if exc_type is None:
                try:
                    unit.flush()
                except BaseException:
                    if not self._atomic.__exit__(*sys.exc_info()):
                        raise
                    return False
        return self._atomic.__exit__(exc_type, exc, tb)


class record:  # noqa: N801 (a context manager, used like one)
    """The current unit, or a unit of its own for a write outside any (flushed on leaving)."""

    def __init__(self, pending: Unit | None = None, *, last: bool = True):
        self.pending = pending
        self.last = last

    def __enter__(self) -> Unit:
        units = open_units()
        if units:
            self.own = None
            return units[0]
        self.own = self.pending if self.pending is not None else Unit()
        return self.own

    def __exit__(self, exc_type, exc, tb):
        if self.own is not None and self.last and exc_type is None and self.own:
            with transaction.atomic():
                self.own.flush()
        return False


def pending_of(instance) -> Unit | None:
    """What a pre_ signal found, kept for its post_ signal when no unit is open."""
    return instance.__dict__.pop("_freshness_before", None)


def keep_pending(instance, unit: Unit) -> None:
    if not open_units():
        instance.__dict__["_freshness_before"] = unit


def groups_changed(*, group_ids: Iterable[int]) -> None:
    """Report groups changed by a write that sends no signal (``QuerySet.update``).

    Their SEQUENCE rises and every feed showing them moves, with the network's.
    """
    with record() as unit:
        unit.groups |= set(group_ids)
        unit.keys |= {FeedVersion.NETWORK, FeedVersion.LISTING}  # an update may change anything


def groups_created(*, group_ids: Iterable[int]) -> None:
    """Report groups made by a write that sends no signal (``bulk_create``)."""
    with record() as unit:
        unit.created |= set(group_ids)
        unit.keys |= {FeedVersion.NETWORK, FeedVersion.LISTING}


def feed_keys_for_groups(*, group_ids: Iterable[int]) -> set[str]:
    """Every feed that shows any of these groups: the network, its region, venue, facilitators."""
    group_ids = list(group_ids)
    keys = {FeedVersion.NETWORK}
    for pk, region_id, venue_id in Group.objects.filter(pk__in=group_ids).values_list(
        "pk", "region_id", "venue_id"
    ):
        keys |= {FeedVersion.key_for("group", pk), FeedVersion.key_for("region", region_id)}
        if venue_id is not None:
            keys.add(FeedVersion.key_for("venue", venue_id))
    for facilitator_id in GroupFacilitator.objects.filter(group_id__in=group_ids).values_list(
        "facilitator_id", flat=True
    ):
        keys.add(FeedVersion.key_for("facilitator", facilitator_id))
    # A substitute's feed carries the sessions they cover, so it moves with the group too.
    for facilitator_id in SessionSubstitute.objects.filter(group_id__in=group_ids).values_list(
        "substitute_id", flat=True
    ):
        keys.add(FeedVersion.key_for("facilitator", facilitator_id))
    return keys


def feed_versions_touch(*, keys: Iterable[str]) -> None:
    """Give each feed a new version now; cached copies of the old one are never served again.

    Every worker keeping versions in memory hears of it when the change commits. The rows are
    locked in one order, the network's first: nearly every change moves it, so a transaction
    that moves feeds several times holds it from its first move, and any other waits for it
    before holding anything the first could need next.
    """
    keys = set(keys)
    if not keys:
        return
    now = timezone.now()
    in_order = sorted(keys, key=lambda key: (key != FeedVersion.NETWORK, key))
    FeedVersion.objects.bulk_create(
        [FeedVersion(key=key, token=uuid.uuid4().hex, changed_at=now) for key in in_order],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
    )
    versions.notify(keys)
