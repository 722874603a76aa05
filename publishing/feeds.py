"""Public feeds put together from each group's cached events, and streamed.

A public feed is assembled like every feed (``ical.calendar_chunks``): its opening lines, a
VTIMEZONE per timezone, every group's events in a fixed order (``ical.feed_order``) and the
closing line. A group's events are cached, in the worker's own memory (a few hundred bytes each:
the national network's 18,000 groups take 12 MB) and, with Redis, in the shared cache (a batch
in one round trip), under the site's address and the group's ``sequence`` and ``updated_at``,
which every change to anything they show moves (``groups.freshness``), so the first request
after a change rebuilds that group alone, in whichever worker and on whichever server.
Whole feeds go to the shared cache too (``views.feed_response``).
The bytes are the same as ``ical.build_calendar`` gives for the same groups
(tests/publishing/test_feed_assembly.py).

Groups are read in batches, never all at once, so the whole network's feed is streamed with a
worker's memory bounded by a batch, whatever the size of the network.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from typing import NamedTuple

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce

from core import build_ahead, cache
from groups.dates import EARLIEST_DATE, LATEST_DATE
from groups.models import Group, SessionChange
from groups.selectors import feed_groups, public_groups
from publishing.events import group_ical
from publishing.ical import calendar_chunks, feed_order
from publishing.models import StoredEvents

BATCH = 500

logger = logging.getLogger(__name__)


def spans_of(groups) -> dict[str, tuple]:
    """For each timezone, the first and last day any of these groups' events touch.

    Two queries, whatever the number of groups: their dates, and the dates sessions moved to.
    The same days ``ical.group_days`` gives for a public feed.
    """
    # Only dates a VTIMEZONE can be built for: a group with others is left out anyway.
    groups = groups.filter(
        Q(end_date__isnull=True) | Q(end_date__range=(EARLIEST_DATE, LATEST_DATE)),
        start_date__range=(EARLIEST_DATE, LATEST_DATE),
    )
    chosen = Group.objects.filter(pk__in=groups.values("pk"))
    spans = {
        tzid: (first, last)
        for tzid, first, last in groups.order_by()
        .values("timezone")
        .annotate(first=Min("start_date"), last=Max(Coalesce("end_date", "start_date")))
        .values_list("timezone", "first", "last")
    }
    for tzid, first, last in (
        SessionChange.objects.filter(group__in=chosen, new_date__range=(EARLIEST_DATE, LATEST_DATE))
        .order_by()
        .values("group__timezone")
        .annotate(first=Min("new_date"), last=Max("new_date"))
        .values_list("group__timezone", "first", "last")
    ):
        known_first, known_last = spans[tzid]
        spans[tzid] = (min(known_first, first), max(known_last, last))
    return spans


def public_feed_chunks(
    groups, *, name: str, description: str, url: str, hand_over: bool = False
) -> Iterator[bytes]:
    """The public feed of ``groups`` (a queryset), piece by piece (``ical.calendar_chunks``).

    Three queries when the groups' events are cached; a batch of groups with changed ones
    builds just those (``feed_groups``: four more queries). With ``hand_over`` (a task worker
    can build it instead of this request), a feed of more than
    ``build_ahead.BUILT_IN_A_REQUEST`` groups first counts those whose events are not stored
    under their current key (one query), and raises ``build_ahead.LongBuild`` before giving
    anything when they are more than that.
    """
    site_url = settings.SITE_URL
    rows = [
        (pk, _text_key(site_url, pk, sequence, stamp))
        for pk, sequence, stamp, _title, _uuid in sorted(
            groups.values_list("pk", "sequence", "updated_at", "title", "uuid"),
            key=lambda row: feed_order(row[3], row[4]),
        )
    ]
    if (
        hand_over
        and len(rows) > build_ahead.BUILT_IN_A_REQUEST
        and _unstored(groups, rows) > build_ahead.BUILT_IN_A_REQUEST
    ):
        raise build_ahead.LongBuild
    yield from calendar_chunks(
        name=name,
        description=description,
        url=url,
        spans=spans_of(groups),
        texts=_group_texts(groups, rows),
    )


def _unstored(groups, rows) -> int:
    """How many of ``rows`` (group, key) have no events stored under that key."""
    stored = dict(
        StoredEvents.objects.filter(group__in=groups.values("pk")).values_list("group_id", "key")
    )
    return sum(stored.get(pk) != key for pk, key in rows)


def _group_texts(groups, rows) -> Iterator[bytes]:
    """Each group's events, in the order of ``rows`` (group, key), a batch at a time, from the
    caches."""
    site_url = settings.SITE_URL
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        keys = dict(batch)
        texts = cache.get_or_build_many(
            keys, lambda missing, keys=keys: _stored_or_built(groups, keys, missing, site_url)
        )
        # A group that stopped being public between the two queries is left out.
        yield from (texts[pk] for pk, *_ in batch if pk in texts)


def _stored_or_built(groups, keys: dict, missing: list, site_url: str):
    """The events of the ``missing`` groups stored under their current key (publishing/models.py),
    then the others built, and stored for the next time: two queries, and four to build."""
    stored = StoredEvents.objects.filter(group_id__in=missing)
    found = [
        (pk, key, bytes(text))
        for pk, key, text in stored.values_list("group_id", "key", "text")
        if key == keys[pk]
    ]
    yield from found
    fresh = {pk for pk, _key, _text in found}
    if len(fresh) == len(missing):
        return
    built = list(_built(groups.filter(pk__in=[pk for pk in missing if pk not in fresh]), site_url))
    _store(built)
    yield from built


class Stored(NamedTuple):
    groups: int  # public groups (less any made private or deleted while the step ran)
    built: int  # built and stored now
    left_out: int  # whose schedule cannot be expanded (logged, in no feed)

    @property
    def already(self) -> int:
        return self.groups - self.built - self.left_out


def store_events() -> Stored:
    """Build and store the events of every public group not stored under its current key: the
    release step (``manage.py store_feed_events``), so that after a new calendar text format or
    site address no visitor's request builds 18,000 groups' events. Two queries a batch when
    nothing is to build."""
    site_url = settings.SITE_URL
    groups = public_groups()
    rows = list(groups.order_by("pk").values_list("pk", "sequence", "updated_at"))
    built = left_out = gone = 0
    for start in range(0, len(rows), BATCH):
        keys = {
            pk: _text_key(site_url, pk, sequence, stamp)
            for pk, sequence, stamp in rows[start : start + BATCH]
        }
        stored = dict(StoredEvents.objects.filter(group_id__in=keys).values_list("group_id", "key"))
        missing = [pk for pk, key in keys.items() if stored.get(pk) != key]
        if missing:
            cannot: list[int] = []
            made = list(_built(groups.filter(pk__in=missing), site_url, left_out=cannot))
            _store(made)
            built += len(made)
            left_out += len(cannot)
            # Made private, paused or deleted since the first query: no longer one of them.
            gone += len(missing) - len(made) - len(cannot)
    return Stored(len(rows) - gone, built, left_out)


def _store(built: list) -> None:
    """Keep ``built`` (group, key, text) in the database, replacing what was there."""
    try:
        with transaction.atomic():
            StoredEvents.objects.bulk_create(
                [StoredEvents(group_id=pk, key=key, text=text) for pk, key, text in built],
                update_conflicts=True,
                unique_fields=["group"],
                update_fields=["key", "text"],
            )
    except IntegrityError:  # a group deleted meanwhile: served this once, stored next time
        logger.warning("Feed events not stored: a group was deleted while they were built")


def _built(groups, site_url: str, *, left_out: list[int] | None = None):
    """Each group's (pk, key, events); the pk of each whose schedule cannot be expanded (logged,
    in no feed) is added to ``left_out`` instead."""
    for feed_group in feed_groups(groups, refused=left_out):
        group = feed_group.group
        text = group_ical(feed_group, site_url=site_url, private=False)
        if text is None:
            if left_out is not None:
                left_out.append(group.pk)
            continue
        # Under what was read with the events: a group changed since the first query is cached
        # as it is now.
        yield group.pk, _text_key(site_url, group.pk, group.sequence, group.updated_at), text


def _text_key(site_url: str, pk: int, sequence: int, updated_at) -> str:
    return cache.key("ical", site_url, pk, sequence, updated_at)
