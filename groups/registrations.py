"""Registration for a session: a seat if one is free, else the waiting list; a cancellation
offers the seat to the next person, who has ``OFFER_HOLD`` to accept it.

Every write is atomic and takes the group's row lock first (``groups/locks.py``), then reads
the session's registrations as they are now: of many people registering at once, exactly as
many as there are seats are confirmed (tests/groups/test_registration_race.py). An offer holds
its seat until its deadline; an offer past its deadline is let go (the person is cancelled) the
next time anything touches the session, and by ``manage.py registration_offers_expire``, and
its seat goes to the next person. Emails go once the change has committed
(``groups/registration_emails.py``). Registrations never change a feed, so no unit of freshness.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.validation import AlreadyDone, validated_save
from groups import registration_emails
from groups.locks import lock_groups
from groups.models import Group, Registration
from groups.registration_models import new_token
from groups.selectors import GroupSession, public_groups, session_on, sessions_between

# How long a person offered a freed seat has to accept it (never past the session's start).
OFFER_HOLD = dt.timedelta(hours=48)
# How far ahead the public form offers sessions, and how many at most.
REGISTRATION_WEEKS = 12
REGISTRATION_SESSIONS = 12

Status = Registration.Status


def registration_groups():
    """Groups anyone may register for: public, active, with seats, and open."""
    return public_groups().filter(seats__isnull=False, registration_open=True)


def sessions_to_register_for(group: Group, *, now: dt.datetime | None = None) -> list[GroupSession]:
    """The next sessions of ``group`` one may register for: not started, not cancelled."""
    now = now or timezone.now()
    sessions = sessions_between([group], now, now + dt.timedelta(weeks=REGISTRATION_WEEKS))
    return [s for s in sessions if not s.occurrence.cancelled][:REGISTRATION_SESSIONS]


def registration_session(group: Group, day: dt.date, *, now: dt.datetime | None = None):
    """The session of ``group`` on ``day`` if one may register for it now; a ValidationError
    on ``session_date`` saying why not otherwise."""
    now = now or timezone.now()
    if group.seats is None:
        raise ValidationError({"session_date": _("This group takes no registrations.")})
    if not group.meets_on(day):
        raise ValidationError({"session_date": _("There is no session on that date.")})
    session = session_on(group, day)
    if session.occurrence.cancelled:
        raise ValidationError({"session_date": _("That session is cancelled.")})
    if session.occurrence.start <= now:
        raise ValidationError({"session_date": _("That session has already started.")})
    return session


def registrations_of_session(group: Group, day: dt.date):
    return Registration.objects.filter(group=group, session_date=day)


def seats_taken(group: Group, day: dt.date) -> int:
    return registrations_of_session(group, day).filter(status__in=Registration.HOLDING).count()


def seats_left(group: Group, day: dt.date) -> int:
    return max(0, (group.seats or 0) - seats_taken(group, day))


def _locked(group: Group) -> Group:
    """Take the group's lock, and read its seats as they are now."""
    lock_groups([group.pk])
    return Group.objects.select_related("region", "venue").get(pk=group.pk)


@transaction.atomic
def registration_create(
    *,
    group: Group,
    session_date: dt.date,
    first_name: str,
    email: str = "",
    phone: str = "",
    accommodation_needs: str = "",
    language: str = "en",
    now: dt.datetime | None = None,
) -> Registration:
    """A seat for a new person if one is free and nobody waits for it; else the waiting list."""
    now = now or timezone.now()
    group = _locked(group)
    registration_session(group, session_date, now=now)
    _expire(group, session_date, now=now)
    session = registrations_of_session(group, session_date)
    free = seats_taken(group, session_date) < group.seats
    nobody_waits = not session.filter(status=Status.WAITING).exists()
    registration = validated_save(
        Registration(
            group=group,
            session_date=session_date,
            status=Status.CONFIRMED if free and nobody_waits else Status.WAITING,
            first_name=first_name,
            email=email,
            phone=phone,
            accommodation_needs=accommodation_needs,
            language=language,
        )
    )
    registration_emails.registered(registration)
    _offer_free_seats(group, session_date, now=now)
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration, now: dt.datetime | None = None):
    """Give up a place (or a place in the queue); a freed seat is offered to the next person.

    AlreadyDone when it was cancelled already (a second click, a lapsed offer).
    """
    now = now or timezone.now()
    group = _locked(registration.group)
    _expire(group, registration.session_date, now=now)
    registration.refresh_from_db()
    if registration.status == Status.CANCELLED:
        raise AlreadyDone(_("This place was already cancelled; nothing changed."))
    registration.status, registration.offered_until = Status.CANCELLED, None
    registration.save(update_fields=["status", "offered_until"])
    _offer_free_seats(group, registration.session_date, now=now)
    return registration


def registration_accept(*, registration: Registration, now: dt.datetime | None = None):
    """Take the seat offered; refused once the offer's deadline has passed.

    Lapsed offers are let go (and their seats offered on) first, in a unit of their own, so a
    refusal here does not undo that.
    """
    now = now or timezone.now()
    registration_refresh(group=registration.group, session_date=registration.session_date, now=now)
    with transaction.atomic():
        _locked(registration.group)
        registration.refresh_from_db()
        if registration.status == Status.CONFIRMED:
            raise AlreadyDone(_("This place is already yours; nothing changed."))
        if registration.status != Status.OFFERED:
            raise ValidationError(
                _("This offer has run out, so the place went to the next person. Sorry!"),
                code="expired",
            )
        registration.status, registration.offered_until = Status.CONFIRMED, None
        registration.save(update_fields=["status", "offered_until"])
        registration_emails.accepted(registration)
    return registration


@transaction.atomic
def registration_attended(*, registration: Registration, attended: bool | None):
    """Record whether someone came (None: not known)."""
    _locked(registration.group)
    Registration.objects.filter(pk=registration.pk).update(attended=attended)
    registration.attended = attended
    return registration


@transaction.atomic
def registration_refresh(*, group: Group, session_date: dt.date, now: dt.datetime | None = None):
    """Let go of the session's lapsed offers and offer any free seat (after seats change)."""
    now = now or timezone.now()
    group = _locked(group)
    return _expire(group, session_date, now=now) + _offer_free_seats(group, session_date, now=now)


def registration_offers_expire(now: dt.datetime | None = None) -> int:
    """Let go of every lapsed offer, each session under its group's lock; how many went."""
    now = now or timezone.now()
    sessions = set(
        Registration.objects.filter(status=Status.OFFERED, offered_until__lte=now).values_list(
            "group_id", "session_date"
        )
    )
    expired = 0
    for group_id, day in sorted(sessions):
        with transaction.atomic():
            group = _locked(Group(pk=group_id))
            expired += _expire(group, day, now=now)
            _offer_free_seats(group, day, now=now)
    return expired


def _expire(group: Group, day: dt.date, *, now: dt.datetime) -> int:
    """Cancel the session's offers past their deadline (under the lock); how many."""
    return (
        registrations_of_session(group, day)
        .filter(status=Status.OFFERED, offered_until__lte=now)
        .update(status=Status.CANCELLED, offered_until=None)
    )


def _offer_free_seats(group: Group, day: dt.date, *, now: dt.datetime) -> int:
    """Offer each free seat to the next person waiting (under the lock); how many offers.

    Nothing is offered for a session that has started, is cancelled, or has gone.
    """
    if group.seats is None:
        return 0
    free = group.seats - seats_taken(group, day)
    if free <= 0:
        return 0
    try:
        session = registration_session(group, day, now=now)
    except ValidationError:
        return 0
    waiting = list(registrations_of_session(group, day).filter(status=Status.WAITING)[:free])
    until = min(now + OFFER_HOLD, session.occurrence.start)
    for registration in waiting:
        registration.status, registration.offered_until = Status.OFFERED, until
        registration.save(update_fields=["status", "offered_until"])
        registration_emails.offered(registration)
    return len(waiting)


def registration_by_link(text: str) -> Registration | None:
    """The registration a link names, with lapsed offers let go first; None for a bad link."""
    token = Registration.token_from_link(text)
    if token is None:
        return None
    registration = (
        Registration.objects.select_related("group", "group__region", "group__venue")
        .filter(token=token)
        .first()
    )
    if (
        registration is not None
        and registration.status == Status.OFFERED
        and registration.offered_until <= timezone.now()
    ):
        registration_refresh(group=registration.group, session_date=registration.session_date)
        registration.refresh_from_db()
    return registration


def registrations_forget(*, today: dt.date | None = None, keep_days: int | None = None) -> int:
    """Anonymise every registration for a session more than ``keep_days`` days ago (the setting
    REGISTRATION_KEEP_DAYS by default); how many. The name, email address, phone number and
    needs go, and the link stops working; what is left (the session, the status, whether they
    came) holds no personal data and keeps the monthly report's counts right."""
    keep = settings.REGISTRATION_KEEP_DAYS if keep_days is None else keep_days
    if not 0 <= keep <= 3650:
        raise ValueError("Keep registrations from 0 to 3650 days after their session.")
    cutoff = (today or timezone.localdate()) - dt.timedelta(days=keep)
    old = Registration.objects.filter(session_date__lt=cutoff).exclude(
        first_name="", email="", phone="", accommodation_needs=""
    )
    forgotten = 0
    for pk in old.values_list("pk", flat=True).iterator():
        forgotten += Registration.objects.filter(pk=pk).update(
            first_name="",
            email="",
            phone="",
            accommodation_needs="",
            token=new_token(),
            offered_until=None,
        )
    return forgotten
