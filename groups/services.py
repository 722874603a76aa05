"""Changes to groups and their people. Sessions: groups/sessions.py; cover: groups/covers.py.

Every change is a unit of work (``freshness.changes``): the feeds it touches move once, when
it ends, inside its transaction; no service names a feed.
"""

import datetime as dt
import enum

from django.core.exceptions import ValidationError
from django.db.models import F

from core.text import sentence
from core.validation import AlreadyDone, validated_save
from groups import notifications
from groups.freshness import changes
from groups.locks import lock_groups
from groups.models import Group, GroupFacilitator, SessionSubstitute
from groups.translations import translations_set

GROUP_RELATIONS = ("languages", "access_features")


@changes()
def group_create(
    *, facilitators=(), languages=(), access_features=(), translations=None, **fields
) -> Group:
    """Create a group; ``facilitators`` is a list of (FacilitatorProfile, role) pairs.

    ``translations``: its (title, description) by language (``groups.translations``).
    """
    group = validated_save(Group(**fields))
    group.languages.set(languages)
    group.access_features.set(access_features)
    translations_set(group, translations or {})
    for facilitator, role in facilitators:
        validated_save(GroupFacilitator(group=group, facilitator=facilitator, role=role))
    return group


class EditConflict(ValidationError):
    """The group changed since the form was opened; saving would undo someone's change."""


class AnyVersion(enum.Enum):
    """``group_update(expected_version=ANY_VERSION)``: a change that is no edit of a form."""

    ANY_VERSION = "any"


ANY_VERSION = AnyVersion.ANY_VERSION


def group_update(
    *,
    group: Group,
    expected_version: int | AnyVersion | None,
    translations=None,
    **fields,
) -> Group:
    """Change a group's fields; SEQUENCE rises so calendar clients take the new version.

    ``translations`` (title, description) by language, saved with the group and moving its
    version, SEQUENCE and pages like any edit; None leaves them as they are.

    ``expected_version`` must be said. An editor's form gives the version it was built from,
    and the save is refused with EditConflict when anyone saved the group since: the check and
    the claim of the next version are one UPDATE, so of two simultaneous saves exactly one
    wins. A form that comes back without its version (None) is refused too, since nobody can
    tell what it would undo. A change that sets only the fields it names and is no edit of
    what someone saw (a status button, a command, a test) passes ANY_VERSION.
    """
    if expected_version is None:
        raise EditConflict(
            "This form came back without the version of the group it was opened on, so "
            "PeerHub cannot tell whether someone else changed the group since. Your changes "
            "are not saved: look at the group as it is now and make your changes again.",
            code="no_version",
        )
    related = {name: fields.pop(name) for name in GROUP_RELATIONS if name in fields}
    with changes():
        editable = Group.objects.filter(pk=group.pk)
        if expected_version is not ANY_VERSION:
            editable = editable.filter(version=expected_version)
        # The claim also locks the row until the transaction ends.
        if not editable.update(version=F("version") + 1):
            raise EditConflict(
                "Someone else changed this group while you were editing it, and their change "
                "has been kept. Your changes are not saved: look at the group as it is now and "
                "make your changes again.",
                code="conflict",
            )
        # Start from the row as it is now, under the lock: a field this change does not name
        # keeps what others saved meanwhile (a confirmation, SEQUENCE, a status).
        group.refresh_from_db()
        for name, value in fields.items():
            setattr(group, name, value)
        validated_save(group)
        for name, values in related.items():
            getattr(group, name).set(values)
        if translations is not None:
            translations_set(group, translations)
    # Once the unit of work has ended (unless this runs inside a larger one), SEQUENCE rose.
    group.refresh_from_db(fields=["sequence", "version", "updated_at"])
    return group


def group_status_set(*, group: Group, status: str) -> Group:
    """Run, pause, end or archive a group; AlreadyDone if it already has that status."""
    with changes():
        lock_groups([group.pk])
        if Group.objects.values_list("status", flat=True).get(pk=group.pk) == status:
            label = (
                "running" if status == Group.Status.ACTIVE else Group.Status(status).label.lower()
            )
            raise AlreadyDone(f"{group.title} is already {label}; nothing changed.")
        group_update(group=group, expected_version=ANY_VERSION, status=status)
    group.refresh_from_db(fields=["sequence", "version", "updated_at"])
    return group


@changes()
def group_confirm_running(*, group: Group, on: dt.date) -> Group:
    """Someone confirmed the group still meets; a second confirmation that day changes nothing."""
    lock_groups([group.pk])
    group.last_confirmed_on = Group.objects.values_list("last_confirmed_on", flat=True).get(
        pk=group.pk
    )
    if group.last_confirmed_on != on:
        group.last_confirmed_on = on
        group.save(update_fields=["last_confirmed_on", "updated_at"])
    return group


@changes()
def group_facilitator_add(
    *, group: Group, facilitator, role=GroupFacilitator.Role.LEAD, notify: bool = True
):
    """Make someone a lead or co-facilitator of a group (or change their role).

    AlreadyDone when they already have that role.
    """
    lock_groups([group.pk])
    membership = GroupFacilitator.objects.filter(group=group, facilitator=facilitator).first()
    if membership is None:
        membership = GroupFacilitator(group=group, facilitator=facilitator)
    elif membership.role == role:
        raise AlreadyDone(
            f"{facilitator} is already {membership.get_role_display().lower()} of "
            f"{group.title}; nothing changed."
        )
    membership.role = role
    validated_save(membership)
    if notify:
        notifications.facilitator_added(membership, group)
    return membership


@changes()
def group_facilitator_remove(*, membership: GroupFacilitator, notify: bool = True) -> None:
    """Take someone off a group; their feed drops it at once. AlreadyDone if they are off."""
    group = membership.group
    lock_groups([group.pk])
    current = (  # as it is now
        GroupFacilitator.objects.select_related("facilitator__user")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None:
        raise AlreadyDone(sentence(f"That facilitator was already taken off {group.title}"))
    membership = current
    if SessionSubstitute.objects.filter(group=group, replaces=membership.facilitator).exists():
        raise ValidationError(
            f"{membership.facilitator} has a substitute booked for a session of this group; "
            "remove the substitute first."
        )
    membership.delete()
    if notify:
        notifications.facilitator_removed(membership, group)
