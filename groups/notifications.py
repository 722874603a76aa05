"""Emails to facilitators when one of their sessions changes; sent once the change is committed.

A facilitator hears about a session they run being cancelled, moved, put back, or handed to a
substitute, and about being added to or taken off a group. Their private feed has already
changed by then (the same transaction moved its version); the email says so in words. Whoever
else is told (a facilitator asked to cover, a coordinator) hears what is true for them instead.

A sentence that ends with a name or another text given to it ends with ``sentence()``: a short
name ends with a full stop already ("Kwame M."), and gets no second.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse

from core.mail import queue_emails
from core.text import sentence
from facilitators.models import FacilitatorProfile
from groups.describe import time_range
from groups.models import Group, SessionChange
from groups.selectors import GroupSession, session_of, session_rows

# What a facilitator whose own sessions changed is told of their feed.
FEED_UPDATED = (
    "Your PeerHub calendar feed has already been updated; your calendar app will show the "
    "change the next time it checks (most check every hour or so)."
)
# What a facilitator asked to cover is told: nothing of theirs has changed yet.
FEED_IF_TAKEN = (
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


def facilitators_of_session(group: Group, day: dt.date) -> list[FacilitatorProfile]:
    """Who runs the session of ``group`` on ``day``: the dashboard's rule (``session_rows``)."""
    session = GroupSession(group, group.schedule.occurrence(day), group.venue)
    return list(session_rows([session])[0].facilitators)


def notify(facilitators, notice: Notice, *, group: Group) -> None:
    """Email each active facilitator (with an address, and an account switched on) after the
    transaction commits."""
    _send(
        {
            facilitator.user.email: facilitator.display_name
            for facilitator in facilitators
            if facilitator.is_active and facilitator.user.is_active and facilitator.user.email
        },
        notice,
        group=group,
    )


def notify_coordinators(region, notice: Notice, *, group: Group) -> None:
    """Email the coordinators of ``region`` after the transaction commits."""
    from regions.models import Coordinator

    _send(
        {
            role.user.email: role.user.first_name or "there"
            for role in Coordinator.objects.filter(
                region=region, user__is_active=True
            ).select_related("user")
        },
        notice,
        group=group,
    )


def _send(recipients: dict[str, str], notice: Notice, *, group: Group) -> None:
    """One email per address, greeting each by name; sent once the change is committed."""
    if not recipients:
        return
    messages = [
        EmailMessage(
            subject=notice.subject,
            body=render_to_string(
                "groups/email/session_changed.txt",
                {
                    "name": name,
                    "notice": notice,
                    "group": group,
                    "site_url": settings.SITE_URL,
                },
            ),
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[email],
        )
        for email, name in sorted(recipients.items())
    ]
    # Queued in the change's own transaction and sent by the worker: the change is saved
    # whatever the mail server does, and an email that cannot be sent is logged.
    queue_emails(messages, about=group.title)


def session_in_words(group: Group, day: dt.date, change: SessionChange | None = None) -> str:
    """ "Tuesday 24 November 2026, 6:00 to 7:30 pm, at Boston Public Library (Boston)"."""
    session = session_of(group, day, change)
    occurrence, venue = session.occurrence, session.venue
    times = time_range(occurrence.start.time(), occurrence.end.time())
    words = f"{occurrence.start:%A %-d %B %Y}, {times}"
    if venue is None:
        return words
    if venue.is_online:
        return f"{words}, online ({venue.name})"
    return f"{words}, at {venue.name}" + (f" ({venue.town})" if venue.town else "")


# What each change says, to whom. The services decide what happens; the words live here.


def _day(day: dt.date) -> str:
    return f"{day:%A %-d %B}"


def _schedule_words(group: Group) -> str:
    from groups.describe import schedule_in_words

    return schedule_in_words(group.schedule)


def facilitator_added(membership, group: Group) -> None:
    role = membership.get_role_display().lower()
    notify(
        [membership.facilitator],
        Notice(
            subject=f"You are {role} of {group.title}",
            lines=(
                f"You are now {role} of {group.title} ({group.region.name}).",
                sentence(f"It meets: {_schedule_words(group)}"),
            ),
        ),
        group=group,
    )


def facilitator_removed(membership, group: Group) -> None:
    notify(
        [membership.facilitator],
        Notice(
            subject=f"You are no longer facilitating {group.title}",
            lines=(
                f"You have been taken off {group.title} ({group.region.name}); its sessions "
                "are no longer in your calendar.",
            ),
        ),
        group=group,
    )


def session_changed(group: Group, original_date: dt.date, change, *, before: str | None) -> None:
    """A session cancelled or moved; ``before``: where it was set before this change, if moved."""
    planned = session_in_words(group, original_date)
    if change.is_cancelled:
        # Where it is now: a session that had moved is cancelled on the day it moved to.
        where = session_in_words(group, original_date, change)
        day = session_of(group, original_date, change).occurrence.start.date()
        subject = f"Cancelled: {group.title}, {_day(day)}"
        lines = [f"The session of {group.title} on {where} is cancelled."]
        if where != planned:
            lines.append(f"(It had moved there from {planned}.)")
        before = None
    else:
        subject = f"Changed: {group.title}, {_day(original_date)}"
        lines = [
            f"The session of {group.title} planned for {planned} has moved.",
            sentence(f"It is now on {session_in_words(group, original_date, change)}"),
        ]
    if before is not None:
        lines.append("(" + sentence(f"Before this change it was set for {before}") + ")")
    if change.public_note:
        lines.append(f"Note for everyone: {change.public_note}")
    if change.private_note:
        lines.append(f"Note for facilitators: {change.private_note}")
    notify(
        facilitators_of_session(group, original_date),
        Notice(subject=subject, lines=tuple(lines)),
        group=group,
    )


def session_back(group: Group, day: dt.date, *, was: str, change=None) -> None:
    """A change undone: the session is back as planned, or (``change``, a move) on again
    where it had moved to before it was cancelled."""
    if change is None:
        line = f"The session of {group.title} that was {was} is back as planned: "
    else:
        line = f"The session of {group.title} that was {was} is on again, as moved: "
    notify(
        facilitators_of_session(group, day),
        Notice(
            subject=f"Back on: {group.title}, {_day(day)}",
            lines=(sentence(f"{line}{session_in_words(group, day, change)}"),),
        ),
        group=group,
    )


def substitute_assigned(group: Group, day: dt.date, *, when: str, substitute, replaces) -> None:
    notify(
        [substitute],
        Notice(
            subject=f"Please cover {group.title}, {_day(day)}",
            lines=(
                sentence(
                    f"You are facilitating {group.title} on {when}"
                    + (f", in place of {replaces}" if replaces else "")
                ),
                "It is in your PeerHub calendar feed now.",
            ),
        ),
        group=group,
    )
    if replaces is not None:
        notify(
            [replaces],
            Notice(
                subject=f"{substitute} covers {group.title}, {_day(day)}",
                lines=(
                    f"{substitute} is facilitating {group.title} on {when} in your place; "
                    "that session is off your calendar.",
                ),
            ),
            group=group,
        )


def substitute_removed(record, group: Group, *, when: str) -> None:
    people = [record.substitute] + ([record.replaces] if record.replaces_id else [])
    notify(
        people,
        Notice(
            subject=f"Cover cancelled: {group.title}, {_day(record.original_date)}",
            lines=(
                sentence(f"{record.substitute} is no longer covering {group.title} on {when}")
                + (f" {record.replaces} facilitates it as usual." if record.replaces_id else ""),
            ),
        ),
        group=group,
    )


def cover_asked(record, group: Group, *, when: str, colleagues) -> None:
    """Ask ``colleagues`` (facilitators who could take the session) to cover it, and tell the
    region's coordinators it was asked for."""
    facilitator, day = record.requested_by, record.original_date
    language = cover_language(group)
    notify(
        colleagues,
        Notice(
            subject=f"Can you cover {group.title}, {_day(day)}?",
            lines=(
                f"{facilitator} cannot make {group.title} on {when} and asks for cover.",
                *([language] if language else []),
                *([f"Their note: {record.note}"] if record.note else []),
                "If you can take it, choose “I'll take it” on your PeerHub page: "
                f"{settings.SITE_URL}{reverse('me:home')}",
            ),
            feed=FEED_IF_TAKEN,
        ),
        group=group,
    )
    notify_coordinators(
        group.region,
        Notice(
            subject=f"Cover needed: {group.title}, {_day(day)}",
            lines=(
                f"{facilitator} cannot make {group.title} on {when} and has asked the region's "
                "facilitators to cover it. You will hear when someone takes it."
                if colleagues
                else f"{facilitator} cannot make {group.title} on {when} and asks for cover. "
                "No other facilitator in the region can take it yet: please find a cover.",
                *([language] if language else []),
            ),
            feed=None,
        ),
        group=group,
    )


def _in_words(names: list[str]) -> str:
    """ "Spanish", "English and Spanish", "Cape Verdean Creole, Portuguese and Spanish"."""
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"


def cover_language(group: Group) -> str | None:
    """The line a request for cover adds when the group meets in a language besides English.

    Facilitators' profiles say nothing of the languages they speak, so the request goes to
    all who could take it, and says which language the cover needs.
    """
    languages = list(group.languages.all())
    needed = [language.name for language in languages if language.code != ENGLISH]
    if not needed:
        return None
    return (
        f"This group meets in {_in_words([language.name for language in languages])}: "
        f"a cover who speaks {_in_words(needed)} is needed."
    )


ENGLISH = "en"


def cover_taken(record, group: Group, *, when: str, facilitator) -> None:
    day = record.original_date
    notify(
        [record.requested_by],
        Notice(
            subject=f"{facilitator} is covering {group.title}, {_day(day)}",
            lines=(
                sentence(f"{facilitator} has taken your session of {group.title} on {when}")
                + " It is off your calendar now. Thank you for asking early.",
            ),
        ),
        group=group,
    )
    notify(
        [facilitator],
        Notice(
            subject=f"You are covering {group.title}, {_day(day)}",
            lines=(
                sentence(
                    f"Thank you: you are facilitating {group.title} on {when}, in place of "
                    f"{record.requested_by}"
                )
                + " It is in your PeerHub calendar feed now.",
            ),
        ),
        group=group,
    )
    notify_coordinators(
        group.region,
        Notice(
            subject=f"Covered: {group.title}, {_day(day)}",
            lines=(
                sentence(
                    f"{facilitator} is covering {group.title} on {when} in place of "
                    f"{record.requested_by}"
                ),
            ),
            feed=None,
        ),
        group=group,
    )
