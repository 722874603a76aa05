import datetime as dt

from django.db import transaction
from django.db.models import F

from peerhub.validation import validated_save

from .models import Group, GroupFacilitator, SessionChange

GROUP_RELATIONS = ("languages", "access_features")


@transaction.atomic
def group_create(*, facilitators=(), languages=(), access_features=(), **fields) -> Group:
    """Create a group; ``facilitators`` is a list of (FacilitatorProfile, role) pairs."""
    group = validated_save(Group(**fields))
    group.languages.set(languages)
    group.access_features.set(access_features)
    for facilitator, role in facilitators:
        group_facilitator_add(group=group, facilitator=facilitator, role=role)
    return group


@transaction.atomic
def group_update(*, group: Group, **fields) -> Group:
    """Change a group's fields; SEQUENCE rises so calendar clients take the new version."""
    related = {name: fields.pop(name) for name in GROUP_RELATIONS if name in fields}
    for name, value in fields.items():
        setattr(group, name, value)
    group.sequence = F("sequence") + 1
    validated_save(group, exclude=["sequence"])
    group.refresh_from_db(fields=["sequence"])
    for name, values in related.items():
        getattr(group, name).set(values)
    return group


def group_sequence_bump(*, group_id: int) -> None:
    """Raise SEQUENCE in the database, so concurrent edits never lose an increment."""
    Group.objects.filter(pk=group_id).update(sequence=F("sequence") + 1)


@transaction.atomic
def group_confirm_running(*, group: Group, on: dt.date) -> Group:
    group.last_confirmed_on = on
    group.save(update_fields=["last_confirmed_on", "updated_at"])
    return group


@transaction.atomic
def group_facilitator_add(*, group: Group, facilitator, role=GroupFacilitator.Role.LEAD):
    return validated_save(GroupFacilitator(group=group, facilitator=facilitator, role=role))


def _session_change_save(*, group: Group, original_date: dt.date, **fields) -> SessionChange:
    change = SessionChange.objects.filter(group=group, original_date=original_date).first()
    if change is None:
        change = SessionChange(group=group, original_date=original_date)
    for name, value in fields.items():
        setattr(change, name, value)
    validated_save(change)
    group_sequence_bump(group_id=group.pk)
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
    group_sequence_bump(group_id=change.group_id)
    change.delete()
