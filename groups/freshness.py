"""One door for freshness: every change to what a feed, page or API answer shows moves the
versions of every feed that shows it, without the writer naming a single feed.

What a feed shows is read from the models, so the models say what changed: the receivers here
(connected in ``GroupsConfig.ready``) hear every save, delete and many-to-many change of a
group, its schedule and languages, its sessions' changes and substitutes, its facilitators, and
of the regions, venues, languages, access features and facilitators' public names the feeds
show. Each records what it touched in the current unit of work (``changes``):

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
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save
from django.utils import timezone

from facilitators.models import FacilitatorProfile
from groups import versions
from groups.models import (
    AccessFeature,
    FeedVersion,
    Group,
    GroupFacilitator,
    Language,
    SessionChange,
    SessionSubstitute,
)
from regions.models import Region, Venue

# A group saved with only these fields shows nothing new in any feed or cached answer.
QUIET_GROUP_FIELDS = frozenset({"last_confirmed_on", "updated_at", "sequence", "version"})

# What of a facilitator the groups' feeds and pages show.
SHOWN_FACILITATOR_FIELDS = ("display_name", "is_active")

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


def _units() -> list[Unit]:
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
        units = _units()
        self._outermost = not units
        if self._outermost:
            units.append(Unit())
        return self

    def __exit__(self, exc_type, exc, tb):
        if self._outermost:
            unit = _units().pop()
            if exc_type is None:
                try:
                    unit.flush()
                except BaseException:
                    if not self._atomic.__exit__(*sys.exc_info()):
                        raise
                    return False
        return self._atomic.__exit__(exc_type, exc, tb)


class _record:
    """The current unit, or a unit of its own for a write outside any (flushed on leaving)."""

    def __init__(self, pending: Unit | None = None, *, last: bool = True):
        self.pending = pending
        self.last = last

    def __enter__(self) -> Unit:
        units = _units()
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


def _before(instance) -> Unit | None:
    """What a pre_ signal found, kept for its post_ signal when no unit is open."""
    return instance.__dict__.pop("_freshness_before", None)


def _keep_before(instance, unit: Unit) -> None:
    if not _units():
        instance.__dict__["_freshness_before"] = unit


def groups_changed(*, group_ids: Iterable[int]) -> None:
    """Report groups changed by a write that sends no signal (``QuerySet.update``).

    Their SEQUENCE rises and every feed showing them moves, with the network's.
    """
    with _record() as unit:
        unit.groups |= set(group_ids)
        unit.keys.add(FeedVersion.NETWORK)


def groups_created(*, group_ids: Iterable[int]) -> None:
    """Report groups made by a write that sends no signal (``bulk_create``)."""
    with _record() as unit:
        unit.created |= set(group_ids)
        unit.keys.add(FeedVersion.NETWORK)


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


def _facilitator(pk) -> str:
    return FeedVersion.key_for("facilitator", pk)


# Groups ------------------------------------------------------------------------------------


def _quiet(update_fields) -> bool:
    return update_fields is not None and set(update_fields) <= QUIET_GROUP_FIELDS


def _group_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    if raw or _quiet(update_fields) or instance._state.adding or instance.pk is None:
        return
    # The region and venue it is in now: it may be leaving them.
    was = Group.objects.filter(pk=instance.pk).values_list("region_id", "venue_id").first()
    if was is None:
        return
    unit = _units()[0] if _units() else Unit()
    unit.keys.add(FeedVersion.key_for("region", was[0]))
    if was[1] is not None:
        unit.keys.add(FeedVersion.key_for("venue", was[1]))
    _keep_before(instance, unit)


def _group_post_save(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or _quiet(update_fields):
        return
    with _record(_before(instance)) as unit:
        (unit.created if created else unit.groups).add(instance.pk)


def _group_pre_delete(sender, instance, **kwargs):
    # Gone after the delete: every feed it is in now moves.
    with _record() as unit:
        unit.keys |= feed_keys_for_groups(group_ids=[instance.pk])


def _group_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    """A group's languages or access features (shown on its page, in the API and feeds)."""
    if action == "pre_clear" and reverse:
        instance.__dict__["_freshness_cleared"] = set(
            sender.objects.filter(**{_m2m_target(sender): instance.pk}).values_list(
                "group_id", flat=True
            )
        )
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    with _record() as unit:
        if not reverse:
            unit.groups.add(instance.pk)
        elif action == "post_clear":
            unit.groups |= instance.__dict__.pop("_freshness_cleared", set())
        else:
            unit.groups |= set(pk_set or ())


def _m2m_target(through) -> str:
    return next(
        field.attname
        for field in through._meta.concrete_fields
        if field.is_relation and field.related_model is not Group
    )


def _group_facilitators_m2m(sender, instance, action, reverse, pk_set, **kwargs):
    """``group.facilitators.add/remove/clear``: memberships made without a save of their own."""
    if action in ("pre_remove", "pre_clear"):
        memberships = GroupFacilitator.objects.filter(
            **({"facilitator": instance} if reverse else {"group": instance})
        )
        if pk_set:
            memberships = memberships.filter(
                **({"group_id__in": pk_set} if reverse else {"facilitator_id__in": pk_set})
            )
        found = list(memberships.values_list("group_id", "facilitator_id"))
        unit = _units()[0] if _units() else Unit()
        unit.groups |= {group_id for group_id, _ in found}
        unit.keys |= {_facilitator(facilitator_id) for _, facilitator_id in found}
        _keep_before(instance, unit)
    elif action in ("post_add", "post_remove", "post_clear"):
        with _record(_before(instance)) as unit:
            if reverse:
                unit.groups |= set(pk_set or ())
                unit.keys.add(_facilitator(instance.pk))
            else:
                unit.groups.add(instance.pk)


# A group's parts: its memberships, session changes and substitutes --------------------------


def _part_pre_save(sender, instance, raw=False, **kwargs):
    """A part moved to another group (or person) leaves the feeds it was in."""
    if raw or instance._state.adding or instance.pk is None:
        return
    person = {GroupFacilitator: "facilitator_id", SessionSubstitute: "substitute_id"}.get(sender)
    fields = ["group_id"] + ([person] if person else [])
    was = sender.objects.filter(pk=instance.pk).values_list(*fields).first()
    if was is None:
        return
    unit = _units()[0] if _units() else Unit()
    unit.groups.add(was[0])
    if person:
        unit.keys.add(_facilitator(was[1]))
    _keep_before(instance, unit)


def _part_post_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    with _record(_before(instance)) as unit:
        unit.groups.add(instance.group_id)


def _part_post_delete(sender, instance, **kwargs):
    with _record() as unit:
        unit.groups.add(instance.group_id)
        # Gone from the group, so no longer found from it: their feed moves by name.
        if sender is GroupFacilitator:
            unit.keys.add(_facilitator(instance.facilitator_id))
        elif sender is SessionSubstitute:
            unit.keys.add(_facilitator(instance.substitute_id))


# What the groups' feeds show of others: regions, venues, names ----------------------------


def _region_post_save(sender, instance, created, raw=False, **kwargs):
    """Its name, contact details and timezone are in every feed of its groups."""
    if raw:
        return
    with _record() as unit:
        unit.keys |= {FeedVersion.key_for("region", instance.pk), FeedVersion.NETWORK}
        if not created:
            unit.groups |= set(instance.groups.values_list("pk", flat=True))


def _venue_post_save(sender, instance, created, raw=False, **kwargs):
    """Its name and address are the location of its groups' sessions (moved ones too)."""
    if raw:
        return
    with _record() as unit:
        unit.keys.add(FeedVersion.key_for("venue", instance.pk))
        if not created:
            unit.groups |= set(instance.groups.values_list("pk", flat=True))
            unit.groups |= set(instance.moved_sessions.values_list("group_id", flat=True))


def _place_post_delete(sender, instance, **kwargs):
    kind = "region" if sender is Region else "venue"
    with _record() as unit:
        unit.keys |= {FeedVersion.key_for(kind, instance.pk), FeedVersion.NETWORK}


def _facilitator_pre_save(sender, instance, update_fields=None, raw=False, **kwargs):
    """Their public name and whether they are active are shown with the groups they run."""
    if raw or instance._state.adding or instance.pk is None:
        return
    if update_fields is not None and not set(update_fields) & set(SHOWN_FACILITATOR_FIELDS):
        return
    was = (
        FacilitatorProfile.objects.filter(pk=instance.pk)
        .values_list(*SHOWN_FACILITATOR_FIELDS)
        .first()
    )
    now = tuple(getattr(instance, name) for name in SHOWN_FACILITATOR_FIELDS)
    instance.__dict__["_freshness_renamed"] = was is not None and was != now


def _facilitator_post_save(sender, instance, created, raw=False, **kwargs):
    """Their own feed; and their public name is in the feeds of the groups they run or cover."""
    if raw or created:
        return
    with _record() as unit:
        unit.keys.add(_facilitator(instance.pk))
        if instance.__dict__.pop("_freshness_renamed", False):
            unit.groups |= set(
                GroupFacilitator.objects.filter(facilitator=instance).values_list(
                    "group_id", flat=True
                )
            )
            unit.groups |= set(
                SessionSubstitute.objects.filter(substitute=instance).values_list(
                    "group_id", flat=True
                )
            )


def _label_post_save(sender, instance, created, raw=False, **kwargs):
    """A language's or access feature's name, shown with every group that has it."""
    if raw or created:
        return
    with _record() as unit:
        unit.groups |= set(instance.groups.values_list("pk", flat=True))


def _label_pre_delete(sender, instance, **kwargs):
    with _record() as unit:
        unit.groups |= set(instance.groups.values_list("pk", flat=True))


def connect() -> None:
    """Called once, by ``GroupsConfig.ready``."""
    uid = "groups.freshness"
    pre_save.connect(_group_pre_save, sender=Group, dispatch_uid=uid)
    post_save.connect(_group_post_save, sender=Group, dispatch_uid=uid)
    pre_delete.connect(_group_pre_delete, sender=Group, dispatch_uid=uid)
    for through in (Group.languages.through, Group.access_features.through):
        m2m_changed.connect(_group_m2m, sender=through, dispatch_uid=uid)
    m2m_changed.connect(
        _group_facilitators_m2m, sender=Group.facilitators.through, dispatch_uid=uid
    )
    for part in (GroupFacilitator, SessionChange, SessionSubstitute):
        pre_save.connect(_part_pre_save, sender=part, dispatch_uid=uid)
        post_save.connect(_part_post_save, sender=part, dispatch_uid=uid)
        post_delete.connect(_part_post_delete, sender=part, dispatch_uid=uid)
    post_save.connect(_region_post_save, sender=Region, dispatch_uid=uid)
    post_save.connect(_venue_post_save, sender=Venue, dispatch_uid=uid)
    for place in (Region, Venue):
        post_delete.connect(_place_post_delete, sender=place, dispatch_uid=uid)
    pre_save.connect(_facilitator_pre_save, sender=FacilitatorProfile, dispatch_uid=uid)
    post_save.connect(_facilitator_post_save, sender=FacilitatorProfile, dispatch_uid=uid)
    for label in (Language, AccessFeature):
        post_save.connect(_label_post_save, sender=label, dispatch_uid=uid)
        pre_delete.connect(_label_pre_delete, sender=label, dispatch_uid=uid)
