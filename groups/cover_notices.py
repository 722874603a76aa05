"""The emails about cover: a facilitator asks for their session to be covered, another takes it.

Each recipient's own language, as every notice (groups/notifications.py).
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from core.text import sentence
from core.words import joined
from groups.models import Group
from groups.notifications import FEED_IF_TAKEN, Notice, _day, notify, notify_coordinators


def cover_asked(record, group: Group, *, when, colleagues) -> None:
    """Ask ``colleagues`` (facilitators who could take the session) to cover it, and tell the
    region's coordinators it was asked for."""
    facilitator, day = record.requested_by, record.original_date

    def values():
        return {"facilitator": facilitator, "group": group.title, "when": when, "day": _day(day)}

    def write_to_colleagues():
        language = cover_language(group)
        return Notice(
            subject=_("Can you cover %(group)s, %(day)s?") % values(),
            lines=(
                _("%(facilitator)s cannot make %(group)s on %(when)s and asks for cover.")
                % values(),
                *([language] if language else []),
                *([_("Their note: %(note)s") % {"note": record.note}] if record.note else []),
                _("If you can take it, choose “I'll take it” on your PeerHub page: %(url)s")
                % {"url": settings.SITE_URL + reverse("me:home")},
            ),
            feed=FEED_IF_TAKEN,
        )

    def write_to_coordinators():
        language = cover_language(group)
        if colleagues:
            line = _(
                "%(facilitator)s cannot make %(group)s on %(when)s and has asked the region's "
                "facilitators to cover it. You will hear when someone takes it."
            )
        else:
            line = _(
                "%(facilitator)s cannot make %(group)s on %(when)s and asks for cover. No other "
                "facilitator in the region can take it yet: please find a cover."
            )
        return Notice(
            subject=_("Cover needed: %(group)s, %(day)s") % values(),
            lines=(line % values(), *([language] if language else [])),
            feed=None,
        )

    notify(colleagues, write_to_colleagues, group=group)
    notify_coordinators(group.region, write_to_coordinators, group=group)


def cover_language(group: Group) -> str | None:
    """The line a request for cover adds when the group meets in a language besides English.

    Facilitators' profiles say nothing of the languages they speak, so the request goes to
    all who could take it, and says which language the cover needs.
    """
    languages = list(group.languages.all())
    needed = [language.name for language in languages if language.code != ENGLISH]
    if not needed:
        return None
    return _("This group meets in %(languages)s: a cover who speaks %(needed)s is needed.") % {
        "languages": joined([language.name for language in languages]),
        "needed": joined(needed),
    }


ENGLISH = "en"


def cover_taken(record, group: Group, *, when, facilitator) -> None:
    def values():
        return {
            "facilitator": facilitator,
            "requester": record.requested_by,
            "group": group.title,
            "when": when,
            "day": _day(record.original_date),
        }

    def write_to_requester():
        return Notice(
            subject=_("%(facilitator)s is covering %(group)s, %(day)s") % values(),
            lines=(
                sentence(
                    _("%(facilitator)s has taken your session of %(group)s on %(when)s") % values()
                )
                + " "
                + _("It is off your calendar now. Thank you for asking early."),
            ),
        )

    def write_to_cover():
        return Notice(
            subject=_("You are covering %(group)s, %(day)s") % values(),
            lines=(
                sentence(
                    _(
                        "Thank you: you are facilitating %(group)s on %(when)s, in place of "
                        "%(requester)s"
                    )
                    % values()
                )
                + " "
                + _("It is in your PeerHub calendar feed now."),
            ),
        )

    def write_to_coordinators():
        return Notice(
            subject=pgettext("email subject", "Covered: %(group)s, %(day)s") % values(),
            lines=(
                sentence(
                    _("%(facilitator)s is covering %(group)s on %(when)s in place of %(requester)s")
                    % values()
                ),
            ),
            feed=None,
        )

    notify([record.requested_by], write_to_requester, group=group)
    notify([facilitator], write_to_cover, group=group)
    notify_coordinators(group.region, write_to_coordinators, group=group)
