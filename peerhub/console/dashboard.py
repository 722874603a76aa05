"""What a coordinator needs to see at a glance: who runs each session, gaps and clashes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from groups.models import GroupFacilitator, SessionSubstitute
from groups.selectors import GroupSession


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


@dataclass(frozen=True)
class Clash:
    kind: str  # "venue" or "facilitator"
    what: str  # the venue or the person, in words
    first: SessionRow
    second: SessionRow


def session_rows(sessions: list[GroupSession]) -> list[SessionRow]:
    """Each session with who runs it; two queries whatever the number of sessions."""
    group_ids = {session.group.pk for session in sessions}
    regulars: dict[int, list] = {}
    for membership in GroupFacilitator.objects.filter(group_id__in=group_ids).select_related(
        "facilitator"
    ):
        regulars.setdefault(membership.group_id, []).append(membership.facilitator)
    days = {session.occurrence.original_date for session in sessions}
    covers: dict[tuple[int, dt.date], list] = {}
    for cover in SessionSubstitute.objects.filter(
        group_id__in=group_ids, original_date__in=days
    ).select_related("substitute"):
        covers.setdefault((cover.group_id, cover.original_date), []).append(cover)
    rows = []
    for session in sessions:
        mine = covers.get((session.group.pk, session.occurrence.original_date), [])
        away = {cover.replaces_id for cover in mine}
        people = [person for person in regulars.get(session.group.pk, []) if person.pk not in away]
        people += [cover.substitute for cover in mine]
        rows.append(SessionRow(session, tuple(people)))
    return rows


def _overlapping_pairs(live: list[SessionRow]):
    """Pairs of sessions whose times overlap; ``live`` is sorted by start (a sweep, not n²)."""
    for index, first in enumerate(live):
        for second in live[index + 1 :]:
            if second.occurrence.start >= first.occurrence.end:
                break
            yield first, second


def clashes(rows: list[SessionRow]) -> list[Clash]:
    """Two sessions in one place at overlapping times, or one person in two places at once."""
    live = sorted(
        (row for row in rows if not row.occurrence.cancelled), key=lambda r: r.occurrence.start
    )
    found = []
    for first, second in _overlapping_pairs(live):
        venue_a, venue_b = first.session.venue, second.session.venue
        if venue_a is not None and venue_b is not None and venue_a.pk == venue_b.pk:
            found.append(Clash("venue", venue_a.name, first, second))
        shared = {p.pk: p for p in first.facilitators}.keys() & {p.pk for p in second.facilitators}
        for person in first.facilitators:
            if person.pk in shared:
                found.append(Clash("facilitator", person.display_name, first, second))
    return found


def clashes_with(candidate: SessionRow, others: list[SessionRow]) -> list[Clash]:
    """The clashes one (moved) session would have with the others around it."""
    return [
        clash for clash in clashes([candidate, *others]) if candidate in (clash.first, clash.second)
    ]
