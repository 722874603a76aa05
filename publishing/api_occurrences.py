"""The JSON API's sessions of a window, each group's serialised once per version of the group.

A month of one region at national size is 1,238 sessions of 300 groups: expanding, validating
and serialising them all took 100 to 200 ms, and a coordinator's change to one group made the
next client of that month wait for all of it. As the feeds keep each group's events
(publishing/feeds.py) and the calendar each group's sessions rendered
(website/calendar_sessions.py), the API keeps each group's sessions of a window as JSON, under
the group's own version (its SEQUENCE and LAST-MODIFIED, which every change to what its
sessions show moves: groups/freshness.py). An answer is then one query for the groups'
versions, one look in the caches, the groups that changed (``groups.kept.kept_per_group``),
and the items joined in order: the same bytes as the whole list serialised at once.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from django.conf import settings

from core import cache
from groups.kept import kept_per_group
from groups.selectors import sessions_between
from publishing.api_items import group_url, occurrence_item


def occurrences_json(
    groups,
    start: dt.date,
    end: dt.date,
    *,
    serialised: Callable[[dict], str],
    counted: Callable[[int], None] | None = None,
) -> str:
    """``{"occurrences": [...]}`` for the sessions of ``groups`` (a queryset) whose local start
    date is from ``start`` to ``end``, in order of start, then title, then slug.

    ``serialised(item)`` is one item (``publishing.api_items.occurrence_item``) validated and
    written as the API writes its answers; ``counted(number of groups)`` may refuse a window
    too large before anything is built (``groups.kept.kept_per_group``).
    """
    where = (settings.SITE_URL, start, end)
    kept = kept_per_group(
        groups,
        lambda pk, sequence, stamp: cache.key("api:sessions", *where, pk, sequence, stamp),
        lambda missing: _built(missing, start, end, serialised),
        counted=counted,
    )
    items = sorted(item for group_items in kept.values() for item in group_items)
    return '{"occurrences": [' + ", ".join(text for *_, text in items) + "]}"


def _built(groups, start: dt.date, end: dt.date, serialised) -> list[tuple]:
    """Each group's items as (start, title, slug, JSON). One whose schedule cannot be expanded
    (logged) has none, until it changes."""
    groups = list(groups)
    # A day either side covers every UTC offset; each session is then kept by its local date.
    padded = [
        dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        for day in (start - dt.timedelta(days=1), end + dt.timedelta(days=2))
    ]
    by_group = {group.pk: [] for group in groups}
    urls = {group.pk: group_url(group) for group in groups}
    for session in sessions_between(groups, *padded):
        if start <= session.occurrence.start.date() <= end:
            group = session.group
            by_group[group.pk].append(
                (
                    session.occurrence.start,
                    group.title,
                    group.slug,
                    serialised(occurrence_item(session, urls[group.pk])),
                )
            )
    return [(group, tuple(by_group[group.pk])) for group in groups]
