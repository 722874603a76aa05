"""The home page: what is happening today and in the coming days across the network."""

from __future__ import annotations

import datetime as dt

from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from groups.selectors import public_groups
from groups.translations import translated
from regions.models import Region
from website.calendar_days import days_of, sessions_on_dates

HOME_DAYS = 7
HOME_LIMIT = 40  # sessions on the home page; the calendar has the rest


@require_safe
def home(request):
    """What is happening today and in the coming days across the network, and every RLC."""
    today = timezone.localdate()
    now = timezone.now()
    regions = list(Region.objects.all())
    last = today + dt.timedelta(days=HOME_DAYS - 1)
    sessions = [
        session
        for session in sessions_on_dates(translated(public_groups()), today, last)
        if session.occurrence.end > now  # what is over today is no longer "coming up"
    ]
    shown = sessions[:HOME_LIMIT]
    dates = [today + dt.timedelta(days=n) for n in range(HOME_DAYS)]
    return render(
        request,
        "website/home.html",
        {
            "days": days_of(shown, dates, keep_empty=False),
            "more": len(sessions) - len(shown),
            "regions": regions,
            "home_days": HOME_DAYS,
        },
    )
