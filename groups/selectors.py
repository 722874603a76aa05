import datetime as dt
import uuid
from dataclasses import dataclass

from django.db.models import Prefetch, Q
from django.utils import timezone

from regions.models import Venue

from .ical import FeedGroup
from .models import FeedVersion, Group, GroupFacilitator, SessionChange
from .occurrences import Occurrence


@dataclass(frozen=True)
class GroupSession:
    group: Group
    occurrence: Occurrence
    venue: Venue | None  # where it happens: a moved session's new venue, else the group's


def public_groups():
    """Groups anyone may see: public and active, with what their listing shows."""
    return Group.objects.filter(is_public=True, status=Group.Status.ACTIVE).select_related(
        "region", "venue"
    )


def sessions_between(groups, start: dt.datetime, end: dt.datetime) -> list[GroupSession]:
    """Every session of ``groups`` starting in [start, end), changes applied, in time order.

    Two queries whatever the number of groups: the groups, and their changes near the window.
    """
    groups = list(groups)
    first = start.date() - dt.timedelta(days=2)
    last = end.date() + dt.timedelta(days=2)
    changes = (
        SessionChange.objects.filter(group__in=groups)
        .filter(Q(original_date__range=(first, last)) | Q(new_date__range=(first, last)))
        .select_related("new_venue")
    )
    by_group, new_venues = {}, {}
    for change in changes:
        by_group.setdefault(change.group_id, []).append(change.as_change())
        new_venues[change.pk] = change.new_venue
    found = [
        GroupSession(
            group,
            occurrence,
            (occurrence.moved and new_venues[occurrence.change.id]) or group.venue,
        )
        for group in groups
        for occurrence in group.schedule.occurrences_between(start, end, by_group.get(group.pk, ()))
    ]
    found.sort(key=lambda s: (s.occurrence.start, s.group.title))
    return found


def facilitator_groups(facilitator):
    """Every active group a facilitator runs, public or not: their private feed."""
    return (
        Group.objects.filter(memberships__facilitator=facilitator, status=Group.Status.ACTIVE)
        .select_related("region", "venue")
        .distinct()
    )


def feed_groups(groups) -> list[FeedGroup]:
    """Groups with everything their events show, in a fixed number of queries."""
    groups = list(
        groups.select_related("region", "venue").prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupFacilitator.objects.select_related("facilitator"),
            ),
            "access_features",
        )
    )
    changes = {}
    for change in (
        SessionChange.objects.filter(group__in=groups)
        .select_related("new_venue")
        .order_by("original_date")
    ):
        changes.setdefault(change.group_id, []).append(change)
    return [FeedGroup(group, changes.get(group.pk, ())) for group in groups]


def feed_version(key: str) -> FeedVersion:
    """The current version of a feed scope; a scope never touched starts now."""
    version, _ = FeedVersion.objects.get_or_create(
        key=key, defaults={"token": uuid.uuid4().hex, "changed_at": timezone.now()}
    )
    return version
