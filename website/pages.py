"""The public group page and the one-session .ics download, plus helpers the public pages share.

Public pages show public data only: groups from ``public_groups()``, a venue's address only where
``address_is_public``, never joining details, facilitators by display name only.
"""

import datetime as dt
import json
from typing import NamedTuple
from urllib.parse import urlencode

from django.conf import settings
from django.db.models import Prefetch, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator
from django.utils.translation import get_language, pgettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core import cache
from groups.describe import schedule_in_words
from groups.expansion import expandable, expanding
from groups.joining import joining_in_words
from groups.models import GroupFacilitator, SessionSubstitute
from groups.occurrences import UTC
from groups.selectors import GroupSession, feed_groups, public_groups, sessions_between
from groups.translations import translated
from groups.version_selectors import public_group_version
from publishing.feed_responses import CalendarResponse
from publishing.ical import session_calendar
from publishing.links import absolute, group_feed_path, subscribe_links
from publishing.sharing import gzip_shared
from website.feedback_form import feedback_for_page
from website.registrations import registration_teaser
from website.visitor_pages import same_for_everyone, visitor_marks, visitor_page

NEXT_DATES_WEEKS = 8
# Characters that could end a <script> element or start markup, written as JSON escapes.
JSON_SCRIPT_ESCAPES = {ord("<"): "\\u003c", ord(">"): "\\u003e", ord("&"): "\\u0026"}
SCHEMA = "https://schema.org/"


def json_ld(data: dict) -> SafeString:
    """``data`` as JSON that is safe inside ``<script type="application/ld+json">``."""
    text = json.dumps(data, ensure_ascii=False, indent=1).translate(JSON_SCRIPT_ESCAPES)
    # U+2028 and U+2029 are fine in JSON but end a line in older JavaScript parsers.
    return mark_safe(text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029"))  # noqa: S308


def page_url(name: str, slug: str) -> str:
    """The full address of a public page in the active language (``/es/groups/...`` in Spanish)."""
    return absolute(reverse(name, kwargs={"slug": slug}))


def title_of(group) -> str:
    """The group page's title: its name and where it meets (online, its town, or its region)."""
    venue = group.venue
    if venue is not None and venue.is_online:
        return _("%(title)s online") % {"title": group.title}
    if venue is not None and venue.town:
        return _("%(title)s in %(town)s") % {"title": group.title, "town": venue.town}
    return _("%(title)s with %(region)s") % {"title": group.title, "region": group.region.name}


def description_of(group, words: str) -> str:
    """The group page's description: its own first words, when it meets, where, and who runs it."""
    description = f"{Truncator(group.description).chars(150)} " if group.description else ""
    when = f"{words}. " if words else ""
    venue, region = group.venue, group.region.name
    if venue is not None and venue.is_online:
        where = _("Free, online, %(region)s.") % {"region": region}
    elif venue is not None and venue.town:
        where = _("Free, in %(town)s, %(region)s.") % {"town": venue.town, "region": region}
    else:
        where = _("Free, with %(region)s.") % {"region": region}
    return f"{description}{when}{where}"


def google_calendar_link(session: GroupSession) -> str:
    """An "add to Google Calendar" link for one session: public location only, times in UTC."""
    group, occurrence = session.group, session.occurrence
    details = Truncator(group.description).chars(300) if group.description else ""
    details = f"{details}\n\n{page_url('group-detail', group.slug)}".strip()
    query = {
        "action": "TEMPLATE",
        "text": group.title,
        "dates": f"{_utc_stamp(occurrence.start)}/{_utc_stamp(occurrence.end)}",
        "details": details,
        "location": session.venue.public_place if session.venue else "",
        "ctz": group.timezone,
    }
    return f"https://calendar.google.com/calendar/render?{urlencode(query)}"


def _utc_stamp(moment: dt.datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def session_ics_path(session: GroupSession) -> str:
    day = session.occurrence.original_date
    return reverse("session-ics", kwargs={"slug": session.group.slug, "day": day})


# Group page -----------------------------------------------------------------------------------


def group_event_data(group, session: GroupSession) -> dict:
    """schema.org Event for a group, dated by its next session. Public data only."""
    occurrence, venue = session.occurrence, session.venue
    region = group.region
    url = page_url("group-detail", group.slug)
    if occurrence.cancelled:
        status = "EventCancelled"
    elif occurrence.moved:
        status = "EventRescheduled"
    else:
        status = "EventScheduled"
    data = {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": group.title,
        "description": group.description
        or pgettext("a group's kind and region", "%(kind)s, %(region)s.")
        % {"kind": group.get_kind_display(), "region": region.name},
        "startDate": occurrence.start.isoformat(),
        "endDate": occurrence.end.isoformat(),
        "eventStatus": SCHEMA + status,
    }
    if occurrence.moved and occurrence.start != occurrence.original_start:
        data["previousStartDate"] = occurrence.original_start.isoformat()
    online = venue is not None and venue.is_online
    data["eventAttendanceMode"] = SCHEMA + (
        "OnlineEventAttendanceMode" if online else "OfflineEventAttendanceMode"
    )
    if online:
        data["location"] = {"@type": "VirtualLocation", "url": url}
    elif venue is not None:
        address = {"@type": "PostalAddress", "addressLocality": venue.town}
        if venue.address_is_public and venue.address:
            address["streetAddress"] = venue.address
        data["location"] = {"@type": "Place", "name": venue.name, "address": address}
    organizer = {
        "@type": "Organization",
        "name": region.name,
        "url": region.website or page_url("region-detail", region.slug),
    }
    if region.phone:
        organizer["telephone"] = region.phone
    data["organizer"] = organizer
    data["isAccessibleForFree"] = True
    data["url"] = url
    return data


# The next dates are cached until the first of them starts, and for an hour at most: a session
# that comes into the window at its far end may appear up to an hour late.
NEXT_DATES_HOLD = dt.timedelta(hours=1)


class GroupPart(NamedTuple):
    """What the group page shows of its group, rendered: everything but the visitor's form.

    Cached under "page:group": raise its format in ``core.cache.FORMATS`` when its markup changes.
    """

    html: str
    event_json_ld: str
    valid_until: float  # a POSIX time


@require_safe
def group_detail(request, slug):
    """One public group: what it is, when and where it meets, its next dates, how to join."""
    return group_page(request, slug)


def group_page(request, slug, *, feedback_form=None, status=200):
    """The group page; the feedback form's POST shows it again with the form's errors.

    For visitors not signed in, kept whole under the group's ``sequence`` and ``updated_at``,
    which every change to what it shows moves (website/visitor_pages.py), and until its next
    dates move; warm, it costs the group's version alone (from the worker's memory, else one
    lean query). Not a group that takes registrations: its page counts the places left, which
    registering changes.
    """
    version = public_group_version(slug)
    if version is None:
        raise Http404("No such group.")
    if feedback_form is None and not version.takes_registrations and same_for_everyone(request):
        return visitor_page(
            request,
            "group",
            version=(version.pk, version.sequence, version.updated_at),
            build=lambda: _group_page(request, version.pk, marks=visitor_marks()),
        )
    return _group_page(request, version.pk, feedback_form=feedback_form, status=status)


def _group_page(request, pk: int, *, feedback_form=None, status=200, marks=None):
    """The group page rendered; with ``marks`` (``visitor_marks``), to be kept, with marks for
    each visitor's CSRF token and form code. The part about the group is cached under its
    version."""
    # In Spanish or Portuguese, its text in that language where written (one query more).
    [group] = translated([get_object_or_404(public_groups(), pk=pk)])
    now = timezone.now()
    part = cache.get_or_build(
        cache.key("page:group", get_language(), group.pk, group.sequence, group.updated_at),
        lambda: _group_part(group, now),
        fresh=lambda part: now.timestamp() < part.valid_until,
        before=cache.latest_key("page:group", get_language(), group.pk),
    )
    response = render(
        request,
        "website/group_detail.html",
        {
            "group": group,
            "region": group.region,
            "group_part": mark_safe(part.html),  # noqa: S308 (our own template's output)
            "event_json_ld": mark_safe(part.event_json_ld),  # noqa: S308 (json_ld's output)
            "page_title": title_of(group),
            "page_description": description_of(group, _schedule_words(group)),
            "feedback": feedback_for_page(request, feedback_form, marks=marks),
            "registration": registration_teaser(group),
            **({"csrf_token": marks["csrf_token"]} if marks else {}),
        },
        status=status,
    )
    response.valid_until = part.valid_until  # its next dates hold until then
    return response


def _schedule_words(group) -> str:
    """The schedule in words; "" for one that cannot be expanded (logged, left off the page)."""
    if not list(expandable([group])):
        return ""
    words = ""
    with expanding(group):
        words = schedule_in_words(group.schedule)
    return words


def _group_part(group, now: dt.datetime) -> GroupPart:
    """The group's part of its page, and until when its list of next dates holds."""
    prefetch_related_objects(
        [group],
        Prefetch(
            "memberships",
            queryset=GroupFacilitator.objects.select_related("facilitator")
            .filter(facilitator__is_active=True)
            .order_by(*GroupFacilitator.IN_GROUP_ORDER),
        ),
        "languages",
        "access_features",
    )
    sessions = sessions_between([group], now, now + dt.timedelta(weeks=NEXT_DATES_WEEKS))
    covers = {}
    for cover in SessionSubstitute.objects.filter(
        group=group, original_date__in=[s.occurrence.original_date for s in sessions]
    ).select_related("substitute"):
        covers.setdefault(cover.original_date, []).append(cover.substitute.display_name)
    next_dates = [
        {
            "session": session,
            "covered_by": covers.get(session.occurrence.original_date, []),
            "ics_path": None if session.occurrence.cancelled else session_ics_path(session),
            "google_link": None if session.occurrence.cancelled else google_calendar_link(session),
        }
        for session in sessions
    ]
    html = render_to_string(
        "website/_group_part.html",
        {
            "group": group,
            "region": group.region,
            "venue": group.venue,
            "schedule_words": _schedule_words(group),
            "joining": joining_in_words(
                audience=group.audience,
                how_to_join=group.how_to_join,
                venue=group.venue,
                region_name=group.region.name,
            ),
            "next_dates": next_dates,
            "next_dates_weeks": NEXT_DATES_WEEKS,
            "facilitators": [m.facilitator.display_name for m in group.memberships.all()],
            "languages": [language.own_name for language in group.languages.all()],
            "access_features": [feature.label for feature in group.access_features.all()],
            "subscribe": subscribe_links(
                group_feed_path(group),
                _("Calendar address for %(name)s") % {"name": group.title},
            ),
        },
    )
    until = now + NEXT_DATES_HOLD
    if sessions:
        until = min(until, sessions[0].occurrence.start)
    event = str(json_ld(group_event_data(group, sessions[0]))) if sessions else ""
    return GroupPart(html, event, until.timestamp())


# One session as a calendar file ------------------------------------------------------------


@gzip_shared
@require_safe
def session_ics(request, slug, day: dt.date):
    """One session of a public group as a .ics file, to add to any calendar app."""
    found = feed_groups(public_groups().filter(slug=slug))
    if not found:
        raise Http404("No such group.")
    with translation.override("en"):  # a calendar file is English, as the feeds are
        body = session_calendar(found[0], day, site_url=settings.SITE_URL)
    if body is None:
        raise Http404("No session on that date.")
    return CalendarResponse(body, filename=f"{slug}-{day.isoformat()}.ics")
