"""What a coordinator needs to see at a glance: who runs each session, gaps and clashes."""

from __future__ import annotations

from dataclasses import dataclass

from groups.selectors import SessionRow


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
