"""The calendar page in words: its title, whom it is about, the filters in force, its own feed
and the QR code of a printed page."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

import segno
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext

from core import words
from groups.models import Group
from publishing.links import region_feed_path, venue_feed_path
from regions.models import Region, Venue
from website.calendar_days import LIST_DAYS, Window
from website.calendar_query import GROUP_PARAMETERS, TIMES_OF_DAY, WEEKDAYS

joined = words.joined


def when_in_words(window: Window, today: dt.date) -> str:
    """ "this week", "in the next 7 days", "in March 2026"... for titles."""
    if window.view == "week":
        this_monday = today - dt.timedelta(days=today.weekday())
        if window.first == this_monday:
            return _("this week")
        if window.first == this_monday + dt.timedelta(days=7):
            return _("next week")
        return _("in the week of %(date)s") % {"date": words.day_month_year(window.first)}
    if window.view == "month":
        if (window.first.year, window.first.month) == (today.year, today.month):
            return _("this month")
        return pgettext("a month", "in %(month)s") % {"month": words.month_year(window.first)}
    if window.first == today:
        return ngettext("in the next %(count)s day", "in the next %(count)s days", LIST_DAYS) % {
            "count": LIST_DAYS
        }
    return ngettext(
        "in the %(count)s day from %(date)s", "in the %(count)s days from %(date)s", LIST_DAYS
    ) % {"count": LIST_DAYS, "date": words.day_month_year(window.first)}


def range_in_words(window: Window) -> str:
    """ "Monday 2 March to Sunday 8 March 2026", or "March 2026" for a month."""
    first, last = window.first, window.last
    if window.view == "month":
        return words.month_year(first)
    start = words.long_date_no_year(first) if first.year == last.year else words.long_date(first)
    return pgettext("from one date to another", "%(start)s to %(end)s") % {
        "start": start,
        "end": words.long_date(last),
    }


@dataclass
class Scope:
    """Who a filtered page is about: one venue, some regions or the whole network."""

    regions: list[Region]
    venue: Venue | None = None
    filtered_regions: bool = False

    @property
    def where(self) -> str:
        if self.venue is not None:
            return pgettext("groups at a place", "at %(place)s") % {"place": self.venue.name}
        if self.filtered_regions:
            return pgettext("groups in regions", "in %(regions)s") % {
                "regions": joined([region.name for region in self.regions])
            }
        return _("across Massachusetts")

    @property
    def name(self) -> str:
        """The printed header's title."""
        if self.venue is not None:
            return self.venue.name
        if self.filtered_regions:
            return joined([region.name for region in self.regions])
        return _("Peer support groups across Massachusetts")


def scope_of(cleaned: dict, all_regions: Callable[[], list[Region]]) -> Scope:
    """The regions chosen (as the filter read them), the venue's, or every one."""
    venue = cleaned.get("venue")
    chosen = list(cleaned.get("region") or ())
    if chosen:
        return Scope(chosen, venue, filtered_regions=True)
    if venue is not None:
        return Scope([venue.region], venue)
    return Scope(all_regions())


def feed_path_for(cleaned: dict) -> str | None:
    """The region's or venue's own feed when the page shows exactly that; None otherwise."""
    others = [name for name in GROUP_PARAMETERS if name not in ("region", "venue")]
    if any(cleaned.get(name) for name in others):
        return None
    regions = list(cleaned.get("region") or ())
    venue = cleaned.get("venue")
    if venue is not None and all(region.pk == venue.region_id for region in regions):
        return venue_feed_path(venue)
    if venue is None and len(regions) == 1:
        return region_feed_path(regions[0])
    return None


def qr_svg(url: str) -> str:
    """An inline SVG QR code for a printed page, its title in the active language."""
    return _qr_svg(url, _("QR code for the address below"))


@lru_cache(maxsize=512)
def _qr_svg(url: str, title: str) -> str:
    """An inline SVG QR code for a printed page; made here, no outside service, once per URL.

    "" for an address too long for any QR code (about 2,900 characters at the lowest error
    correction): the page prints the address as text instead.
    """
    for error in ("m", "l"):
        try:
            code = segno.make(url, error=error, boost_error=False)
        except segno.DataOverflowError:
            continue
        return mark_safe(  # noqa: S308 - segno's own markup; the URL is ours and escaped by it
            code.svg_inline(scale=3, title=title, svgclass="qr", lineclass="qr__line")
        )
    return ""


def chosen_in_words(cleaned: dict, session_cleaned: dict) -> list[str]:
    """The filters in force, as people read them: "Central Mass RLC", "Evening", "“walk”"."""
    words = [region.name for region in cleaned.get("region") or ()]
    if cleaned.get("venue"):
        words.append(cleaned["venue"].name)
    if cleaned.get("type"):
        words.append(str(Group.Kind(cleaned["type"]).label))
    if cleaned.get("venue_kind"):
        words.append(str(Venue.Kind(cleaned["venue_kind"]).label))
    if cleaned.get("town"):
        words.append(cleaned["town"])
    if cleaned.get("q"):
        words.append(f"“{cleaned['q']}”")
    if cleaned.get("audience"):
        words.append(_("Open to all"))
    words += [feature.label for feature in cleaned.get("access") or ()]
    words += [language.own_name for language in cleaned.get("language") or ()]
    weekdays = dict(WEEKDAYS)
    words += [str(weekdays[code]) for code in session_cleaned.get("weekday") or ()]
    times = {code: label for code, label, _hint in TIMES_OF_DAY}
    words += [str(times[code]) for code in session_cleaned.get("time") or ()]
    return words


# What the filter panel ("More choices") holds: not the search box, nor the place a venue's
# page links with (both are outside it).
PANEL_PARAMETERS = (
    "region",
    "type",
    "venue_kind",
    "town",
    "audience",
    "access",
    "language",
    "weekday",
    "time",
)


def panel_count(cleaned: dict, session_cleaned: dict) -> int:
    """How many choices are ticked or picked inside the filter panel."""
    count = 0
    for name, value in [*cleaned.items(), *session_cleaned.items()]:
        if name in PANEL_PARAMETERS:
            count += bool(value) if isinstance(value, str) else len(value or ())
    return count
