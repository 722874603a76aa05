"""Emails to facilitators when one of their sessions changes; sent once the change is committed.

A facilitator hears about a session they run being cancelled, moved, put back, or handed to a
substitute, and about being added to or taken off a group. Their private feed has already
changed by then (the same transaction moved its version); the email says so in words.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string

from core.mail import send_after_commit
from facilitators.models import FacilitatorProfile
from groups.describe import time_range
from groups.models import Group, SessionChange
from groups.selectors import GroupSession, session_of, session_rows


@dataclass(frozen=True)
class Notice:
    """What happened, in a subject line and a few plain sentences."""

    subject: str
    lines: tuple[str, ...]


def facilitators_of_session(group: Group, day: dt.date) -> list[FacilitatorProfile]:
    """Who runs the session of ``group`` on ``day``: the dashboard's rule (``session_rows``)."""
    session = GroupSession(group, group.schedule.occurrence(day), group.venue)
    return list(session_rows([session])[0].facilitators)


def notify(facilitators, notice: Notice, *, group: Group) -> None:
    """Email each active facilitator (with an address) after the transaction commits."""
    _send(
        {
            facilitator.user.email: facilitator.display_name
            for facilitator in facilitators
            if facilitator.is_active and facilitator.user.email
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
    # The change is saved whatever the mail server does; a failure to send is logged.
    send_after_commit(messages, about=group.title)


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
