import datetime as dt
import uuid
from collections.abc import Iterable

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from peerhub.validation import validated_save

from .models import FeedVersion, Group, GroupFacilitator, SessionChange, SessionSubstitute

GROUP_RELATIONS = ("languages", "access_features")


@transaction.atomic
def group_create(*, facilitators=(), languages=(), access_features=(), **fields) -> Group:
    """Create a group; ``facilitators`` is a list of (FacilitatorProfile, role) pairs."""
    group = validated_save(Group(**fields))
    group.languages.set(languages)
    group.access_features.set(access_features)
    for facilitator, role in facilitators:
        validated_save(GroupFacilitator(group=group, facilitator=facilitator, role=role))
    feed_versions_touch(keys=feed_keys_for_groups(group_ids=[group.pk]))
    return group


@transaction.atomic
def group_update(*, group: Group, **fields) -> Group:
    """Change a group's fields; SEQUENCE rises so calendar clients take the new version."""
    related = {name: fields.pop(name) for name in GROUP_RELATIONS if name in fields}
    before = feed_keys_for_groups(group_ids=[group.pk])  # feeds it may be leaving
    for name, value in fields.items():
        setattr(group, name, value)
    validated_save(group)
    for name, values in related.items():
        getattr(group, name).set(values)
    groups_changed(group_ids=[group.pk], also=before)
    group.refresh_from_db(fields=["sequence", "updated_at"])
    return group


def feed_keys_for_groups(*, group_ids: Iterable[int]) -> set[str]:
    """Every feed that shows any of these groups: the network, its region, venue, facilitators."""
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
    """Give each feed a new version now; cached copies of the old one are never served again."""
    now = timezone.now()
    FeedVersion.objects.bulk_create(
        [FeedVersion(key=key, token=uuid.uuid4().hex, changed_at=now) for key in sorted(set(keys))],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
    )


def groups_changed(*, group_ids: Iterable[int], also: Iterable[str] = ()) -> None:
    """Record that these groups (or their sessions, venue or people) changed.

    SEQUENCE rises in the database, so concurrent edits never lose an increment; LAST-MODIFIED
    moves; every feed that shows them, and the feeds in ``also`` (ones a group just left), gets
    a new version.
    """
    group_ids = list(group_ids)
    Group.objects.filter(pk__in=group_ids).update(
        sequence=F("sequence") + 1, updated_at=timezone.now()
    )
    feed_versions_touch(keys=feed_keys_for_groups(group_ids=group_ids) | set(also))


@transaction.atomic
def group_confirm_running(*, group: Group, on: dt.date) -> Group:
    group.last_confirmed_on = on
    group.save(update_fields=["last_confirmed_on", "updated_at"])
    return group


@transaction.atomic
def group_facilitator_add(*, group: Group, facilitator, role=GroupFacilitator.Role.LEAD):
    membership = validated_save(GroupFacilitator(group=group, facilitator=facilitator, role=role))
    groups_changed(group_ids=[group.pk])
    return membership


def _session_change_save(*, group: Group, original_date: dt.date, **fields) -> SessionChange:
    change = SessionChange.objects.filter(group=group, original_date=original_date).first()
    if change is None:
        change = SessionChange(group=group, original_date=original_date)
    for name, value in fields.items():
        setattr(change, name, value)
    validated_save(change)
    groups_changed(group_ids=[group.pk])
    return change


@transaction.atomic
def session_cancel(
    *, group: Group, original_date: dt.date, public_note="", private_note="", user=None
) -> SessionChange:
    """Cancel one session (replacing any earlier move of it)."""
    return _session_change_save(
        group=group,
        original_date=original_date,
        kind=SessionChange.Kind.CANCELLED,
        new_date=None,
        new_start_time=None,
        new_end_time=None,
        new_venue=None,
        public_note=public_note,
        private_note=private_note,
        created_by=user,
    )


@transaction.atomic
def session_move(
    *,
    group: Group,
    original_date: dt.date,
    new_date: dt.date | None = None,
    new_start_time: dt.time | None = None,
    new_end_time: dt.time | None = None,
    new_venue=None,
    public_note="",
    private_note="",
    user=None,
) -> SessionChange:
    """Move one session to a new date, time or venue (replacing any earlier change of it)."""
    return _session_change_save(
        group=group,
        original_date=original_date,
        kind=SessionChange.Kind.MOVED,
        new_date=new_date,
        new_start_time=new_start_time,
        new_end_time=new_end_time,
        new_venue=new_venue,
        public_note=public_note,
        private_note=private_note,
        created_by=user,
    )


@transaction.atomic
def session_change_undo(*, change: SessionChange) -> None:
    """Put the session back as scheduled."""
    change.delete()
    groups_changed(group_ids=[change.group_id])


@transaction.atomic
def session_substitute_assign(
    *, group: Group, original_date: dt.date, substitute, replaces=None, user=None
) -> SessionSubstitute:
    """Have ``substitute`` facilitate one session, in place of ``replaces`` (or as well)."""
    record = validated_save(
        SessionSubstitute(
            group=group,
            original_date=original_date,
            substitute=substitute,
            replaces=replaces,
            created_by=user,
        )
    )
    groups_changed(group_ids=[group.pk])
    return record


@transaction.atomic
def session_substitute_remove(*, record: SessionSubstitute) -> None:
    """The regular facilitator is back for that session."""
    also = {FeedVersion.key_for("facilitator", record.substitute_id)}
    record.delete()
    groups_changed(group_ids=[record.group_id], also=also)
