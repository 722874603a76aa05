"""Public feeds put together from each group's cached events, and streamed.

A public feed is its opening lines, a VTIMEZONE per timezone, every group's events in a fixed
order (``ical.feed_order``) and the closing line. A group's events are cached, in the worker's
own memory (a few hundred bytes each: the national network's 18,000 groups take 12 MB), under
its ``sequence`` and ``updated_at``, which every change to anything they show moves
(``services.groups_changed``), so the first request after a change rebuilds that group alone.
Whole feeds go to the shared cache too (``views.feed_response``).
The bytes are the same as ``ical.build_calendar`` gives for the same groups.

Groups are read in batches, never all at once, so the whole network's feed is streamed with a
worker's memory bounded by a batch, whatever the size of the network.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator

from django.conf import settings
from django.db.models import Max, Min, Q
from django.db.models.functions import Coalesce

from core import cache
from groups.dates import EARLIEST_DATE, LATEST_DATE
from groups.expansion import expanding
from groups.models import Group, SessionChange
from groups.selectors import feed_groups
from publishing.ical import END, calendar_head, feed_order, group_ical, timezones

# Raise when the calendar text a group makes changes shape, so that no cache anywhere serves
# the old text (the shared cache outlives a deploy).
FEED_FORMAT = 1
BATCH = 500


def feed_format_key() -> str:
    """What besides the data decides the bytes: the text's format and the site's address."""
    site = hashlib.sha256(settings.SITE_URL.encode()).hexdigest()[:12]
    return f"{FEED_FORMAT}:{site}"


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


def public_feed_chunks(groups, *, name: str, description: str, url: str) -> Iterator[bytes]:
    """The public feed of ``groups`` (a queryset), piece by piece.

    Three queries when the groups' events are cached; a batch of groups with changed ones
    builds just those (``feed_groups``: four more queries).
    """
    site_url = settings.SITE_URL
    text_format = feed_format_key()
    rows = sorted(
        groups.values_list("pk", "sequence", "updated_at", "title", "uuid"),
        key=lambda row: feed_order(row[3], row[4]),
    )
    yield calendar_head(name=name, description=description, url=url)
    yield timezones(spans_of(groups))
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        keys = {
            pk: cache.key("ical", text_format, pk, sequence, stamp)
            for pk, sequence, stamp, *_ in batch
        }
        found = cache.local.get_many(keys.values())
        texts = {pk: found[key] for pk, key in keys.items() if key in found}
        missing = [pk for pk in keys if pk not in texts]
        if missing:
            built = {}
            for feed_group in feed_groups(groups.filter(pk__in=missing)):
                group = feed_group.group
                with expanding(group):
                    texts[group.pk] = text = group_ical(
                        feed_group, site_url=site_url, private=False
                    )
                if group.pk not in texts:
                    continue  # logged and left out: it cannot be expanded
                # Under what was read with the events: a group changed since the first query
                # is cached as it is now.
                built[
                    cache.key("ical", text_format, group.pk, group.sequence, group.updated_at)
                ] = text
            for key, text in built.items():
                cache.local.set(key, text)
        # A group that stopped being public between the two queries is left out.
        yield from (texts[pk] for pk in keys if pk in texts)
    yield END
