import datetime as dt

from django.shortcuts import render
from django.utils import timezone

from regions.models import Region

from .selectors import public_groups, sessions_between

HOME_DAYS = 7


def home(request):
    """What is happening today and in the coming days across the network, and every RLC."""
    now = timezone.now()
    sessions = sessions_between(public_groups(), now, now + dt.timedelta(days=HOME_DAYS))
    days = {}
    for session in sessions:
        local_start = session.occurrence.start
        days.setdefault(local_start.date(), []).append(session)
    return render(
        request,
        "home.html",
        {"days": sorted(days.items()), "regions": Region.objects.all(), "home_days": HOME_DAYS},
    )
