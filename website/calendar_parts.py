"""The calendar page's two cached parts: its sessions and its filter form.

Every page costs a fixed number of queries: the choices the form offers, the version of its
data, and, when the sessions part is not cached (``cached_sessions``), one ``sessions_between``
call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from core import cache
from groups.models import AccessFeature, FeedVersion, Group, Language
from regions.models import Region, Venue
from website.calendar_days import days_of, sessions_on_dates
from website.calendar_query import TIMES_OF_DAY, WEEKDAYS


@dataclass
class FormChoices:
    """What the filter form offers, with the current choices ticked."""

    query: QueryDict
    regions: list[Region]
    towns: list[str]
    access_features: list[AccessFeature]
    languages: list[Language]
    kinds: list = field(default_factory=lambda: Group.Kind.choices)
    venue_kinds: list = field(default_factory=lambda: Venue.Kind.choices)
    weekdays: list = field(default_factory=lambda: WEEKDAYS)
    times: list = field(default_factory=lambda: TIMES_OF_DAY)

    def _options(self, name, pairs):
        chosen = set(self.query.getlist(name))
        return [(value, label, value in chosen) for value, label in pairs]

    @property
    def region_options(self):
        return self._options("region", [(r.slug, r.name) for r in self.regions])

    @property
    def kind_options(self):
        return self._options("type", self.kinds)

    @property
    def venue_kind_options(self):
        return self._options("venue_kind", self.venue_kinds)

    @property
    def town_options(self):
        towns = list(self.towns)
        current = self.query.get("town")
        if current and current.lower() not in {town.lower() for town in towns}:
            towns.append(current)  # a shared link's town stays visible, even if nothing meets
        chosen = (current or "").lower()
        return [(town, town, town.lower() == chosen) for town in towns]

    @property
    def access_options(self):
        return self._options("access", [(f.slug, f.name) for f in self.access_features])

    @property
    def language_options(self):
        return self._options("language", [(lang.code, lang.name) for lang in self.languages])

    @property
    def weekday_options(self):
        return self._options("weekday", self.weekdays)

    @property
    def time_options(self):
        chosen = set(self.query.getlist("time"))
        return [(code, label, hint, code in chosen) for code, label, hint in self.times]

    @property
    def open_to_all(self) -> bool:
        return self.query.get("audience") == Group.Audience.EVERYONE


def public_towns(network: FeedVersion) -> list[str]:
    """The towns where public groups meet; online venues have none.

    One query, once per version of the network.
    """
    return cache.get_or_build(
        cache.key("page:towns", PAGE_FORMAT, network.token),
        lambda: list(
            Venue.objects.filter(
                Exists(
                    Group.objects.filter(
                        venue=OuterRef("pk"), is_public=True, status=Group.Status.ACTIVE
                    )
                )
            )
            .exclude(town="")
            .order_by("town")
            .values_list("town", flat=True)
            .distinct()
        ),
    )


VIEW_TEMPLATES = {
    "list": "website/_calendar_list.html",
    "week": "website/_calendar_week.html",
    "month": "website/_calendar_month.html",
}
# Raise when the sessions part's templates change, so no cache serves the old markup.
PAGE_FORMAT = 1


class SessionsPart(NamedTuple):
    count: int
    cancelled: int
    html: str


def cached_sessions(filters, page: dict, *, window, view: str, today: dt.date, version):
    """The calendar's sessions, counted and rendered, built once per version of their data.

    Kept under ``version`` (of the one region chosen, or of the network), the filters, the
    window and today's date ("Today" and "Tomorrow" move at midnight), so a page of one region
    is rebuilt only when that region changes.
    """
    key = cache.key(
        "page:calendar",
        PAGE_FORMAT,
        version.key,
        version.token,
        today,
        view,
        window.first,
        filters.canonical(),
        sorted(set(page["weekday"])),
        sorted(set(page["time"])),
    )

    def build() -> SessionsPart:
        sessions = sessions_on_dates(
            filters.qs, window.first, window.last, weekdays=page["weekday"], times=page["time"]
        )
        if not sessions:
            return SessionsPart(0, 0, "")
        days = days_of(sessions, window.dates, keep_empty=view != "list")
        return SessionsPart(
            len(sessions),
            sum(1 for session in sessions if session.occurrence.cancelled),
            render_to_string(VIEW_TEMPLATES[view], {"days": days}),
        )

    count, cancelled, html = cache.get_or_build(key, build)
    return SessionsPart(count, cancelled, mark_safe(html))  # noqa: S308 (our own template's output)


FILTER_CONTEXT = ("query", "view", "window", "problems", "chosen", "clear_href")


def filters_html(
    context: dict, *, network: FeedVersion, all_regions: Callable[[], list[Region]]
) -> SafeString:
    """The filter form, rendered once per version of the network and query.

    It offers every region, town, access feature and language of the network, so it is read
    and rendered only when the network or the query is new to the cache.
    """
    shown = {name: context.get(name) for name in FILTER_CONTEXT}
    key = cache.key(
        "page:filters",
        PAGE_FORMAT,
        network.token,
        sorted(context["query"].lists()),
        shown["view"],
        bool(shown["window"]),
    )

    def build() -> str:
        choices = FormChoices(
            query=context["query"],
            regions=all_regions(),
            towns=public_towns(network),
            access_features=list(AccessFeature.objects.all()),
            languages=list(Language.objects.all()),
        )
        return render_to_string("website/_calendar_filters.html", {**shown, "choices": choices})

    html = cache.get_or_build(key, build)
    return mark_safe(html)  # noqa: S308 (our own template's output)
