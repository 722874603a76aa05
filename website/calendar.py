"""The public happenings calendar (/calendar/): by day, week or month, filtered from the URL.

The view reads the URL (``calendar_query``), finds the dates it shows (``calendar_days``), has
the sessions and the filter form rendered or taken from the cache (``calendar_parts``) and says
what it shows in words (``calendar_words``). The home page is ``website.home``.
"""

from __future__ import annotations

from functools import cache as once

from django.conf import settings
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_safe

from core.client_address import rate_limit_allows
from groups.filters import GroupFilter
from groups.models import FeedVersion
from groups.selectors import public_groups
from groups.version_selectors import feed_versions
from publishing.links import absolute, webcal_url
from regions.models import Region
from website.calendar_days import LIST_DAYS, long_date, window_for
from website.calendar_map import allow_map_tiles, map_config, near_in_words
from website.calendar_parts import cached_sessions, filters_html
from website.calendar_query import (
    GROUP_PARAMETERS,
    PARAMETERS,
    SESSION_PARAMETERS,
    VIEWS,
    SessionForm,
    known_parameters,
    problems_in,
    query_string,
)
from website.calendar_words import (
    chosen_in_words,
    feed_path_for,
    panel_count,
    qr_svg,
    range_in_words,
    scope_of,
    when_in_words,
)
from website.visitor_pages import same_for_everyone, visitor_page

# New pages (their sessions built, not taken from the cache) per client address
# (ACCOUNT_RATE_LIMITS["calendar_pages"]): each new date or filter is a new page, and a crawler
# of the dates would otherwise keep the web workers building.
PAGE_BUILDS = "calendar_pages"
PAGE_BUILDS_RETRY = 60  # seconds: Retry-After of the 429


def _too_many_pages(request):
    """The 429 of an address over its limit of new pages built (a page built before is
    answered whatever the limit): say so plainly, and when to try again."""
    response = render(request, "website/calendar_too_many.html", status=429)
    response["Retry-After"] = str(PAGE_BUILDS_RETRY)
    return response


def _crowded(crowded, query, view: str, calendar_path: str, all_regions) -> dict:
    """A page of more groups than it shows (``SessionsPart.crowded``): how many, a link to
    each region's page where there are more than one, and to the list, a week at a time."""
    if not crowded:
        return {}
    counts = dict(crowded)
    regions = [
        (calendar_path + query_string(query, region=region.slug), region.name, counts[region.pk])
        for region in all_regions()
        if region.pk in counts
    ]
    return {
        "crowded_groups": sum(counts.values()),
        "crowded_words": number_format(sum(counts.values()), force_grouping=True),
        "crowded_regions": regions if len(regions) > 1 else [],
        "shorter_href": view != "list" and calendar_path + query_string(query, view=None),
    }


def _pager_labels(view: str) -> tuple[str, str]:
    """The previous and next links' words for a view: "Previous week", "Next 14 days"."""
    if view == "week":
        return pgettext("pager", "Previous week"), pgettext("pager", "Next week")
    if view == "month":
        return pgettext("pager", "Previous month"), pgettext("pager", "Next month")
    days = {"days": LIST_DAYS}
    return _("Previous %(days)s days") % days, _("Next %(days)s days") % days


@require_safe
def calendar(request):
    """The happenings calendar: a list by day, a week or a month, filtered from the URL.

    For visitors not signed in, kept whole under the network's version and the day
    (website/visitor_pages.py): its filter form offers what the whole network has, so any change
    anywhere moves it.
    """
    today = timezone.localdate()
    if same_for_everyone(request, PARAMETERS):
        known = feed_versions([FeedVersion.NETWORK, FeedVersion.LISTING])
        response = visitor_page(
            request,
            "calendar",
            version=(known[FeedVersion.NETWORK].token, today),
            build=lambda: _calendar(request, today, known),
        )
    else:
        response = _calendar(request, today)
    return allow_map_tiles(response) if response.status_code == 200 else response


def _calendar(request, today, known: dict[str, FeedVersion] | None = None):
    query = known_parameters(request.GET)
    # Every region, read only if the page names them all or its filter form must be built.
    all_regions = once(lambda: list(Region.objects.only("pk", "name", "slug", "phone")))
    session_form = SessionForm(query)
    filters = GroupFilter(query, queryset=public_groups())
    session_form.is_valid()
    filters.is_valid()
    # What the page shows is kept under the version of the one region asked for, or the network.
    chosen = list(filters.form.cleaned_data.get("region") or ())
    scope = FeedVersion.key_for("region", chosen[0].pk) if len(chosen) == 1 else FeedVersion.NETWORK
    # The versions read already (``known``, for the page kept whole), and the others.
    versions = dict(known or {})
    wanted = (FeedVersion.NETWORK, FeedVersion.LISTING, scope)
    versions |= feed_versions([key for key in wanted if key not in versions])
    network, listing = versions[FeedVersion.NETWORK], versions[FeedVersion.LISTING]
    filters.network = network  # the search box's words are kept under it (groups/search.py)
    context = {"query": query, "views": VIEWS}
    calendar_path = reverse("calendar")  # in the page's language: /es/calendar/ in Spanish
    problems = problems_in(query, session_form, filters.form)
    if problems:
        context.update(
            problems=problems,
            title=_("Please check your choices"),
            view=session_form.cleaned_data.get("view") or "list",
            clear_href=calendar_path,
        )
        context["filters_html"] = filters_html(context, listing=listing, all_regions=all_regions)
        return render(request, "website/calendar.html", context, status=400)

    cleaned, page = filters.form.cleaned_data, session_form.cleaned_data
    view, day = page["view"], page["date"] or today
    window = window_for(view, day)
    sessions = cached_sessions(
        filters,
        page,
        window=window,
        view=view,
        today=today,
        version=versions[scope],
        may_build=lambda: rate_limit_allows(request, action=PAGE_BUILDS),
    )
    if sessions is None:
        return _too_many_pages(request)
    scope = scope_of(cleaned, all_regions)
    words = {"when": when_in_words(window, today), "where": scope.where}
    what = _("Peer support groups %(when)s %(where)s") % words
    feed_query = query_string(query, keep=GROUP_PARAMETERS)
    feed_url = absolute(reverse("network-feed")) + feed_query
    page_url = f"{settings.SITE_URL}{calendar_path}{query_string(query)}"
    scope_feed = feed_path_for(cleaned)
    qr_url = f"{settings.SITE_URL}{scope_feed}" if scope_feed else page_url
    previous_label, next_label = _pager_labels(view)
    context.update(
        view=view,
        window=window,
        range_words=range_in_words(window),
        sessions_html=sessions.html,
        session_count=sessions.count,
        cancelled_count=sessions.cancelled,
        upcoming=[
            (calendar_path + query_string(query, date=day.isoformat()), long_date(day), html)
            for day, html in sessions.upcoming
        ],
        title=what,
        description=_(
            "Free peer support groups %(when)s %(where)s: times, places and changes, from the "
            "Massachusetts Recovery Learning Communities."
        )
        % words,
        scope=scope,
        chosen=chosen_in_words(cleaned, page),
        panel_count=panel_count(cleaned, page),
        has_filters=any(name in query for name in (*GROUP_PARAMETERS, *SESSION_PARAMETERS)),
        session_filters=any(name in query for name in SESSION_PARAMETERS),
        view_links=[
            (name, label, calendar_path + query_string(query, view=name), name == view)
            for name, label in VIEWS
        ],
        previous_href=window.previous
        and calendar_path + query_string(query, date=window.previous.isoformat()),
        next_href=window.next and calendar_path + query_string(query, date=window.next.isoformat()),
        previous_label=previous_label,
        next_label=next_label,
        today_href=calendar_path + query_string(query, date=None),
        shows_today=window.first <= today <= window.last,
        clear_href=calendar_path + query_string(query, keep=("view", "date")),
        feed_url=feed_url,
        webcal_url=webcal_url(feed_url),
        qr_url=qr_url,
        qr_is_feed=scope_feed is not None,
        qr=qr_svg(qr_url),
        map_places=sessions.places,
        **_crowded(sessions.crowded, query, view, calendar_path, all_regions),
        nearest=sessions.nearest,
        nearest_shown=sessions.nearest and number_format(sessions.nearest[0], force_grouping=True),
        nearest_total=sessions.nearest and number_format(sessions.nearest[1], force_grouping=True),
        near_name=page["near"].name if page["near"] else "",
        map_config=map_config(page["near"]),
        near_words=near_in_words(page["near"]) if page["near"] else "",
    )
    context["filters_html"] = filters_html(context, listing=listing, all_regions=all_regions)
    return render(request, "website/calendar.html", context)
