"""The home page: what is happening today and in the coming days across the network."""

from __future__ import annotations

import datetime as dt
from urllib.parse import urlencode

from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_safe

from groups.selectors import public_groups
from groups.translations import translated
from regions.models import Region
from website import calendar_parts
from website.calendar_days import days_of, sessions_on_dates

HOME_DAYS = 7
HOME_LIMIT = 40  # sessions on the home page; the calendar has the rest


@require_safe
def home(request):
    """What is happening today and in the coming days across the network, and every RLC.

    Past the calendar's bound on groups and days (``calendar_parts.too_many``), the sessions
    are not expanded: the page offers each region's calendar instead.
    """
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
    return _page(request, regions, days=days, more=len(sessions) - len(shown), crowded=[])


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
