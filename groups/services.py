import datetime as dt
import enum
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS as NON_FIELD
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from core.validation import AlreadyDone, validated_save
from facilitators.selectors import facilitators_for_region
from groups import notifications, versions
from groups.models import (
    FeedVersion,
    Group,
    GroupFacilitator,
    SessionChange,
    SessionSubstitute,
    SubstituteRequest,
)
from groups.selectors import session_of

GROUP_RELATIONS = ("languages", "access_features")


def _lock_groups(group_ids: Iterable[int]) -> None:
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


class EditConflict(ValidationError):
    """The group changed since the form was opened; saving would undo someone's change."""


class AnyVersion(enum.Enum):
    """``group_update(expected_version=ANY_VERSION)``: a change that is no edit of a form."""

    ANY_VERSION = "any"


ANY_VERSION = AnyVersion.ANY_VERSION


@transaction.atomic
def group_update(*, group: Group, expected_version: int | AnyVersion | None, **fields) -> Group:
    """Change a group's fields; SEQUENCE rises so calendar clients take the new version.

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
    editable = Group.objects.filter(pk=group.pk)
    if expected_version is not ANY_VERSION:
        editable = editable.filter(version=expected_version)
    # The claim also locks the row until the transaction ends.
    if not editable.update(version=F("version") + 1):
        raise EditConflict(
            "Someone else changed this group while you were editing it, and their change has "
            "been kept. Your changes are not saved: look at the group as it is now and make "
            "your changes again.",
            code="conflict",
        )
    # Start from the row as it is now, under the lock: a field this change does not name
    # keeps what others saved meanwhile (a confirmation, SEQUENCE, a status).
    group.refresh_from_db()
    before = feed_keys_for_groups(group_ids=[group.pk])  # feeds it may be leaving
    for name, value in fields.items():
        setattr(group, name, value)
    validated_save(group)
    for name, values in related.items():
        getattr(group, name).set(values)
    groups_changed(group_ids=[group.pk], also=before)
    group.refresh_from_db(fields=["sequence", "version", "updated_at"])
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
    """Give each feed a new version now; cached copies of the old one are never served again.

    Every worker keeping versions in memory hears of it when the change commits. The rows are
    locked in one order, the network's first: nearly every change moves it, so a transaction
    that moves feeds several times (a snow day, group after group) holds it from its first
    move, and any other waits for it before holding anything the first could need next.
    """
    keys = set(keys)
    now = timezone.now()
    in_order = sorted(keys, key=lambda key: (key != FeedVersion.NETWORK, key))
    FeedVersion.objects.bulk_create(
        [FeedVersion(key=key, token=uuid.uuid4().hex, changed_at=now) for key in in_order],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["token", "changed_at"],
    )
    versions.notify(keys)


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
def group_status_set(*, group: Group, status: str) -> Group:
    """Run, pause, end or archive a group; AlreadyDone if it already has that status."""
    _lock_groups([group.pk])
    if Group.objects.values_list("status", flat=True).get(pk=group.pk) == status:
        label = "running" if status == Group.Status.ACTIVE else Group.Status(status).label.lower()
        raise AlreadyDone(f"{group.title} is already {label}; nothing changed.")
    return group_update(group=group, expected_version=ANY_VERSION, status=status)


@transaction.atomic
def group_confirm_running(*, group: Group, on: dt.date) -> Group:
    """Someone confirmed the group still meets; a second confirmation that day changes nothing."""
    _lock_groups([group.pk])
    group.last_confirmed_on = Group.objects.values_list("last_confirmed_on", flat=True).get(
        pk=group.pk
    )
    if group.last_confirmed_on != on:
        group.last_confirmed_on = on
        group.save(update_fields=["last_confirmed_on", "updated_at"])
    return group


@transaction.atomic
def group_facilitator_add(
    *, group: Group, facilitator, role=GroupFacilitator.Role.LEAD, notify: bool = True
):
    """Make someone a lead or co-facilitator of a group (or change their role).

    AlreadyDone when they already have that role.
    """
    _lock_groups([group.pk])
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
    groups_changed(group_ids=[group.pk])
    if notify:
        notifications.notify(
            [facilitator],
            notifications.Notice(
                subject=f"You are {membership.get_role_display().lower()} of {group.title}",
                lines=(
                    f"You are now {membership.get_role_display().lower()} of {group.title} "
                    f"({group.region.name}).",
                    f"It meets: {_schedule_words(group)}.",
                ),
            ),
            group=group,
        )
    return membership


@transaction.atomic
def group_facilitator_remove(*, membership: GroupFacilitator, notify: bool = True) -> None:
    """Take someone off a group; their feed drops it at once. AlreadyDone if they are off."""
    group = membership.group
    _lock_groups([group.pk])
    current = (  # as it is now
        GroupFacilitator.objects.select_related("facilitator__user")
        .filter(pk=membership.pk)
        .first()
    )
    if current is None:
        raise AlreadyDone(f"That facilitator was already taken off {group.title}.")
    membership = current
    if SessionSubstitute.objects.filter(group=group, replaces=membership.facilitator).exists():
        raise ValidationError(
            f"{membership.facilitator} has a substitute booked for a session of this group; "
            "remove the substitute first."
        )
    before = feed_keys_for_groups(group_ids=[group.pk])
    membership.delete()
    groups_changed(group_ids=[group.pk], also=before)
    if notify:
        notifications.notify(
            [membership.facilitator],
            notifications.Notice(
                subject=f"You are no longer facilitating {group.title}",
                lines=(
                    f"You have been taken off {group.title} ({group.region.name}); its sessions "
                    "are no longer in your calendar.",
                ),
            ),
            group=group,
        )


def _schedule_words(group: Group) -> str:
    from groups.describe import schedule_in_words

    return schedule_in_words(group.schedule)


def _session_change(group: Group, day: dt.date) -> SessionChange | None:
    return SessionChange.objects.filter(group=group, original_date=day).first()


def _session_change_save(
    *, group: Group, original_date: dt.date, notify: bool, **fields
) -> SessionChange:
    """Cancel or move one session, deciding on its change as it is now (under the lock).

    AlreadyDone when the session is already cancelled (for a cancel), or already moved in
    exactly this way (for a move): a double submission changes nothing and emails nobody.
    """
    _lock_groups([group.pk])
    change = SessionChange.objects.filter(group=group, original_date=original_date).first()
    if change is not None and change.kind == fields["kind"]:
        if change.is_cancelled:
            raise AlreadyDone(f"The session of {original_date:%A %-d %B} was already cancelled.")
        same = ("new_date", "new_start_time", "new_end_time", "public_note", "private_note")
        if change.new_venue_id == getattr(fields["new_venue"], "pk", None) and all(
            getattr(change, name) == fields[name] for name in same
        ):
            raise AlreadyDone(
                f"The session of {original_date:%A %-d %B} was already moved there; "
                "nothing changed."
            )
    before = (
        None if change is None else notifications.session_in_words(group, original_date, change)
    )
    if change is None:
        change = SessionChange(group=group, original_date=original_date)
    for name, value in fields.items():
        setattr(change, name, value)
    validated_save(change)
    groups_changed(group_ids=[group.pk])
    if notify:
        planned = notifications.session_in_words(group, original_date)
        if change.is_cancelled:
            subject = f"Cancelled: {group.title}, {original_date:%A %-d %B}"
            lines = [f"The session of {group.title} on {planned} is cancelled."]
        else:
            subject = f"Changed: {group.title}, {original_date:%A %-d %B}"
            lines = [
                f"The session of {group.title} planned for {planned} has moved.",
                f"It is now on {notifications.session_in_words(group, original_date, change)}.",
            ]
        if before is not None:
            lines.append(f"(Before this change it was set for {before}.)")
        if change.public_note:
            lines.append(f"Note for everyone: {change.public_note}")
        if change.private_note:
            lines.append(f"Note for facilitators: {change.private_note}")
        notifications.notify(
            notifications.facilitators_of_session(group, original_date),
            notifications.Notice(subject=subject, lines=tuple(lines)),
            group=group,
        )
    return change


@transaction.atomic
def session_cancel(
    *,
    group: Group,
    original_date: dt.date,
    public_note="",
    private_note="",
    user=None,
    notify: bool = True,
) -> SessionChange:
    """Cancel one session (replacing any earlier move of it)."""
    return _session_change_save(
        group=group,
        original_date=original_date,
        notify=notify,
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
    notify: bool = True,
) -> SessionChange:
    """Move one session to a new date, time or venue (replacing any earlier change of it)."""
    return _session_change_save(
        group=group,
        original_date=original_date,
        notify=notify,
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
def session_change_undo(*, change: SessionChange, notify: bool = True) -> None:
    """Put the session back as scheduled; AlreadyDone if this change was undone already."""
    group = change.group
    _lock_groups([group.pk])
    change = SessionChange.objects.filter(pk=change.pk).first()  # as it is now
    if change is None:
        raise AlreadyDone("That session was already as planned; nothing to undo.")
    was = "cancelled" if change.is_cancelled else "moved"
    change.delete()
    groups_changed(group_ids=[group.pk])
    if notify:
        day = change.original_date
        notifications.notify(
            notifications.facilitators_of_session(group, day),
            notifications.Notice(
                subject=f"Back on: {group.title}, {day:%A %-d %B}",
                lines=(
                    f"The session of {group.title} that was {was} is back as planned: "
                    f"{notifications.session_in_words(group, day)}.",
                ),
            ),
            group=group,
        )


@transaction.atomic
def session_substitute_assign(
    *,
    group: Group,
    original_date: dt.date,
    substitute,
    replaces=None,
    user=None,
    notify: bool = True,
) -> SessionSubstitute:
    """Have ``substitute`` facilitate one session, in place of ``replaces`` (or as well).

    AlreadyDone when they already cover it in just this way.
    """
    _lock_groups([group.pk])
    if SessionSubstitute.objects.filter(
        group=group, original_date=original_date, substitute=substitute, replaces=replaces
    ).exists():
        raise AlreadyDone(f"{substitute} already covers this session; nothing changed.")
    record = validated_save(
        SessionSubstitute(
            group=group,
            original_date=original_date,
            substitute=substitute,
            replaces=replaces,
            created_by=user,
        )
    )
    if replaces is not None:
        # A coordinator's substitute answers the facilitator's own request for cover.
        _requests_close(
            SubstituteRequest.objects.filter(
                group=group, original_date=original_date, requested_by=replaces
            ),
            status=SubstituteRequest.Status.TAKEN,
            taken_by=substitute,
            taken_at=timezone.now(),
        )
    groups_changed(group_ids=[group.pk])
    if notify:
        when = notifications.session_in_words(
            group, original_date, _session_change(group, record.original_date)
        )
        notifications.notify(
            [substitute],
            notifications.Notice(
                subject=f"Please cover {group.title}, {original_date:%A %-d %B}",
                lines=(
                    f"You are facilitating {group.title} on {when}"
                    + (f", in place of {replaces}." if replaces else "."),
                    "It is in your PeerHub calendar feed now.",
                ),
            ),
            group=group,
        )
        if replaces is not None:
            notifications.notify(
                [replaces],
                notifications.Notice(
                    subject=f"{substitute} covers {group.title}, {original_date:%A %-d %B}",
                    lines=(
                        f"{substitute} is facilitating {group.title} on {when} in your place; "
                        "that session is off your calendar.",
                    ),
                ),
                group=group,
            )
    return record


@transaction.atomic
def session_substitute_remove(*, record: SessionSubstitute, notify: bool = True) -> None:
    """The regular facilitator is back for that session; AlreadyDone if it was removed."""
    _lock_groups([record.group_id])
    if not SessionSubstitute.objects.filter(pk=record.pk).exists():
        raise AlreadyDone("That substitute was already removed.")
    also = {FeedVersion.key_for("facilitator", record.substitute_id)}
    record.delete()
    groups_changed(group_ids=[record.group_id], also=also)
    if notify:
        group = record.group
        day = record.original_date
        when = notifications.session_in_words(
            group, day, _session_change(group, record.original_date)
        )
        people = [record.substitute] + ([record.replaces] if record.replaces_id else [])
        notifications.notify(
            people,
            notifications.Notice(
                subject=f"Cover cancelled: {group.title}, {day:%A %-d %B}",
                lines=(
                    f"{record.substitute} is no longer covering {group.title} on {when}."
                    + (
                        f" {record.replaces} facilitates it as usual." if record.replaces_id else ""
                    ),
                ),
            ),
            group=group,
        )


@transaction.atomic
def sessions_cancel_on_day(
    *, sessions, public_note="", private_note="", user=None
) -> list[SessionChange]:
    """Cancel every one of ``sessions`` (GroupSessions, e.g. a region's on a snow day) at once.

    All or nothing: one session that cannot be cancelled leaves every session as it was. One
    already cancelled (by a second "Cancel them all" at the same moment, say) is left as it is
    and not returned.
    """
    sessions = [session for session in sessions if not session.occurrence.cancelled]
    # Every group's lock first, in one order, so two snow days at once cannot deadlock.
    _lock_groups(session.group.pk for session in sessions)
    done = []
    for session in sessions:
        try:
            done.append(
                session_cancel(
                    group=session.group,
                    original_date=session.occurrence.original_date,
                    public_note=public_note,
                    private_note=private_note,
                    user=user,
                )
            )
        except AlreadyDone:
            continue
    return done


def _session_must_be_ahead(group: Group, day: dt.date, now: dt.datetime, field: str) -> None:
    """A session that has started, or is cancelled, cannot be handed on."""
    occurrence = session_of(group, day, _session_change(group, day)).occurrence
    if occurrence.cancelled:
        raise ValidationError({field: "This session is cancelled; there is nothing to cover."})
    if occurrence.start <= now:
        raise ValidationError({field: "This session has already started."})


@transaction.atomic
def substitute_request_open(
    *, group: Group, original_date: dt.date, facilitator, note: str = "", now=None
) -> SubstituteRequest:
    """``facilitator`` cannot make one session: ask the region's facilitators to take it."""
    now = now or timezone.now()
    _lock_groups([group.pk])
    if facilitator not in notifications.facilitators_of_session(group, original_date):
        raise ValidationError(
            {
                "original_date": "You are not facilitating this session, so it is not yours "
                "to hand on."
            }
        )
    _session_must_be_ahead(group, original_date, now, "original_date")
    if SubstituteRequest.objects.filter(
        group=group,
        original_date=original_date,
        requested_by=facilitator,
        status=SubstituteRequest.Status.OPEN,
    ).exists():
        raise AlreadyDone({"original_date": "You have already asked for cover for this session."})
    if SessionSubstitute.objects.filter(
        group=group, original_date=original_date, substitute=facilitator
    ).exists():
        raise ValidationError(
            {
                "original_date": "You are this session's substitute; ask the region's "
                "coordinator to release you."
            }
        )
    record = validated_save(
        SubstituteRequest(
            group=group, original_date=original_date, requested_by=facilitator, note=note
        )
    )
    when = notifications.session_in_words(
        group, original_date, _session_change(group, original_date)
    )
    already = set(notifications.facilitators_of_session(group, original_date))
    colleagues = [
        person
        for person in facilitators_for_region(group.region).select_related("user")
        if person not in already
    ]
    notifications.notify(
        colleagues,
        notifications.Notice(
            subject=f"Can you cover {group.title}, {original_date:%A %-d %B}?",
            lines=(
                f"{facilitator} cannot make {group.title} on {when} and asks for cover.",
                *([f"Their note: {record.note}"] if record.note else []),
                "If you can take it, choose “I'll take it” on your PeerHub page: "
                f"{settings.SITE_URL}/me/",
            ),
        ),
        group=group,
    )
    notifications.notify_coordinators(
        group.region,
        notifications.Notice(
            subject=f"Cover needed: {group.title}, {original_date:%A %-d %B}",
            lines=(
                f"{facilitator} cannot make {group.title} on {when} and has asked the region's "
                "facilitators to cover it. You will hear when someone takes it.",
            ),
        ),
        group=group,
    )
    return record


def _requests_close(requests, **fields) -> int:
    """Close the open ones of ``requests`` (take or withdraw them); how many were open.

    Each is read under its row lock and saved on its own, so of two requests at once only one
    finds it open, and its history records who closed it and when (an UPDATE of the table
    would leave no history).
    """
    closed = 0
    for request in requests.select_for_update().filter(status=SubstituteRequest.Status.OPEN):
        for name, value in fields.items():
            setattr(request, name, value)
        request.save(update_fields=list(fields))
        closed += 1
    return closed


@transaction.atomic
def substitute_request_withdraw(*, record: SubstituteRequest) -> None:
    """The facilitator can make it after all."""
    withdrawn = _requests_close(
        SubstituteRequest.objects.filter(pk=record.pk), status=SubstituteRequest.Status.WITHDRAWN
    )
    if not withdrawn:
        raise ValidationError("This request was already taken or withdrawn.")


@transaction.atomic
def substitute_request_take(
    *, record: SubstituteRequest, facilitator, now=None
) -> SessionSubstitute:
    """``facilitator`` takes the session: they become its facilitator in the requester's place.

    Exactly one of several people taking it at once wins: the request is claimed under its row
    lock (``_requests_close``), after the group's.
    """
    now = now or timezone.now()
    group, day = record.group, record.original_date
    # The group's lock before the request's row, in the order a coordinator's substitute
    # takes them (session_substitute_assign), so the two cannot deadlock.
    _lock_groups([group.pk])
    if facilitator.pk == record.requested_by_id:
        raise ValidationError("This is your own request; withdraw it instead.")
    if not facilitator.is_active or not facilitator.regions.filter(pk=group.region_id).exists():
        raise ValidationError("Only a facilitator of this region can take this session.")
    if facilitator in notifications.facilitators_of_session(group, day):
        raise ValidationError("You are already facilitating this session.")
    _session_must_be_ahead(group, day, now, NON_FIELD)
    claimed = _requests_close(
        SubstituteRequest.objects.filter(pk=record.pk),
        status=SubstituteRequest.Status.TAKEN,
        taken_by=facilitator,
        taken_at=now,
    )
    if not claimed:
        raise ValidationError("Someone else took this session a moment ago, or it was withdrawn.")
    cover = session_substitute_assign(
        group=group,
        original_date=day,
        substitute=facilitator,
        replaces=record.requested_by,
        user=facilitator.user,
        notify=False,
    )
    when = notifications.session_in_words(group, day, _session_change(group, day))
    notifications.notify(
        [record.requested_by],
        notifications.Notice(
            subject=f"{facilitator} is covering {group.title}, {day:%A %-d %B}",
            lines=(
                f"{facilitator} has taken your session of {group.title} on {when}. "
                "It is off your calendar now. Thank you for asking early.",
            ),
        ),
        group=group,
    )
    notifications.notify(
        [facilitator],
        notifications.Notice(
            subject=f"You are covering {group.title}, {day:%A %-d %B}",
            lines=(
                f"Thank you: you are facilitating {group.title} on {when}, in place of "
                f"{record.requested_by}. It is in your PeerHub calendar feed now.",
            ),
        ),
        group=group,
    )
    notifications.notify_coordinators(
        group.region,
        notifications.Notice(
            subject=f"Covered: {group.title}, {day:%A %-d %B}",
            lines=(
                f"{facilitator} is covering {group.title} on {when} in place of "
                f"{record.requested_by}.",
            ),
        ),
        group=group,
    )
    return cover
