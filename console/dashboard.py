"""The console's dashboard: what a coordinator needs to see at a glance, this week and next:
who runs each session, gaps and clashes, groups to confirm, cover nobody has taken, and what
has come in: new applications to facilitate and feedback nobody has handled yet (counts and the
newest few, their regions only), and how many requests to host a class are new."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from console import history
from console.access import coordinator_required, local_today
from facilitators.applications import applications_for_user, with_other_applications
from facilitators.models import FacilitatorApplication
from groups.clashes import clashes
from groups.class_requests import class_requests_for_user
from groups.feedback import unhandled
from groups.models import ClassRequest, Group, SubstituteRequest
from groups.occurrences import wall_clock
from groups.selectors import (
    feedback_for_user,
    groups_for_user,
    session_rows,
    sessions_between,
)
from regions.selectors import regions_for_user

UNCONFIRMED_DAYS = 90
URGENT_DAYS = 2  # a cover request nobody has taken this close to its session is flagged
NEWEST = 5  # how many new applications, and pieces of feedback, the dashboard lists


def inbox(user) -> dict:
    """New applications and feedback not yet handled, in ``user``'s regions: each a count and
    the newest few (an application with ``also_applied_on``); and how many requests to host a
    class are new. Five queries."""
    applications = applications_for_user(user).filter(status=FacilitatorApplication.Status.NEW)
    feedback = unhandled(feedback_for_user(user))
    return {
        "new_applications_count": applications.count(),
        "new_applications": list(
            with_other_applications(applications, user).order_by("-created_at", "-pk")[:NEWEST]
        ),
        "unread_feedback_count": feedback.count(),
        "unread_feedback": list(
            feedback.select_related("group").order_by("-created_at", "-pk")[:NEWEST]
        ),
        "new_class_requests_count": class_requests_for_user(user)
        .filter(status=ClassRequest.Status.NEW)
        .count(),
    }


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _window(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        wall_clock(first, dt.time(0, 0), zone),
        wall_clock(first + dt.timedelta(days=days), dt.time(0, 0), zone),
    )


@coordinator_required
def dashboard_view(request):
    regions = regions_for_user(request.user)
    today = local_today()
    monday = _week_start(today)
    groups = groups_for_user(request.user).filter(status=Group.Status.ACTIVE)
    rows = session_rows(sessions_between(groups, *_window(monday, 14)))
    weeks = []
    for number, label in ((0, _("This week")), (1, _("Next week"))):
        first = monday + dt.timedelta(weeks=number)
        days = [first + dt.timedelta(days=offset) for offset in range(7)]
        weeks.append(
            {
                "label": label,
                "days": [
                    (day, [row for row in rows if row.occurrence.start.date() == day])
                    for day in days
                ],
            }
        )
    requests = list(
        SubstituteRequest.objects.filter(
            group__region__in=regions,
            status=SubstituteRequest.Status.OPEN,
            original_date__gte=today,
        )
        .select_related("group", "requested_by")
        .order_by("original_date", "group__title")
    )
    stale_before = today - dt.timedelta(days=UNCONFIRMED_DAYS)
    unconfirmed = groups.filter(
        Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=stale_before)
    ).order_by("last_confirmed_on", "title")
    context = {
        "regions": regions,
        "weeks": weeks,
        "today": today,
        "uncovered": [
            row for row in rows if row.is_uncovered and row.occurrence.end.date() >= today
        ],
        "clashes": clashes(rows),
        "unconfirmed": unconfirmed,
        # Nobody has taken these, and the session is two days away or less.
        "urgent_requests": [
            r for r in requests if r.original_date <= today + dt.timedelta(days=URGENT_DAYS)
        ],
        "other_requests": [
            r for r in requests if r.original_date > today + dt.timedelta(days=URGENT_DAYS)
        ],
        "recent": history.recent_changes(regions),
        **inbox(request.user),
    }
    return render(request, "console/dashboard.html", context)
