"""The home page: what is happening today and in the coming days across the network."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from groups.models import FeedVersion
from groups.selectors import public_groups
from groups.translations import translated
from groups.version_selectors import feed_version
from regions.models import Region
from website import calendar_parts
from website.calendar_days import days_of, sessions_on_dates
from website.visitor_pages import same_for_everyone, visitor_page

HOME_DAYS = 7
HOME_LIMIT = 40  # sessions on the home page; the calendar has the rest


@require_safe
def home(request):
    """What is happening today and in the coming days across the network, and every RLC.

    For visitors not signed in, kept whole (website/visitor_pages.py) under the network's
    version, which every change to a group, session or region moves, and today's date, until
    the first of its sessions ends (``valid_until``): then "Coming up" no longer holds it.

    Past the calendar's bound on groups and days (``calendar_parts.too_many``), the sessions
    are not expanded: the page offers each region's calendar instead.
    """
    if same_for_everyone(request):
        network = feed_version(FeedVersion.NETWORK)
        return visitor_page(
            request,
            "home",
            version=(network.token, timezone.localdate()),
            build=lambda: _home(request),
        )
    return _home(request)


def _home(request):
    today = timezone.localdate()
    now = timezone.now()
    regions = list(Region.objects.all())
    by_region = dict(calendar_parts.by_region(public_groups()))
    if calendar_parts.too_many(sum(by_region.values()), HOME_DAYS):
        calendar_path = reverse("calendar")
        crowded = [
            (f"{calendar_path}?{urlencode({'region': region.slug})}", region.name, count)
            for region in regions
            if (count := by_region.get(region.pk))
        ]
        return _page(request, regions, days=[], more=0, crowded=crowded)
    last = today + dt.timedelta(days=HOME_DAYS - 1)
    sessions = [
        session
        for session in sessions_on_dates(translated(public_groups()), today, last)
        if session.occurrence.end > now  # what is over today is no longer "coming up"
    ]
    shown = sessions[:HOME_LIMIT]
    dates = [today + dt.timedelta(days=n) for n in range(HOME_DAYS)]
    days = days_of(shown, dates, keep_empty=False)
    response = _page(request, regions, days=days, more=len(sessions) - len(shown), crowded=[])
    if sessions:  # the first to end leaves the list (or its count of more)
        response.valid_until = min(session.occurrence.end for session in sessions).timestamp()
    return response


def _page(request, regions, *, days, more: int, crowded):
    return render(
        request,
        "website/home.html",
        {
            "days": days,
            "more": more,
            "regions": regions,
            "home_days": HOME_DAYS,
            "crowded_regions": crowded,
        },
    )
