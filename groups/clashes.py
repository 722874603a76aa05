"""Clashes: two sessions in one place at overlapping times, or one person in two places at once.

One check for everything that asks: the dashboard (the fortnight's clashes), a move of one
session, and a group's new schedule or place (``schedule_clashes``). Online venues never clash.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from groups.models import Group, SessionChange
from groups.selectors import GroupSession, SessionRow, session_rows, sessions_between

SCHEDULE_CHECK_DAYS = 366  # how far ahead a new schedule's sessions are checked
AROUND = dt.timedelta(hours=12)  # the others' sessions looked at, either side of the candidates


@dataclass(frozen=True)
class Clash:
    kind: str  # "venue" or "facilitator"
    what: str  # the venue or the person, in words
    first: SessionRow
    second: SessionRow


def _overlapping_pairs(live: list[SessionRow]):
    """Pairs of sessions whose times overlap; ``live`` is sorted by start (a sweep, not n²)."""
    for index, first in enumerate(live):
        for second in live[index + 1 :]:
            if second.occurrence.start >= first.occurrence.end:
                break
            yield first, second


def _shared_place(first: SessionRow, second: SessionRow):
    venue_a, venue_b = first.session.venue, second.session.venue
    if venue_a is None or venue_b is None or venue_a.pk != venue_b.pk or venue_a.is_online:
        return None
    return venue_a


def clashes(rows: list[SessionRow]) -> list[Clash]:
    """Two sessions in one place at overlapping times, or one person in two places at once."""
    live = sorted(
        (row for row in rows if not row.occurrence.cancelled), key=lambda r: r.occurrence.start
    )
    found = []
    for first, second in _overlapping_pairs(live):
        venue = _shared_place(first, second)
        if venue is not None:
            found.append(Clash("venue", venue.name, first, second))
        shared = {p.pk: p for p in first.facilitators}.keys() & {p.pk for p in second.facilitators}
        for person in first.facilitators:
            if person.pk in shared:
                found.append(Clash("facilitator", person.display_name, first, second))
    return found


def clashes_with(candidates: list[SessionRow], others: list[SessionRow]) -> list[Clash]:
    """The clashes the candidates (one group's sessions, as they would be) have with others.

    Each clash names a candidate first.
    """
    mine = {id(row) for row in candidates}
    found = []
    for clash in clashes([*candidates, *others]):
        first_mine, second_mine = id(clash.first) in mine, id(clash.second) in mine
        if first_mine == second_mine:
            continue  # two of the candidates, or two others: not this change's doing
        if second_mine:
            clash = Clash(clash.kind, clash.what, clash.second, clash.first)
        found.append(clash)
    return found


def sessions_clashes(candidates: list[GroupSession], groups) -> list[Clash]:
    """The clashes ``candidates`` would have with the sessions of ``groups`` around them.

    ``groups`` are those the asker may see (their regions'), without the candidates' own group.
    """
    live = [
        s
        for s in candidates
        if not s.occurrence.cancelled and s.occurrence.end > s.occurrence.start
    ]
    if not live:
        return []
    around = sessions_between(
        groups.filter(status=Group.Status.ACTIVE),
        min(s.occurrence.start for s in live) - AROUND,
        max(s.occurrence.end for s in live) + AROUND,
    )
    return clashes_with(session_rows(live), session_rows(around))


def schedule_clashes(group: Group, groups, *, days: int = SCHEDULE_CHECK_DAYS) -> list[Clash]:
    """The clashes a group's sessions (saved or not, as its fields are now) would have over the
    coming ``days`` with the sessions of ``groups``; its own saved changes are applied."""
    start = max(timezone.now(), group.schedule.first_start)
    end = start + dt.timedelta(days=days)
    changes = {}
    if group.pk is not None:
        changes = {
            change.original_date: change
            for change in SessionChange.objects.filter(group_id=group.pk).select_related(
                "new_venue"
            )
        }
    candidates = [
        GroupSession(
            group,
            occurrence,
            (occurrence.moved and changes[occurrence.original_date].new_venue) or group.venue,
        )
        for occurrence in group.schedule.occurrences_between(
            start, end, [change.as_change() for change in changes.values()]
        )
    ]
    if group.pk is not None:
        groups = groups.exclude(pk=group.pk)
    return sessions_clashes(candidates, groups)
