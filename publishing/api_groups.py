"""The JSON API's list of groups (``/api/v1/groups.json``), made of each group's item kept as
JSON under the group's own version (groups/kept.py).

After a change to one group (a cancelled session moves its version and the network's), the
next list writes that group's item again, not every group's: at national size (18,000
groups) the whole list took about 9 s to write, for one group's change.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings

from core import cache
from groups.expansion import expandable
from groups.kept import kept_per_group
from publishing.api_items import group_item


def groups_json(groups, *, serialised: Callable[[dict], str]) -> str:
    """``{"groups": [...]}`` for ``groups`` (a queryset of public groups, with region and
    venue), in order of title, then slug.

    ``serialised(item)`` is one item (``publishing.api_items.group_item``) validated and
    written as the API writes its answers. A group whose schedule cannot be expanded (logged)
    is left out, until it changes.
    """
    kept = kept_per_group(
        groups.order_by("title", "slug"),
        lambda pk, sequence, stamp: cache.key("api:group", settings.SITE_URL, pk, sequence, stamp),
        lambda missing: _built(missing, serialised),
    )
    return '{"groups": [' + ", ".join(text for text in kept.values() if text) + "]}"


def _built(groups, serialised: Callable[[dict], str]) -> list[tuple]:
    """Each group with its item's JSON, or "" for one left out."""
    groups = list(groups.prefetch_related("languages", "access_features"))
    shown = {group.pk for group in expandable(groups)}
    return [(group, serialised(group_item(group)) if group.pk in shown else "") for group in groups]
