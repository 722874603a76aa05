"""The calendar page's two cached parts: its sessions and its filter form.

Every page costs a fixed number of queries: the choices the form offers, the version of its
data, and, when the sessions part is not cached (``cached_sessions``), the versions of its
groups and, for those whose sessions are not kept rendered (website/calendar_sessions.py), one
``sessions_between`` call (with, in Spanish or Portuguese, one query more for the groups' text
in that language).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import NamedTuple

from django.db.models import Count
from django.http import QueryDict
from django.template.loader import render_to_string
from django.utils.html import json_script
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core import build_ahead, cache
from groups.models import AccessFeature, FeedVersion, Group, Language
from groups.translations import translated
from regions.models import Region, Venue
from website.calendar_days import days_of_dated, sessions_on_dates
from website.calendar_map import (
    distance_in_words,
    map_places,
    nearest_first,
    nearest_groups,
    places_of,
)
from website.calendar_query import TIMES_OF_DAY, WEEKDAYS
from website.calendar_sessions import shown_sessions


@dataclass
class FormChoices:
    """What the filter form offers, with the current choices ticked.

    Only what some public group has (``PublicChoices``): a kind of place where every group is
    private could never match. A value the address asks for stays offered, ticked, so a
    shared link's choice can be seen and undone.
    """

    query: QueryDict
    regions: list[Region]
    public: PublicChoices
    access_features: list[AccessFeature]
    languages: list[Language]
    weekdays: list = field(default_factory=lambda: WEEKDAYS)
    times: list = field(default_factory=lambda: TIMES_OF_DAY)

    def _options(self, name, pairs, offered=None):
        chosen = set(self.query.getlist(name))
        return [
            (value, label, value in chosen)
            for value, label in pairs
            if offered is None or value in offered or value in chosen
        ]

    @property
    def towns(self) -> list[str]:
        return list(self.public.towns)

    @property
    def region_options(self):
        return self._options("region", [(r.slug, r.name) for r in self.regions])

    @property
    def kind_options(self):
        return self._options("type", Group.Kind.choices, self.public.kinds)

    @property
    def venue_kind_options(self):
        return self._options("venue_kind", Venue.Kind.choices, self.public.venue_kinds)

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
        pairs = [(f.slug, f.label) for f in self.access_features]
        return self._options("access", pairs, self.public.access)

    @property
    def language_options(self):
        pairs = [(lang.code, lang.own_name) for lang in self.languages]
        return self._options("language", pairs, self.public.languages)

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


class PublicChoices(NamedTuple):
    """The kinds, kinds of place, towns, languages and access features of public groups."""

    kinds: tuple[str, ...]
    venue_kinds: tuple[str, ...]
    towns: tuple[str, ...]
    languages: tuple[str, ...]
    access: tuple[str, ...]


def public_choices(listing: FeedVersion) -> PublicChoices:
    """What public groups have, for the filter form: one query, once per version of the
    listing (``FeedVersion.LISTING``, which a session's change never moves; built again
    whenever the cache has lost it). Online venues have no town."""

    def build() -> tuple:
        rows = (
            Group.objects.filter(is_public=True, status=Group.Status.ACTIVE)
            .values_list(
                "kind", "venue__kind", "venue__town", "languages__code", "access_features__slug"
            )
            .order_by()
            .distinct()
        )
        found = [set(), set(), set(), set(), set()]
        for row in rows:
            for values, value in zip(found, row, strict=True):
                if value:
                    values.add(value)
        return tuple(tuple(sorted(values)) for values in found)

    key, before = cache.key("page:choices", listing.token), cache.latest_key("page:choices")
    return PublicChoices(*cache.get_or_build(key, build, before=before))


# When these templates change, raise "page:calendar" in core.cache.FORMATS (and "page:filters"
# for the filter form's), so no cache serves the old markup.
VIEW_TEMPLATES = {
    "list": "website/_calendar_list.html",
    "week": "website/_calendar_week.html",
    "month": "website/_calendar_month.html",
}
NEAR_TEMPLATE = "website/_calendar_near.html"  # any view's dates, nearest first
MAP_PLACES_ID = "calendar-map-places"


# When the dates shown have no session: how many of the next ones the page offers, and how far
# it looks for them.
NEXT_COUNT = 5
NEXT_HORIZON = dt.timedelta(days=365)


# A page of more groups times days than this, or of more groups than a request builds
# (``too_many``), shows no session: it offers each region that has groups in it (``crowded``),
# or asks for a narrower search ("near": the groups nearest the place that it can show). At
# national size (60 regions of 300 groups) the whole network's month was 16.5 MB of sessions,
# built in the request in 21.5 s; one region's month (300 x 31 = 9,300) and the whole
# network's at today's size (about 350 groups, 10,850) are within.
PAGE_GROUP_DAYS = 20_000


class SessionsPart(NamedTuple):
    count: int
    cancelled: int
    html: str
    # With no session in the dates shown: the next ones after them, within NEXT_HORIZON, as
    # (their date, the session rendered); cancelled ones left out.
    upcoming: tuple[tuple[dt.date, str], ...] = ()
    # The map's places (website.calendar_map.map_places) as a json_script element; "" for none.
    places: str = ""
    # Past PAGE_GROUP_DAYS: each region with groups in the page, as (region pk, its groups), by
    # region; no session expanded.
    crowded: tuple[tuple[int, int], ...] = ()
    # "near" past PAGE_GROUP_DAYS: (the groups nearest the place it shows, the groups in all).
    nearest: tuple[int, int] | tuple[()] = ()


def cached_sessions(
    filters, page: dict, *, window, view: str, today: dt.date, version, may_build=None
) -> SessionsPart | None:
    """The calendar's sessions, counted and rendered, built once per version of their data.

    Kept under ``version`` (of the one region chosen, or of the network), the filters, the
    window and today's date ("Today" and "Tomorrow" move at midnight), so a page of one region
    is rebuilt only when that region changes. With none in the window, the next few after it
    (one more query: the groups are already read). With ``page["near"]`` (a place), the
    window's sessions nearest first, kept under the place's point. With ``may_build``, asked
    only when the part must be built (``core.cache.get_or_build``): a no gives the version
    before, if one is kept, else None.
    """
    near = page.get("near")
    where = (
        today,
        view,
        window.first,
        filters.canonical(),
        sorted(set(page["weekday"])),
        sorted(set(page["time"])),
        tuple(near.point) if near else None,
    )
    key = cache.key("page:calendar", get_language(), version.key, version.token, *where)
    # While another request builds this version, the one before it (for a few milliseconds).
    before = cache.latest_key("page:calendar", get_language(), version.key, *where)

    def build() -> SessionsPart:
        counted = _bounded(len(window.dates))
        try:
            if near:
                return _near_part(filters.qs, page, window)
            shown = shown_sessions(
                filters.qs,
                window.first,
                window.last,
                view=view,
                weekdays=page["weekday"],
                times=page["time"],
                today=today,
                counted=counted,
            )
        except Crowded:
            return SessionsPart(0, 0, "", crowded=by_region(filters.qs))
        if not shown:
            return _none_part(filters, page, window)
        days = days_of_dated(
            [(session.date, session) for session in shown],
            window.dates,
            keep_empty=view != "list",
        )
        places = places_of(session.place for session in shown)
        return SessionsPart(
            len(shown),
            sum(1 for session in shown if session.cancelled),
            render_to_string(VIEW_TEMPLATES[view], {"days": days}),
            places=json_script(places, MAP_PLACES_ID) if places else "",
        )

    found = cache.get_or_build(key, build, before=before, may_build=may_build)
    if found is None:
        return None
    count, cancelled, html, upcoming, places, crowded, nearest = found
    # our own template's output
    return SessionsPart(
        count,
        cancelled,
        mark_safe(html),  # noqa: S308
        tuple((day, mark_safe(text)) for day, text in upcoming),  # noqa: S308
        mark_safe(places),  # noqa: S308 (json_script's output)
        crowded,
        nearest,
    )


class Crowded(Exception):  # noqa: N818 (a kind of page, not an error)
    """The page's groups are too many for its days (``too_many``)."""


def _bounded(days: int):
    """A check of a count of groups for a page of ``days`` days: Crowded past the bound."""

    def counted(groups: int) -> None:
        if too_many(groups, days):
            raise Crowded

    return counted


def too_many(groups: int, days: int) -> bool:
    """Whether ``groups`` for ``days`` are more than one page shows: past PAGE_GROUP_DAYS, or
    more groups than a request builds (``build_ahead.BUILT_IN_A_REQUEST``: a search for
    "voices" across the network at national size was 1,743 groups' week, 1.8 s to build)."""
    return groups > build_ahead.BUILT_IN_A_REQUEST or groups * days > PAGE_GROUP_DAYS


def by_region(groups) -> tuple[tuple[int, int], ...]:
    """Each region's number of ``groups`` (a queryset), by region pk: one query."""
    return tuple(
        Group.objects.filter(pk__in=groups.values("pk"))
        .values_list("region_id")
        .annotate(Count("pk"))
        .order_by("region_id")
    )


def _near_part(groups, page: dict, window) -> SessionsPart:
    """The dates' sessions nearest ``page["near"]`` first. Past the page's bound (``too_many``),
    those of the groups nearest the place that it can show (``nearest``: how many of all)."""
    days, total = len(window.dates), groups.count()
    if not too_many(total, days):
        return _nearest_first(groups, page, window)
    most = min(build_ahead.BUILT_IN_A_REQUEST, PAGE_GROUP_DAYS // days)
    chosen = nearest_groups(groups, page["near"].point, most)
    if not chosen:  # none has a place on the map: a region first, as without "near"
        raise Crowded
    part = _nearest_first(groups.filter(pk__in=chosen), page, window)
    return part._replace(nearest=(len(chosen), total))


def _nearest_first(groups, page: dict, window) -> SessionsPart:
    # In Spanish or Portuguese, the groups' text in that language where written.
    groups = translated(groups)
    sessions = sessions_on_dates(
        groups, window.first, window.last, weekdays=page["weekday"], times=page["time"]
    )
    if not sessions:
        return SessionsPart(0, 0, "", next_sessions(groups, page, after=window.last))
    places = map_places(sessions)
    return SessionsPart(
        len(sessions),
        sum(1 for session in sessions if session.occurrence.cancelled),
        render_to_string(NEAR_TEMPLATE, {"nearby": _nearby(sessions, page["near"].point)}),
        places=json_script(places, MAP_PLACES_ID) if places else "",
    )


def _none_part(filters, page: dict, window) -> SessionsPart:
    """No session in the dates shown: the next few after them."""
    groups = translated(filters.qs)
    return SessionsPart(0, 0, "", next_sessions(groups, page, after=window.last))


def _nearby(sessions, origin) -> dict:
    nearby = nearest_first(sessions, origin)
    return {
        "placed": [(session, distance_in_words(miles)) for session, miles in nearby.placed],
        "online": nearby.online,
        "unplaced": nearby.unplaced,
    }


def next_sessions(groups, page: dict, *, after: dt.date) -> tuple[tuple[dt.date, str], ...]:
    """The first NEXT_COUNT sessions not cancelled after ``after``, within NEXT_HORIZON."""
    found = [
        session
        for session in sessions_on_dates(
            groups,
            after + dt.timedelta(days=1),
            after + NEXT_HORIZON,
            weekdays=page["weekday"],
            times=page["time"],
        )
        if not session.occurrence.cancelled
    ][:NEXT_COUNT]
    return tuple(
        (
            session.occurrence.start.date(),
            render_to_string("website/_session.html", {"session": session, "show_date": True}),
        )
        for session in found
    )


FILTER_CONTEXT = ("query", "view", "window", "problems", "chosen", "panel_count", "clear_href")


def filters_html(
    context: dict, *, listing: FeedVersion, all_regions: Callable[[], list[Region]]
) -> SafeString:
    """The filter form, rendered once per version of the listing and query.

    It offers every region, town, access feature and language of the network's public groups,
    so it is read and rendered only when those (``FeedVersion.LISTING``: a change to a group,
    region, venue or label, never to a session) or the query are new to the cache.
    """
    shown = {name: context.get(name) for name in FILTER_CONTEXT}
    parts = (sorted(context["query"].lists()), shown["view"], bool(shown["window"]))
    key = cache.key("page:filters", get_language(), listing.token, *parts)
    before = cache.latest_key("page:filters", get_language(), *parts)

    def build() -> str:
        choices = FormChoices(
            query=context["query"],
            regions=all_regions(),
            public=public_choices(listing),
            access_features=list(AccessFeature.objects.all()),
            languages=list(Language.objects.all()),
        )
        return render_to_string("website/_calendar_filters.html", {**shown, "choices": choices})

    html = cache.get_or_build(key, build, before=before)
    return mark_safe(html)  # noqa: S308 (our own template's output)
