"""The receivers of groups/freshness.py: what each save, delete or many-to-many change of a
model the feeds show records in the current unit of work. Connected by ``GroupsConfig.ready``.

"Before" is read from the database in the pre_ signal (the region and venue a group leaves,
the group and person a membership or substitute leaves); "after" is read when the unit flushes.
"""

from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from facilitators.models import FacilitatorProfile
from groups.freshness import (
    Unit,
    feed_keys_for_groups,
    keep_pending,
    open_units,
    pending_of,
    record,
)
from groups.models import (
    AccessFeature,
    FeedVersion,
    Group,
    GroupFacilitator,
    GroupTranslation,
    Language,
    SessionChange,
    SessionSubstitute,
)
from regions.models import Region, Venue

# A group saved with only these fields shows nothing new in any feed or cached answer.
QUIET_GROUP_FIELDS = frozenset({"last_confirmed_on", "updated_at", "sequence", "version"})

# What a change to a region, venue or label moves beyond its groups: the calendar page (kept
# under the network's version) names it, and its filter form (kept under the listing's) offers
# it. A change to a session moves neither of these: only the groups' feeds and the network.
LISTED = frozenset({FeedVersion.NETWORK, FeedVersion.LISTING})

# What of a facilitator the groups' feeds and pages show.
SHOWN_FACILITATOR_FIELDS = ("display_name", "is_active")


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
    unit = open_units()[0] if open_units() else Unit()
    unit.keys.add(FeedVersion.key_for("region", was[0]))
    if was[1] is not None:
        unit.keys.add(FeedVersion.key_for("venue", was[1]))
    keep_pending(instance, unit)


def _group_post_save(sender, instance, created, update_fields=None, raw=False, **kwargs):
    if raw or _quiet(update_fields):
        return
    with record(pending_of(instance)) as unit:
        (unit.created if created else unit.groups).add(instance.pk)
        unit.keys.add(FeedVersion.LISTING)  # its kind, place, whether it is public


def _group_pre_delete(sender, instance, **kwargs):
    # Gone after the delete: every feed it is in now moves.
    with record() as unit:
        unit.keys |= feed_keys_for_groups(group_ids=[instance.pk]) | {FeedVersion.LISTING}


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
    with record() as unit:
        unit.keys.add(FeedVersion.LISTING)
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
        unit = open_units()[0] if open_units() else Unit()
        unit.groups |= {group_id for group_id, _ in found}
        unit.keys |= {_facilitator(facilitator_id) for _, facilitator_id in found}
        keep_pending(instance, unit)
    elif action in ("post_add", "post_remove", "post_clear"):
        with record(pending_of(instance)) as unit:
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
    unit = open_units()[0] if open_units() else Unit()
    unit.groups.add(was[0])
    if person:
        unit.keys.add(_facilitator(was[1]))
    keep_pending(instance, unit)


def _part_post_save(sender, instance, raw=False, **kwargs):
    if raw:
        return
    with record(pending_of(instance)) as unit:
        unit.groups.add(instance.group_id)


def _part_post_delete(sender, instance, **kwargs):
    with record() as unit:
        unit.groups.add(instance.group_id)
        # Gone from the group, so no longer found from it: their feed moves by name.
        if sender is GroupFacilitator:
            unit.keys.add(_facilitator(instance.facilitator_id))
        elif sender is SessionSubstitute:
            unit.keys.add(_facilitator(instance.substitute_id))


def _translation_changed(sender, instance, raw=False, **kwargs):
    """A group's text in another language: its pages show it, so it moves like any edit."""
    if raw:
        return
    with record() as unit:
        unit.groups.add(instance.group_id)


# What the groups' feeds show of others: regions, venues, names ----------------------------


def _region_post_save(sender, instance, created, raw=False, **kwargs):
    """Its name, contact details and timezone are in every feed of its groups."""
    if raw:
        return
    with record() as unit:
        unit.keys |= {FeedVersion.key_for("region", instance.pk), *LISTED}
        if not created:
            unit.groups |= set(instance.groups.values_list("pk", flat=True))


def _venue_post_save(sender, instance, created, raw=False, **kwargs):
    """Its name and address are the location of its groups' sessions (moved ones too); and
    the calendar page of the venue (``?venue=``), kept under the network's version, names it."""
    if raw:
        return
    with record() as unit:
        unit.keys.add(FeedVersion.key_for("venue", instance.pk))
        if not created:
            unit.keys |= LISTED
            unit.groups |= set(instance.groups.values_list("pk", flat=True))
            unit.groups |= set(instance.moved_sessions.values_list("group_id", flat=True))


def _place_post_delete(sender, instance, **kwargs):
    kind = "region" if sender is Region else "venue"
    with record() as unit:
        unit.keys |= {FeedVersion.key_for(kind, instance.pk), *LISTED}


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
    with record() as unit:
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
    """A language's or access feature's name, shown with every group that has it, and in the
    calendar's filter form (kept under the network's version) wherever it is asked for."""
    if raw or created:
        return
    with record() as unit:
        unit.groups |= set(instance.groups.values_list("pk", flat=True))
        unit.keys |= LISTED


def _label_pre_delete(sender, instance, **kwargs):
    with record() as unit:
        unit.groups |= set(instance.groups.values_list("pk", flat=True))
        unit.keys |= LISTED


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
    post_save.connect(_translation_changed, sender=GroupTranslation, dispatch_uid=uid)
    post_delete.connect(_translation_changed, sender=GroupTranslation, dispatch_uid=uid)
    post_save.connect(_region_post_save, sender=Region, dispatch_uid=uid)
    post_save.connect(_venue_post_save, sender=Venue, dispatch_uid=uid)
    for place in (Region, Venue):
        post_delete.connect(_place_post_delete, sender=place, dispatch_uid=uid)
    pre_save.connect(_facilitator_pre_save, sender=FacilitatorProfile, dispatch_uid=uid)
    post_save.connect(_facilitator_post_save, sender=FacilitatorProfile, dispatch_uid=uid)
    for label in (Language, AccessFeature):
        post_save.connect(_label_post_save, sender=label, dispatch_uid=uid)
        pre_delete.connect(_label_pre_delete, sender=label, dispatch_uid=uid)
