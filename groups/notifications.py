"""Emails to facilitators when one of their sessions changes; sent once the change is committed.

A facilitator hears about a session they run being cancelled, moved, put back, or handed to a
substitute, and about being added to or taken off a group. Their private feed has already
changed by then (the same transaction moved its version); the email says so in words. Whoever
else is told (a facilitator asked to cover, a coordinator) hears what is true for them instead.

Each email is in its recipient's language (``User.language``, chosen on /me/): the notice is
written (``write()``, a function of no arguments) once per language, inside
``translation.override``, before it is queued. Words decided before the change is saved
(where a session was) come as ``core.text.InEachLanguage``.

A sentence that ends with a name or another text given to it ends with ``sentence()``: a short
name ends with a full stop already ("Kwame M."), and gets no second.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from core.mail import queue_emails
from core.text import InEachLanguage, sentence
from core.words import long_date, long_date_no_year
from facilitators.models import FacilitatorProfile
from groups.describe import time_range
from groups.models import Group, SessionChange
from groups.selectors import GroupSession, session_of, session_rows

# What a facilitator whose own sessions changed is told of their feed.
FEED_UPDATED = gettext_lazy(
    "Your PeerHub calendar feed has already been updated; your calendar app will show the "
    "change the next time it checks (most check every hour or so)."
)
# What a facilitator asked to cover is told: nothing of theirs has changed yet.
FEED_IF_TAKEN = gettext_lazy(
    "Nothing changes in your calendar unless you take it; if you do, it is added to your "
    "PeerHub calendar feed straight away."
)


@dataclass(frozen=True)
class Notice:
    """What happened, in a subject line and a few plain sentences, and what it did to the
    recipient's calendar feed (None: nothing to say, as to a coordinator)."""

    subject: str
    lines: tuple[str, ...]
    feed: str | None = FEED_UPDATED


# A notice written in the active language; called once for each language among the recipients.
Write = Callable[[], Notice]


def facilitators_of_session(group: Group, day: dt.date) -> list[FacilitatorProfile]:
    """Who runs the session of ``group`` on ``day``: the dashboard's rule (``session_rows``)."""
    session = GroupSession(group, group.schedule.occurrence(day), group.venue)
    return list(session_rows([session])[0].facilitators)


def notify(facilitators, write: Write, *, group: Group) -> None:
    """Email each active facilitator (with an address, and an account switched on) after the
    transaction commits, each in their own language."""
    _send(
        [
            (facilitator.user.email, facilitator.display_name, facilitator.user.language)
            for facilitator in facilitators
            if facilitator.is_active and facilitator.user.is_active and facilitator.user.email
        ],
        write,
        group=group,
    )


def notify_coordinators(region, write: Write, *, group: Group) -> None:
    """Email the coordinators of ``region`` after the transaction commits."""
    from regions.models import Coordinator

    _send(
        [
            (role.user.email, role.user.first_name, role.user.language)
            for role in Coordinator.objects.filter(
                region=region, user__is_active=True
            ).select_related("user")
        ],
        write,
        group=group,
    )


def _send(recipients: list[tuple[str, str, str]], write: Write, *, group: Group) -> None:
    """One email per address (email, name, language), greeting each by name, in their language;
    sent once the change is committed."""
    people = {email: (name, language) for email, name, language in recipients}
    if not people:
        return
    notices: dict[str, Notice] = {}
    messages = []
    for email, (name, language) in sorted(people.items()):
        with translation.override(language):
            if language not in notices:
                notices[language] = write()
            notice = notices[language]
            messages.append(
                EmailMessage(
                    subject=str(notice.subject),
                    body=render_to_string(
                        "groups/email/session_changed.txt",
                        {
                            "name": name,
                            "notice": notice,
                            "group": group,
                            "site_url": settings.SITE_URL,
                            "group_path": reverse("group-detail", args=[group.slug])
                            if group.is_public
                            else "",
                        },
                    ),
                    from_email=settings.DEFAULT_FROM_EMAIL,
                    to=[email],
                )
            )
    # Queued in the change's own transaction and sent by the worker: the change is saved
    # whatever the mail server does, and an email that cannot be sent is logged.
    queue_emails(messages, about=group.title)


def session_in_words(
    group: Group, day: dt.date, change: SessionChange | None = None
) -> InEachLanguage:
    """ "Tuesday 24 November 2026, 6:00 to 7:30 pm, at Boston Public Library (Boston)", written
    now (before the change is saved, for where it was) in every language."""
    session = session_of(group, day, change)
    return InEachLanguage(lambda: _session_words(session))


def _session_words(session) -> str:
    occurrence, venue = session.occurrence, session.venue
    values = {
        "date": long_date(occurrence.start.date()),
        "times": time_range(occurrence.start.time(), occurrence.end.time()),
    }
    if venue is None:
        return _("%(date)s, %(times)s") % values
    values["venue"] = venue.name
    if venue.is_online:
        return _("%(date)s, %(times)s, online (%(venue)s)") % values
    if venue.town:
        return _("%(date)s, %(times)s, at %(venue)s (%(town)s)") % {**values, "town": venue.town}
    return _("%(date)s, %(times)s, at %(venue)s") % values


# What each change says, to whom. The services decide what happens; the words live here.


def _day(day: dt.date) -> str:
    return long_date_no_year(day)


def _schedule_words(group: Group) -> str:
    from groups.describe import schedule_in_words

    with translation.override("en"):  # the emails are English, whatever page sent them
        return schedule_in_words(group.schedule)


def _role(membership) -> str:
    return str(membership.get_role_display()).lower()


def facilitator_added(membership, group: Group) -> None:
    def write():
        values = {"role": _role(membership), "group": group.title, "region": group.region.name}
        return Notice(
            subject=_("You are %(role)s of %(group)s") % values,
            lines=(
                _("You are now %(role)s of %(group)s (%(region)s).") % values,
                sentence(_("It meets: %(schedule)s") % {"schedule": _schedule_words(group)}),
            ),
        )

    notify([membership.facilitator], write, group=group)


def facilitator_removed(membership, group: Group) -> None:
    def write():
        values = {"group": group.title, "region": group.region.name}
        return Notice(
            subject=_("You are no longer facilitating %(group)s") % values,
            lines=(
                _(
                    "You have been taken off %(group)s (%(region)s); its sessions are no "
                    "longer in your calendar."
                )
                % values,
            ),
        )

    notify([membership.facilitator], write, group=group)


def session_changed(
    group: Group, original_date: dt.date, change, *, before: InEachLanguage | None
) -> None:
    """A session cancelled or moved; ``before``: where it was set before this change, if moved."""
    planned = session_in_words(group, original_date)
    now = session_in_words(group, original_date, change)
    if change.is_cancelled:
        # Where it is now: a session that had moved is cancelled on the day it moved to.
        day = session_of(group, original_date, change).occurrence.start.date()
        before = None
    else:
        day = original_date

    def write():
        values = {"group": group.title, "day": _day(day), "planned": planned, "now": now}
        if change.is_cancelled:
            subject = pgettext("email subject", "Cancelled: %(group)s, %(day)s") % values
            lines = [_("The session of %(group)s on %(now)s is cancelled.") % values]
            if now != planned:
                lines.append(_("(It had moved there from %(planned)s.)") % values)
        else:
            subject = pgettext("email subject", "Changed: %(group)s, %(day)s") % values
            lines = [
                _("The session of %(group)s planned for %(planned)s has moved.") % values,
                sentence(_("It is now on %(now)s") % values),
            ]
        if before is not None:
            lines.append(
                "("
                + sentence(_("Before this change it was set for %(before)s") % {"before": before})
                + ")"
            )
        if change.public_note:
            lines.append(_("Note for everyone: %(note)s") % {"note": change.public_note})
        if change.private_note:
            lines.append(_("Note for facilitators: %(note)s") % {"note": change.private_note})
        return Notice(subject=subject, lines=tuple(lines))

    notify(facilitators_of_session(group, original_date), write, group=group)


def session_back(group: Group, day: dt.date, *, was: str, change=None) -> None:
    """A change undone: the session is back as planned, or (``change``, a move) on again
    where it had moved to before it was cancelled. ``was``: "cancelled" or "moved"."""
    where = session_in_words(group, day, change)

    def write():
        values = {"group": group.title, "where": where, "day": _day(day)}
        if change is not None:
            line = _("The session of %(group)s that was cancelled is on again, as moved: %(where)s")
        elif was == "moved":
            line = _("The session of %(group)s that was moved is back as planned: %(where)s")
        else:
            line = _("The session of %(group)s that was cancelled is back as planned: %(where)s")
        return Notice(
            subject=pgettext("email subject", "Back on: %(group)s, %(day)s") % values,
            lines=(sentence(line % values),),
        )

    notify(facilitators_of_session(group, day), write, group=group)


def substitute_assigned(group: Group, day: dt.date, *, when, substitute, replaces) -> None:
    def write_to_substitute():
        values = {"group": group.title, "day": _day(day), "when": when, "replaces": replaces}
        line = (
            _("You are facilitating %(group)s on %(when)s, in place of %(replaces)s")
            if replaces
            else _("You are facilitating %(group)s on %(when)s")
        )
        return Notice(
            subject=_("Please cover %(group)s, %(day)s") % values,
            lines=(sentence(line % values), _("It is in your PeerHub calendar feed now.")),
        )

    notify([substitute], write_to_substitute, group=group)
    if replaces is None:
        return

    def write_to_replaced():
        values = {"group": group.title, "day": _day(day), "when": when, "substitute": substitute}
        return Notice(
            subject=_("%(substitute)s covers %(group)s, %(day)s") % values,
            lines=(
                _(
                    "%(substitute)s is facilitating %(group)s on %(when)s in your place; that "
                    "session is off your calendar."
                )
                % values,
            ),
        )

    notify([replaces], write_to_replaced, group=group)


def substitute_removed(record, group: Group, *, when) -> None:
    people = [record.substitute] + ([record.replaces] if record.replaces_id else [])

    def write():
        values = {
            "group": group.title,
            "day": _day(record.original_date),
            "when": when,
            "substitute": record.substitute,
        }
        line = sentence(_("%(substitute)s is no longer covering %(group)s on %(when)s") % values)
        if record.replaces_id:
            line += " " + _("%(replaces)s facilitates it as usual.") % {"replaces": record.replaces}
        return Notice(
            subject=pgettext("email subject", "Cover cancelled: %(group)s, %(day)s") % values,
            lines=(line,),
        )

    notify(people, write, group=group)
