"""Changes to single sessions of a group: cancel, move, put back, and substitutes.

Every change is a unit of work (``freshness.changes``): the feeds it touches move once, when
it ends, inside its transaction (a snow day moves each feed once, however many it cancels).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils import timezone

from core.validation import AlreadyDone, validated_save
from groups import notifications
from groups.freshness import changes
from groups.locks import lock_groups
from groups.models import Group, SessionChange, SessionSubstitute, SubstituteRequest
from groups.selectors import change_on


class SessionCancelled(ValidationError):
    """The session is cancelled: it is not moved, nor covered, until the cancellation is undone."""


MOVE_REFUSED = "it cannot be moved"
COVER_REFUSED = "nobody needs to cover it"


def ensure_not_cancelled(group: Group, original_date: dt.date, refused: str) -> None:
    """SessionCancelled, saying ``refused``, when the session is cancelled (as it is now)."""
    change = change_on(group, original_date)
    if change is not None and change.is_cancelled:
        raise SessionCancelled(
            f"The session of {original_date:%A %-d %B} is cancelled, so {refused}. Undo the "
            "cancellation first if it is to happen after all.",
            code="cancelled",
        )


def _session_change_save(
    *, group: Group, original_date: dt.date, notify: bool, **fields
) -> SessionChange:
    """Cancel or move one session, deciding on its change as it is now (under the lock).

    AlreadyDone when the session is already cancelled (for a cancel), or already moved in
    exactly this way (for a move): a double submission changes nothing and emails nobody.
    """
    lock_groups([group.pk])
    if fields["kind"] == SessionChange.Kind.MOVED:
        ensure_not_cancelled(group, original_date, MOVE_REFUSED)
    change = change_on(group, original_date)
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
    if notify:
        notifications.session_changed(group, original_date, change, before=before)
    return change


@changes()
def session_cancel(
    *,
    group: Group,
    original_date: dt.date,
    public_note="",
    private_note="",
    user=None,
    notify: bool = True,
) -> SessionChange:
    """Cancel one session where it is now: one that had moved keeps its new date, times and
    place and is cancelled there (every page, feed and the API show it cancelled on the day it
    had moved to, none on its original date); undoing the cancellation puts the move back."""
    return _session_change_save(
        group=group,
        original_date=original_date,
        notify=notify,
        kind=SessionChange.Kind.CANCELLED,
        public_note=public_note,
        private_note=private_note,
        created_by=user,
    )


@changes()
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


@changes()
def session_change_undo(*, change: SessionChange, notify: bool = True) -> SessionChange | None:
    """Undo the session's change; AlreadyDone if this change was undone already.

    A cancelled session that had moved is on again where it had moved to (the change, a move
    again, is returned); any other is back as scheduled (None).
    """
    group = change.group
    lock_groups([group.pk])
    change = SessionChange.objects.filter(pk=change.pk).first()  # as it is now
    if change is None:
        raise AlreadyDone("That session was already as planned; nothing to undo.")
    if change.is_cancelled and change.as_change().moves:
        change.kind = SessionChange.Kind.MOVED
        validated_save(change)
        if notify:
            notifications.session_back(group, change.original_date, was="cancelled", change=change)
        return change
    was = "cancelled" if change.is_cancelled else "moved"
    change.delete()
    if notify:
        notifications.session_back(group, change.original_date, was=was)
    return None


@changes()
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

    AlreadyDone when they already cover it in just this way; SessionCancelled when the session
    is cancelled.
    """
    lock_groups([group.pk])
    ensure_not_cancelled(group, original_date, COVER_REFUSED)
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
        requests_close(
            SubstituteRequest.objects.filter(
                group=group, original_date=original_date, requested_by=replaces
            ),
            status=SubstituteRequest.Status.TAKEN,
            taken_by=substitute,
            taken_at=timezone.now(),
        )
    if notify:
        when = notifications.session_in_words(
            group, original_date, change_on(group, record.original_date)
        )
        notifications.substitute_assigned(
            group, original_date, when=when, substitute=substitute, replaces=replaces
        )
    return record


@changes()
def session_substitute_remove(*, record: SessionSubstitute, notify: bool = True) -> None:
    """The regular facilitator is back for that session; AlreadyDone if it was removed."""
    lock_groups([record.group_id])
    if not SessionSubstitute.objects.filter(pk=record.pk).exists():
        raise AlreadyDone("That substitute was already removed.")
    record.delete()
    if notify:
        group = record.group
        when = notifications.session_in_words(
            group, record.original_date, change_on(group, record.original_date)
        )
        notifications.substitute_removed(record, group, when=when)


@changes()
def sessions_cancel_on_day(
    *, sessions, public_note="", private_note="", user=None
) -> list[SessionChange]:
    """Cancel every one of ``sessions`` (GroupSessions, e.g. a region's on a snow day) at once.

    All or nothing: one session that cannot be cancelled leaves every session as it was. One
    already cancelled (by a second "Cancel them all" at the same moment, say) is left as it is
    and not returned. Each feed moves once, however many of its sessions are cancelled.
    """
    sessions = [session for session in sessions if not session.occurrence.cancelled]
    # Every group's lock first, in one order, so two snow days at once cannot deadlock.
    lock_groups(session.group.pk for session in sessions)
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


def requests_close(requests, **fields) -> int:
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
