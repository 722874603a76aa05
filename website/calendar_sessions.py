"""The calendar's sessions of a window, expanded and rendered once per version of each group.

A month of one region at national size is 1,238 sessions of 300 groups: expanding and rendering
them all took about 215 ms, and a coordinator's change to one group sent the next visitor of
that month through all of it again, while the others waited for that build. As the feeds keep
each group's events (publishing/feeds.py), the calendar keeps each group's sessions of a
window rendered, under the group's own version: its SEQUENCE and LAST-MODIFIED, which every
change to what its sessions show moves, its venue's and region's names included
(groups/freshness.py). A page then costs one query for the groups' versions, one look in the
caches and the expansion of the groups that changed (``groups.kept.kept_per_group``).

A group's sessions do not depend on the page's filters (those choose the groups), so a region's
page, the whole network's and every search share them.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from core import cache
from groups.kept import kept_per_group
from groups.translations import translated
from website.calendar_days import sessions_on_dates
from website.calendar_map import session_place

# One session, as each view shows it; when these change, raise "page:sessions" in
# core.cache.FORMATS, so no cache serves the old markup.
SESSION_TEMPLATES = {
    "list": ("website/_session.html", {"show_date": False}),
    "week": ("website/_session.html", {"show_date": False}),
    "month": ("website/_calendar_brief.html", {}),
}


class Shown(NamedTuple):
    """One session as the calendar shows it, kept in the caches as a plain tuple; in a
    template, ``{{ session }}`` is its markup (Django's ``str()`` of it, safe)."""

    start: dt.datetime  # in its region's timezone: the order across groups, as sessions_between
    title: str  # then its group's title
    group_id: int  # then its group
    html: str  # our own template's output
    cancelled: bool
    place: tuple | None  # its marker on the map (website.calendar_map.session_place)

    @property
    def date(self) -> dt.date:
        """The day it is shown on: its date in its own region's timezone."""
        return self.start.date()

    def __str__(self) -> str:
        return mark_safe(self.html)  # noqa: S308 (our own template's output)

    __html__ = __str__


def shown_sessions(
    groups,
    first: dt.date,
    last: dt.date,
    *,
    view: str,
    weekdays=(),
    times=(),
    today: dt.date,
    counted=None,
) -> list[Shown]:
    """The sessions of ``groups`` (a queryset) from ``first`` to ``last``, on those weekdays
    and times, rendered for ``view``, in time order.

    Two queries when every group's sessions are kept; the groups that changed are expanded
    (``sessions_on_dates``: two queries more; three in Spanish or Portuguese).
    ``counted(number of groups)``, if given, may refuse (raise) before any is looked up or
    built (``groups.kept.kept_per_group``).
    """
    where = (get_language(), view, first, last, sorted(set(weekdays)), sorted(set(times)), today)
    kept = kept_per_group(
        groups,
        lambda pk, sequence, stamp: cache.key("page:sessions", *where, pk, sequence, stamp),
        lambda missing: _built(missing, where),
        counted=counted,
    )
    found = [Shown(*session) for sessions in kept.values() for session in sessions]
    found.sort(key=lambda session: (session.start, session.title, session.group_id))
    return found


def _built(groups, where: tuple) -> list[tuple]:
    """Each group's sessions, as plain tuples. One whose schedule cannot be expanded (logged)
    shows none, until it changes."""
    _language, view, first, last, weekdays, times, _today = where
    template, extra = SESSION_TEMPLATES[view]
    groups = translated(groups)
    by_group = {group.pk: [] for group in groups}
    for session in sessions_on_dates(groups, first, last, weekdays=weekdays, times=times):
        by_group[session.group.pk].append(
            (
                session.occurrence.start,
                session.group.title,
                session.group.pk,
                render_to_string(template, {"session": session, **extra}),
                session.occurrence.cancelled,
                session_place(session),
            )
        )
    return [(group, tuple(by_group[group.pk])) for group in groups]
