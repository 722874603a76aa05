"""The emails a registered person gets: their place (or their place in the queue), a seat
offered from the waiting list, and the seat taken. Each in the language of the page they
registered on, sent once the change has committed (``core/mail.py``), and only to an email
address: someone who gave only a phone number is called by the RLC (the console lists them).

Each carries the person's own link (``/registrations/<signed token>/``): to see the place,
cancel it, accept an offer, or add the session to a calendar. The body is the facilitators'
template (``groups/email/session_changed.txt``), so greeting and sign-off read alike.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.mail import EmailMessage
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from core.mail import queue_emails
from core.words import clock, long_date
from groups.models import Registration
from groups.notifications import Notice, session_in_words
from groups.selectors import change_on

Status = Registration.Status


def registration_link(registration: Registration) -> str:
    """The person's own page, in their language."""
    with translation.override(registration.language):
        path = reverse("registration", args=[registration.signed_token])
    return settings.SITE_URL + path


def _when(registration: Registration) -> str:
    group, day = registration.group, registration.session_date
    return str(session_in_words(group, day, change_on(group, day)))


def _send(registration: Registration, write) -> None:
    if not registration.email:
        return
    group = registration.group
    with translation.override(registration.language):
        notice = write()
        body = render_to_string(
            "groups/email/session_changed.txt",
            {
                "name": registration.first_name,
                "notice": notice,
                "group": group,
                "site_url": settings.SITE_URL,
                "group_path": reverse("group-detail", args=[group.slug]),
            },
        )
    message = EmailMessage(
        subject=notice.subject,
        body=body,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=[registration.email],
    )
    queue_emails([message], about=f"a registration for {group.title}")


def _link_lines(registration: Registration) -> tuple[str, ...]:
    return (
        "",
        _(
            "Your own page for this place, to add the session to your calendar or to cancel: "
            "%(link)s"
        )
        % {"link": registration_link(registration)},
        _("Please keep this email: the link is the only way in, and it needs no account."),
    )


def registered(registration: Registration) -> None:
    """Your place is confirmed, or you are on the waiting list."""
    title = registration.group.title

    def write():
        values = {"title": title, "when": _when(registration)}
        if registration.status == Status.CONFIRMED:
            return Notice(
                subject=_("Your place at %(title)s is confirmed") % values,
                lines=(
                    _("Your place at %(title)s is confirmed: %(when)s.") % values,
                    _("If you cannot come after all, please cancel, so someone else can."),
                    *_link_lines(registration),
                ),
                feed=None,
            )
        return Notice(
            subject=_("You are on the waiting list for %(title)s") % values,
            lines=(
                _("%(title)s is full for %(when)s, so you are on its waiting list.") % values,
                _(
                    "If a place comes free, we will email you, and you will have a little time "
                    "to take it."
                ),
                *_link_lines(registration),
            ),
            feed=None,
        )

    _send(registration, write)


def offered(registration: Registration) -> None:
    """A seat came free: take it before the deadline."""
    title = registration.group.title
    zone = ZoneInfo(registration.group.timezone)

    def write():
        until = registration.offered_until.astimezone(zone)
        values = {
            "title": title,
            "when": _when(registration),
            "deadline": _("%(date)s at %(time)s")
            % {"date": long_date(until.date()), "time": clock(until.time())},
        }
        return Notice(
            subject=_("A place at %(title)s is yours if you want it") % values,
            lines=(
                _("A place came free at %(title)s: %(when)s.") % values,
                _(
                    "It is kept for you until %(deadline)s. To take it, open your page below "
                    "and choose “Take the place”."
                )
                % values,
                *_link_lines(registration),
            ),
            feed=None,
        )

    _send(registration, write)


def accepted(registration: Registration) -> None:
    """The offered seat is taken."""
    registration.status = Status.CONFIRMED
    registered(registration)
