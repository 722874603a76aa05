import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q

from groups.expansion import expandable, expanding
from groups.models import (
    Group,
    GroupFacilitator,
    GroupFeedback,
    SessionChange,
    SessionSubstitute,
    SubstituteRequest,
)
from groups.occurrences import Occurrence, wall_clock
from regions.models import Venue
from regions.selectors import regions_for_user


@dataclass(frozen=True)
class FeedGroup:
    """A group and its session changes (every one: the feed carries the whole series).

    In a facilitator's private feed, ``viewer_id`` is that facilitator and ``substitutes`` are
    the group's one-session substitutes (with ``substitute`` loaded); public feeds leave both
    empty.
    """

    group: Group
    changes: Sequence[SessionChange]
    substitutes: Sequence[SessionSubstitute] = ()
    viewer_id: int | None = None


@dataclass(frozen=True)
class GroupSession:
    group: Group
    occurrence: Occurrence
    venue: Venue | None  # where it happens: a moved session's new venue, else the group's


def session_of(group: Group, day: dt.date, change: SessionChange | None) -> GroupSession:
    """The session of ``group`` on ``day`` with its change (already fetched, or None) applied.

    The one place that turns a group, a date and its ``SessionChange`` into the session as it
    happens: its times, whether it is cancelled, and where (a moved session's new venue, else
    the group's). Callers that hold the changes already (the feeds) pass them; others use
    ``session_on``.
    """
    occurrence = group.schedule.occurrence(day, change.as_change() if change else None)
    venue = (change.new_venue if change and change.new_venue_id else None) or group.venue
    return GroupSession(group, occurrence, venue)


def change_on(group: Group, day: dt.date) -> SessionChange | None:
    """The change (cancel or move) of the session of ``group`` on its date ``day``, if any."""
    return (
        SessionChange.objects.filter(group=group, original_date=day)
        .select_related("new_venue")
        .first()
    )


def session_on(group: Group, day: dt.date) -> GroupSession:
    """The session of ``group`` on its date ``day`` as it is now (its change applied, if any)."""
    return session_of(group, day, change_on(group, day))


@dataclass(frozen=True)
class SessionRow:
    session: GroupSession
    facilitators: tuple  # FacilitatorProfiles running it: regulars less anyone away, plus cover

    @property
    def occurrence(self):
        return self.session.occurrence

    @property
    def group(self):
        return self.session.group

    @property
    def is_uncovered(self) -> bool:
        return not self.occurrence.cancelled and not self.facilitators


def session_rows(sessions: list[GroupSession]) -> list[SessionRow]:
    """Each session with who runs it: its regulars, less anyone away that day, plus cover.

    Two queries whatever the number of sessions; the people come with their accounts, so
    they can be emailed.
    """
    group_ids = {session.group.pk for session in sessions}
    regulars: dict[int, list] = {}
    for membership in GroupFacilitator.objects.filter(group_id__in=group_ids).select_related(
        "facilitator__user"
    ):
        regulars.setdefault(membership.group_id, []).append(membership.facilitator)
    days = {session.occurrence.original_date for session in sessions}
    covers: dict[tuple[int, dt.date], list] = {}
    for cover in SessionSubstitute.objects.filter(
        group_id__in=group_ids, original_date__in=days
    ).select_related("substitute__user"):
        covers.setdefault((cover.group_id, cover.original_date), []).append(cover)
    rows = []
    for session in sessions:
        mine = covers.get((session.group.pk, session.occurrence.original_date), [])
        away = {cover.replaces_id for cover in mine}
        people = [person for person in regulars.get(session.group.pk, []) if person.pk not in away]
        people += [cover.substitute for cover in mine]
        rows.append(SessionRow(session, tuple(people)))
    return rows


def upcoming_sessions(facilitator, *, now: dt.datetime, weeks: int = 8) -> list[SessionRow]:
    """The sessions ``facilitator`` runs or covers from now on, private ones included.

    A session of one of their groups that someone else covers is listed too (the page says who
    covers it). Four queries, whatever the number of groups.
    """
    groups = (
        Group.objects.filter(status=Group.Status.ACTIVE)
        .filter(Q(memberships__facilitator=facilitator) | Q(substitutes__substitute=facilitator))
        .distinct()
        .select_related("region", "venue")
    )
    rows = session_rows(sessions_between(groups, now, now + dt.timedelta(weeks=weeks)))
    regular = set(
        GroupFacilitator.objects.filter(facilitator=facilitator).values_list("group_id", flat=True)
    )
    return [
        row
        for row in rows
        if row.group.pk in regular or any(p.pk == facilitator.pk for p in row.facilitators)
    ]


def substitute_requests_for(facilitator, *, now: dt.datetime):
    """(their own open requests, open requests of their regions they could take), by date."""
    regions = list(facilitator.regions.values_list("pk", flat=True))
    found = (
        SubstituteRequest.objects.filter(
            status=SubstituteRequest.Status.OPEN, original_date__gte=now.date()
        )
        .filter(Q(requested_by=facilitator) | Q(group__region_id__in=regions))
        .select_related("group__region", "group__venue", "requested_by")
        .prefetch_related("group__languages")
        .order_by("original_date", "group__title")
    )
    mine, others = [], []
    for record in found:
        (mine if record.requested_by_id == facilitator.pk else others).append(record)
    return mine, others


def public_groups():
    """Groups anyone may see: public and active, with what their listing shows."""
    return Group.objects.filter(is_public=True, status=Group.Status.ACTIVE).select_related(
        "region", "venue"
    )


def region_change_log(region, *, limit: int) -> tuple[list[SessionChange], list[Group]]:
    """The region's public groups' latest session changes (by when they were last made) and its
    newest public groups (by when they were created), each newest first and at most ``limit``.

    Two queries; each change comes with its group, the group's region and venue, and its new
    venue. Private groups and their changes are never read.
    """
    groups = public_groups().filter(region=region)
    changes = (
        SessionChange.objects.filter(group__in=groups.values("pk"))
        .select_related("group__region", "group__venue", "new_venue")
        .order_by("-updated_at", "-pk")[:limit]
    )
    return list(changes), list(groups.order_by("-created_at", "-pk")[:limit])


def groups_for_user(user):
    """Every group a signed-in user may manage: their regions' groups, private ones included.

    Superusers manage every region; anyone else, nothing. The console fetches every group
    through this, so a group of another region is a 404.
    """
    return Group.objects.filter(region__in=regions_for_user(user)).select_related("region", "venue")


def feedback_for_user(user):
    """The feedback a signed-in user may read: that of their regions' groups."""
    return GroupFeedback.objects.filter(group__in=groups_for_user(user))


def sessions_on_day(groups, day: dt.date, timezone_name: str) -> list[GroupSession]:
    """The sessions of ``groups`` happening on ``day`` in that wall clock (moves applied)."""
    zone = ZoneInfo(timezone_name)
    start = wall_clock(day, dt.time(0, 0), zone)
    end = wall_clock(day + dt.timedelta(days=1), dt.time(0, 0), zone)
    return sessions_between(groups, start, end)


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

    def sessions_of(group: Group) -> list[GroupSession]:
        return [
            GroupSession(
                group,
                occurrence,
                (occurrence.moved and new_venues[occurrence.change.id]) or group.venue,
            )
            for occurrence in group.schedule.occurrences_between(
                start, end, by_group.get(group.pk, ())
            )
        ]

    found = []
    for group in expandable(groups):
        with expanding(group):
            found.extend(sessions_of(group))
    found.sort(key=lambda s: (s.occurrence.start, s.group.title))
    return found


def feed_groups(groups, *, refused: list | None = None) -> list[FeedGroup]:
    """Groups with everything their events show, in a fixed number of queries; the pk of each
    whose schedule cannot be expanded (logged, left out) is added to ``refused``."""
    groups = list(
        groups.select_related("region", "venue").prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupFacilitator.objects.select_related("facilitator").order_by(
                    *GroupFacilitator.IN_GROUP_ORDER
                ),
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
    return [
        FeedGroup(group, changes.get(group.pk, ())) for group in expandable(groups, refused=refused)
    ]


def facilitator_feed_groups(facilitator) -> list[FeedGroup]:
    """A facilitator's private feed: every active group they run or cover a session of.

    Each comes with its changes and every one of its one-session substitutes, so the feed can
    leave out the sessions they are away from, list the ones they cover and name who
    facilitates. One query more than ``feed_groups``, whatever the number of groups.
    """
    groups = Group.objects.filter(
        Q(pk__in=GroupFacilitator.objects.filter(facilitator=facilitator).values("group"))
        | Q(pk__in=SessionSubstitute.objects.filter(substitute=facilitator).values("group")),
        status=Group.Status.ACTIVE,
    )
    found = feed_groups(groups)
    substitutes = {}
    for record in (
        SessionSubstitute.objects.filter(group__in=[feed_group.group for feed_group in found])
        .select_related("substitute")
        .order_by("original_date", "substitute__display_name", "pk")
    ):
        substitutes.setdefault(record.group_id, []).append(record)
    return [
        FeedGroup(
            feed_group.group,
            feed_group.changes,
            substitutes=substitutes.get(feed_group.group.pk, ()),
            viewer_id=facilitator.pk,
        )
        for feed_group in found
    ]
