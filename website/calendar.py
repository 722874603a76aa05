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
from django.views.decorators.http import require_safe

from groups.filters import GroupFilter
from groups.models import FeedVersion
from groups.selectors import feed_versions, public_groups
from publishing.links import absolute, webcal_url
from regions.models import Region
from website.calendar_days import LIST_DAYS, window_for
from website.calendar_parts import cached_sessions, filters_html
from website.calendar_query import (
    GROUP_PARAMETERS,
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

CALENDAR_PATH = "/calendar/"


@require_safe
def calendar(request):
    """The happenings calendar: a list by day, a week or a month, filtered from the URL."""
    today = timezone.localdate()
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
    versions = feed_versions([FeedVersion.NETWORK, scope])
    network = versions[FeedVersion.NETWORK]
    filters.network = network  # the search box's words are kept under it (groups/search.py)
    context = {"query": query, "views": VIEWS}
    problems = problems_in(query, session_form, filters.form)
    if problems:
        context.update(
            problems=problems,
            title="Please check your choices",
            view=session_form.cleaned_data.get("view") or "list",
            clear_href=CALENDAR_PATH,
        )
        context["filters_html"] = filters_html(context, network=network, all_regions=all_regions)
        return render(request, "website/calendar.html", context, status=400)

    cleaned, page = filters.form.cleaned_data, session_form.cleaned_data
    view, day = page["view"], page["date"] or today
    window = window_for(view, day)
    sessions = cached_sessions(
        filters, page, window=window, view=view, today=today, version=versions[scope]
    )
    scope = scope_of(cleaned, all_regions)
    what = f"Peer support groups {when_in_words(window, today)} {scope.where}"
    feed_query = query_string(query, keep=GROUP_PARAMETERS)
    feed_url = absolute(reverse("network-feed")) + feed_query
    page_url = f"{settings.SITE_URL}{CALENDAR_PATH}{query_string(query)}"
    scope_feed = feed_path_for(cleaned)
    qr_url = f"{settings.SITE_URL}{scope_feed}" if scope_feed else page_url
    units = {"list": f"{LIST_DAYS} days", "week": "week", "month": "month"}[view]
    context.update(
        view=view,
        window=window,
        range_words=range_in_words(window),
        sessions_html=sessions.html,
        session_count=sessions.count,
        cancelled_count=sessions.cancelled,
        upcoming=[
            (CALENDAR_PATH + query_string(query, date=day.isoformat()), f"{day:%A %-d %B %Y}", html)
            for day, html in sessions.upcoming
        ],
        empty_words=f"in {range_in_words(window)}"
        if view == "month"
        else f"from {range_in_words(window)}",
        title=what,
        description=f"Free peer support groups {when_in_words(window, today)} {scope.where}: "
        "times, places and changes, from the Massachusetts Recovery Learning Communities.",
        scope=scope,
        chosen=chosen_in_words(cleaned, page),
        panel_count=panel_count(cleaned, page),
        has_filters=any(name in query for name in (*GROUP_PARAMETERS, *SESSION_PARAMETERS)),
        session_filters=any(name in query for name in SESSION_PARAMETERS),
        view_links=[
            (name, label, CALENDAR_PATH + query_string(query, view=name), name == view)
            for name, label in VIEWS
        ],
        previous_href=window.previous
        and CALENDAR_PATH + query_string(query, date=window.previous.isoformat()),
        next_href=window.next and CALENDAR_PATH + query_string(query, date=window.next.isoformat()),
        previous_label=f"Previous {units}",
        next_label=f"Next {units}",
        today_href=CALENDAR_PATH + query_string(query, date=None),
        shows_today=window.first <= today <= window.last,
        clear_href=CALENDAR_PATH + query_string(query, keep=("view", "date")),
        feed_url=feed_url,
        webcal_url=webcal_url(feed_url),
        qr_url=qr_url,
        qr_is_feed=scope_feed is not None,
        qr=qr_svg(qr_url),
    )
    context["filters_html"] = filters_html(context, network=network, all_regions=all_regions)
    return render(request, "website/calendar.html", context)
