"""After the session: whether it was held, how many came, a note. Never anyone's name.

Who may record a session is decided here, once: a facilitator of that session (a regular
facilitator of the group not replaced that day, or its substitute; the same rule as
``notifications.facilitators_of_session``) or a coordinator of the group's region. The views
at /me/ and any other caller ask ``facilitates_session``, ``may_record`` or
``sessions_to_record``; ``session_record`` checks again before it saves.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validation import validated_save
from core.words import long_date
from facilitators.models import FacilitatorProfile
from groups.describe import time_range
from groups.models import Group, GroupFacilitator, SessionRecord, SessionSubstitute
from groups.notifications import facilitators_of_session
from groups.selectors import GroupSession, session_on, sessions_between
from regions.selectors import regions_for_user

RECORD_DAYS = 14  # how far back the facilitator's page lists sessions waiting for a record
MAX_NOTE = 2000
MAX_REASON = 300


@dataclass(frozen=True)
class SessionToRecord:
    """One of a facilitator's past sessions, and its record if it has one."""

    session: GroupSession
    record: SessionRecord | None


# Who may record.


def facilitates_session(facilitator, *, group: Group, original_date: dt.date) -> bool:
    """Does ``facilitator`` run this session: a regular not away that day, or its substitute?"""
    if facilitator is None:
        return False
    return any(
        person.pk == facilitator.pk for person in facilitators_of_session(group, original_date)
    )


def may_record(user, *, group: Group, original_date: dt.date) -> bool:
    """A coordinator of the group's region (or a superuser), or a facilitator of the session."""
    if not user.is_authenticated or not user.is_active:
        return False
    if regions_for_user(user).filter(pk=group.region_id).exists():
        return True
    facilitator = FacilitatorProfile.objects.filter(user=user, is_active=True).first()
    return facilitates_session(facilitator, group=group, original_date=original_date)


def sessions_to_record(
    facilitator, *, now: dt.datetime, days: int = RECORD_DAYS
) -> list[SessionToRecord]:
    """The facilitator's sessions that started in the last ``days`` days, oldest first.

    Sessions of their running groups (and of groups they covered), moves applied, cancelled
    ones left out, each with its record or None. A session they were replaced for is not theirs;
    one they covered is. Four queries, whatever the number of groups and sessions.
    """
    regular = GroupFacilitator.objects.filter(group=OuterRef("pk"), facilitator=facilitator)
    groups = list(
        Group.objects.filter(
            Q(memberships__facilitator=facilitator) | Q(substitutes__substitute=facilitator),
            status=Group.Status.ACTIVE,
        )
        .annotate(is_regular=Exists(regular))
        .select_related("region", "venue")
        .distinct()
        .order_by("pk")
    )
    if not groups:
        return []
    sessions = [
        session
        for session in sessions_between(groups, now - dt.timedelta(days=days), now)
        if not session.occurrence.cancelled
    ]
    dates = {session.occurrence.original_date for session in sessions}
    covers = SessionSubstitute.objects.filter(
        Q(substitute=facilitator) | Q(replaces=facilitator),
        group__in=groups,
        original_date__in=dates,
    ).values_list("group_id", "original_date", "substitute_id")
    covering, away = set(), set()
    for group_id, day, substitute_id in covers:
        (covering if substitute_id == facilitator.pk else away).add((group_id, day))
    records = {
        (record.group_id, record.original_date): record
        for record in SessionRecord.objects.filter(group__in=groups, original_date__in=dates)
    }
    found = []
    for session in sessions:
        key = (session.group.pk, session.occurrence.original_date)
        if key in covering or (session.group.is_regular and key not in away):
            found.append(SessionToRecord(session, records.get(key)))
    return found


def records_due(facilitator, *, now: dt.datetime) -> list[GroupSession]:
    """The facilitator's sessions of the last 14 days that have started and have no record yet.

    Oldest first; four queries whatever their number (see ``sessions_to_record``).
    """
    return [item.session for item in sessions_to_record(facilitator, now=now) if not item.record]


# One session.


def session_to_record(*, group: Group, original_date: dt.date) -> GroupSession:
    """The session of ``group`` on ``original_date`` as it is now (its move applied, if any)."""
    return session_on(group, original_date)


def existing_record(*, group: Group, original_date: dt.date) -> SessionRecord | None:
    return (
        SessionRecord.objects.filter(group=group, original_date=original_date)
        .select_related("recorded_by__facilitator_profile")
        .first()
    )


def recorder_name(user) -> str:
    """How a record names who made it: the facilitator's display name, or "First L."."""
    if user is None:
        return "someone no longer on PeerHub"
    profile = getattr(user, "facilitator_profile", None)
    if profile is not None:
        return profile.display_name
    if user.first_name:
        initial = f" {user.last_name[:1]}." if user.last_name else ""
        return f"{user.first_name}{initial}"
    return user.email


def already_recorded(record: SessionRecord) -> str:
    when = timezone.localtime(record.recorded_at)
    return _(
        "This session was already recorded on %(day)s by %(name)s; a session is recorded once."
    ) % {"day": long_date(when.date()), "name": recorder_name(record.recorded_by)}


def record_refusal(session: GroupSession, *, now: dt.datetime) -> dict[str, str]:
    """Why this session cannot be recorded now, by field name; empty when it can."""
    group, occurrence = session.group, session.occurrence
    day = occurrence.original_date
    if not group.meets_on(day):
        return {
            "original_date": _("%(group)s does not meet on %(day)s.")
            % {"group": group.title, "day": long_date(day)}
        }
    if occurrence.cancelled:
        return {"original_date": _("This session was cancelled; there is nothing to record.")}
    if occurrence.start >= now:
        times = time_range(occurrence.start.time(), occurrence.end.time())
        return {
            "original_date": _(
                "This session has not started yet: it is on %(day)s, %(times)s. Record it once "
                "it has happened."
            )
            % {"day": long_date(occurrence.start.date()), "times": times}
        }
    record = existing_record(group=group, original_date=day)
    if record is not None:
        return {"original_date": already_recorded(record)}
    return {}


def _input_errors(*, attendance, not_held_reason: str, note: str) -> dict[str, str]:
    errors = {}
    if attendance is not None and not 0 <= attendance <= SessionRecord.MAX_ATTENDANCE:
        errors["attendance"] = (
            f"Attendance is a number of people from 0 to {SessionRecord.MAX_ATTENDANCE}; "
            f"{attendance} is not."
        )
    if len(not_held_reason) > MAX_REASON:
        errors["not_held_reason"] = (
            f"The reason is {len(not_held_reason):,} characters long; keep it to {MAX_REASON}."
        )
    if len(note) > MAX_NOTE:
        errors["note"] = f"The note is {len(note):,} characters long; keep it to {MAX_NOTE:,}."
    return errors


@transaction.atomic
def session_record(
    *,
    group: Group,
    original_date: dt.date,
    held: bool,
    attendance: int | None = None,
    not_held_reason: str = "",
    note: str = "",
    user,
    now: dt.datetime | None = None,
) -> SessionRecord:
    """Record what happened at one session that has started: once, and never a name.

    Raises PermissionDenied for anyone but the session's facilitators and the region's
    coordinators, and ValidationError (by field) for a session not started yet, cancelled or
    already recorded, and for attendance outside 0 to 500 or a note over 2,000 characters. Of
    two simultaneous records of one session the database's unique constraint keeps the first;
    the second gets the same "already recorded" error.
    """
    now = now or timezone.now()
    if not may_record(user, group=group, original_date=original_date):
        raise PermissionDenied(
            "Only the session's facilitators and the region's coordinators may record it."
        )
    session = session_to_record(group=group, original_date=original_date)
    refusal = record_refusal(session, now=now)
    if refusal:
        raise ValidationError(refusal)
    record = SessionRecord(
        group=group,
        original_date=original_date,
        held=held,
        attendance=attendance,
        not_held_reason=not_held_reason.strip(),
        note=note.strip(),
        recorded_by=user,
    )
    errors = _input_errors(attendance=attendance, not_held_reason=not_held_reason, note=note)
    if errors:
        # Say everything that is wrong at once: the model's own rules too.
        try:
            record.full_clean(exclude=list(errors))
        except ValidationError as more:
            for name, messages in more.message_dict.items():
                errors.setdefault(name, " ".join(messages))
        raise ValidationError(errors)
    try:
        return validated_save(record)
    except ValidationError:
        # Another request recorded the session between our check and our save.
        earlier = existing_record(group=group, original_date=original_date)
        if earlier is None:
            raise
        raise ValidationError({"original_date": already_recorded(earlier)}) from None
