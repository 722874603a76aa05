"""The home page and the public happenings calendar (/calendar/): by day, week or month.

Pure helpers first (windows of dates, days, session filters, links, words), then the two views.
Group filters (region, kind, place, access, language...) are ``GroupFilter``'s, shared with
/calendar.ics; the filters on single sessions (weekday, time of day) are ``SessionForm``'s,
applied after the sessions are expanded. Every page costs a fixed number of queries: the
choices the form offers, the version of its data, and, when the sessions part is not cached
(``cached_sessions``), one ``sessions_between`` call.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache as once
from functools import lru_cache
from typing import NamedTuple

import segno
from django import forms
from django.conf import settings
from django.db.models import Exists, OuterRef
from django.http import QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_safe

from core import cache
from groups.dates import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, UnreadableDate, parse_iso_date
from groups.filters import GroupFilter
from groups.models import AccessFeature, FeedVersion, Group, Language
from groups.selectors import GroupSession, feed_versions, public_groups, sessions_between
from regions.models import Region, Venue
from website.pages import webcal_url

CALENDAR_PATH = "/calendar/"
LIST_DAYS = 7
HOME_DAYS = 7
HOME_LIMIT = 40  # sessions on the home page; the calendar has the rest

VIEWS = [("list", "List"), ("week", "Week"), ("month", "Month")]
WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
TIMES_OF_DAY = [
    ("morning", "Morning", "before noon"),
    ("afternoon", "Afternoon", "noon to 5 pm"),
    ("evening", "Evening", "5 pm or later"),
]
NOON, FIVE_PM = dt.time(12, 0), dt.time(17, 0)

# Filters on groups (also the feed's), then on sessions, then where the page looks: the order of
# every link the page builds.
GROUP_PARAMETERS = (
    "region",
    "venue",
    "type",
    "venue_kind",
    "town",
    "q",
    "audience",
    "access",
    "language",
)
SESSION_PARAMETERS = ("weekday", "time")
PARAMETERS = ("view", "date", *GROUP_PARAMETERS, *SESSION_PARAMETERS)

# How each parameter is named to people, in messages about a value we cannot use.
PARAMETER_WORDS = {
    "view": "view",
    "date": "date",
    "region": "region",
    "venue": "place",
    "type": "kind of group",
    "venue_kind": "kind of place",
    "town": "town",
    "q": "search words",
    "audience": "audience",
    "access": "access need",
    "language": "language",
    "weekday": "weekday",
    "time": "time of day",
}
USE_THE_FORM = "Use the form below."


# Dates -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Window:
    """The dates one view of the calendar shows, and where its previous and next links go."""

    view: str
    first: dt.date
    last: dt.date
    previous: dt.date | None
    next: dt.date | None

    @property
    def dates(self) -> list[dt.date]:
        return [self.first + dt.timedelta(days=n) for n in range((self.last - self.first).days + 1)]


def window_for(view: str, day: dt.date) -> Window:
    """list: 7 days from ``day``; week: its Monday to Sunday; month: the whole month."""
    if view == "week":
        first = day - dt.timedelta(days=day.weekday())
        last = first + dt.timedelta(days=6)
        previous, following = first - dt.timedelta(days=7), first + dt.timedelta(days=7)
    elif view == "month":
        first = day.replace(day=1)
        following = _add_months(first, 1)
        last = following - dt.timedelta(days=1)
        previous = _add_months(first, -1)
    else:
        first, last = day, day + dt.timedelta(days=LIST_DAYS - 1)
        previous, following = day - dt.timedelta(days=LIST_DAYS), last + dt.timedelta(days=1)
    return Window(
        view,
        first,
        last,
        previous if previous >= EARLIEST_DATE else None,
        following if following <= LATEST_DATE else None,
    )


def _add_months(first_of_month: dt.date, months: int) -> dt.date:
    index = first_of_month.year * 12 + first_of_month.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD date from 2000 to 2099; ValidationError in plain words otherwise."""
    try:
        return parse_iso_date(value)
    except UnreadableDate:
        raise forms.ValidationError(
            f"We could not read the date “{value}”. {USE_THE_FORM}"
        ) from None
    except DateOutOfRange:
        raise forms.ValidationError(
            f"The calendar shows dates from the year {EARLIEST_DATE.year} to "
            f"{LATEST_DATE.year}; the date “{value}” is outside them. {USE_THE_FORM}"
        ) from None


def day_label(day: dt.date, today: dt.date) -> str:
    """ "Today", "Tomorrow", or "Wednesday 25 November" (with the year when it is not this one)."""
    if day == today:
        return "Today"
    if day == today + dt.timedelta(days=1):
        return "Tomorrow"
    return long_date(day, today)


def long_date(day: dt.date, today: dt.date) -> str:
    return f"{day:%A %-d %B}" if day.year == today.year else f"{day:%A %-d %B %Y}"


class Day(NamedTuple):
    """One date and its sessions, in time order."""

    date: dt.date
    sessions: list[GroupSession]

    @property
    def label(self) -> str:
        return day_label(self.date, timezone.localdate())

    @property
    def is_today(self) -> bool:
        return self.date == timezone.localdate()

    @property
    def column(self) -> int:
        """Its column in a week that starts on Monday: 1 to 7."""
        return self.date.isoweekday()

    @property
    def is_near(self) -> bool:
        """Labelled "Today" or "Tomorrow": the page then adds the date itself."""
        return 0 <= (self.date - timezone.localdate()).days <= 1


def days_of(sessions: list[GroupSession], dates: list[dt.date], *, keep_empty: bool) -> list[Day]:
    """The sessions by their local date, in the order of ``dates``."""
    by_date = {day: [] for day in dates}
    for session in sessions:
        by_date.setdefault(session.occurrence.start.date(), []).append(session)
    return [Day(day, by_date[day]) for day in dates if keep_empty or by_date[day]]


# Sessions --------------------------------------------------------------------------------------


def time_of_day(moment: dt.time) -> str:
    """morning: before noon; afternoon: noon to 4:59 pm; evening: 5 pm or later."""
    if moment < NOON:
        return "morning"
    if moment < FIVE_PM:
        return "afternoon"
    return "evening"


def sessions_on_dates(
    groups, first: dt.date, last: dt.date, *, weekdays=(), times=()
) -> list[GroupSession]:
    """The sessions whose local start date is from first to last, on those weekdays and times.

    One ``sessions_between`` call (two queries). A day either side covers any UTC offset; each
    session is then kept by its date in its own region's timezone, as in the JSON API.
    """
    padded = [
        dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
        for day in (first - dt.timedelta(days=1), last + dt.timedelta(days=2))
    ]
    weekday_numbers = {[code for code, _ in WEEKDAYS].index(code) for code in weekdays}
    return [
        session
        for session in sessions_between(groups, *padded)
        if first <= session.occurrence.start.date() <= last
        and (not weekday_numbers or session.occurrence.start.weekday() in weekday_numbers)
        and (not times or time_of_day(session.occurrence.start.time()) in times)
    ]


class SessionForm(forms.Form):
    """Where the page looks (view, date) and which sessions it keeps (weekday, time of day)."""

    view = forms.ChoiceField(choices=VIEWS, required=False)
    date = forms.CharField(required=False)
    weekday = forms.MultipleChoiceField(choices=WEEKDAYS, required=False)
    time = forms.MultipleChoiceField(
        choices=[(code, label) for code, label, _ in TIMES_OF_DAY], required=False
    )

    def clean_view(self):
        return self.cleaned_data["view"] or "list"

    def clean_date(self):
        value = self.cleaned_data["date"]
        return parse_date(value) if value else None


# Links and words -------------------------------------------------------------------------------


def known_parameters(query: QueryDict) -> QueryDict:
    """The calendar's own parameters, empty values left out (an empty field means "any")."""
    known = QueryDict(mutable=True)
    for name in PARAMETERS:
        # A value given twice counts once: "weekday=mon" 200 times is "weekday=mon".
        values = list(dict.fromkeys(value for value in query.getlist(name) if value.strip()))
        if values:
            known.setlist(name, values)
    return known


def query_string(query: QueryDict, *, keep=PARAMETERS, **changes) -> str:
    """ "?..." with the parameters in ``keep``, some replaced (None drops one); "" if none."""
    built = QueryDict(mutable=True)
    for name in keep:
        if name in changes:
            value = changes[name]
            values = [] if value is None else [value] if isinstance(value, str) else list(value)
        else:
            values = query.getlist(name)
        if values:
            built.setlist(name, values)
    text = built.urlencode()
    return f"?{text}" if text else ""


def problems_in(query: QueryDict, *forms_) -> list[Problem]:
    """Every parameter a form refused, with a message that names it and its value."""
    found = []
    for form in forms_:
        for name, errors in form.errors.as_data().items():
            found.append(Problem(name, _message(name, errors[0], query.getlist(name))))
    found.sort(key=lambda problem: PARAMETERS.index(problem.parameter))
    return found


class Problem(NamedTuple):
    parameter: str
    message: str


def _message(name: str, error: forms.ValidationError, values: list[str]) -> str:
    words = PARAMETER_WORDS[name]
    params = error.params or {}
    if error.code is None:  # our own words, as in parse_date
        return error.messages[0]
    if error.code == "invalid_choice":
        value = params.get("value", values[0] if values else "")
        return f"We do not know the {words} “{value}”. {USE_THE_FORM}"
    if error.code == "max_length":
        return f"The {words} can be at most {params['limit_value']} characters long. {USE_THE_FORM}"
    return f"We could not read the {words}. {USE_THE_FORM}"


def joined(words: list[str]) -> str:
    if len(words) < 2:
        return "".join(words)
    return f"{', '.join(words[:-1])} and {words[-1]}"


def when_in_words(window: Window, today: dt.date) -> str:
    """ "this week", "in the next 7 days", "in March 2026"... for titles."""
    if window.view == "week":
        this_monday = today - dt.timedelta(days=today.weekday())
        if window.first == this_monday:
            return "this week"
        if window.first == this_monday + dt.timedelta(days=7):
            return "next week"
        return f"in the week of {window.first:%-d %B %Y}"
    if window.view == "month":
        if (window.first.year, window.first.month) == (today.year, today.month):
            return "this month"
        return f"in {window.first:%B %Y}"
    if window.first == today:
        return f"in the next {LIST_DAYS} days"
    return f"in the {LIST_DAYS} days from {window.first:%-d %B %Y}"


def range_in_words(window: Window) -> str:
    """ "Monday 2 March to Sunday 8 March 2026", or "March 2026" for a month."""
    first, last = window.first, window.last
    if window.view == "month":
        return f"{first:%B %Y}"
    start = f"{first:%A %-d %B}" if first.year == last.year else f"{first:%A %-d %B %Y}"
    return f"{start} to {last:%A %-d %B %Y}"


@dataclass
class Scope:
    """Who a filtered page is about: one venue, some regions or the whole network."""

    regions: list[Region]
    venue: Venue | None = None
    filtered_regions: bool = False

    @property
    def where(self) -> str:
        if self.venue is not None:
            return f"at {self.venue.name}"
        if self.filtered_regions:
            return "in " + joined([region.name for region in self.regions])
        return "across Massachusetts"

    @property
    def name(self) -> str:
        """The printed header's title."""
        if self.venue is not None:
            return self.venue.name
        if self.filtered_regions:
            return joined([region.name for region in self.regions])
        return "Peer support groups across Massachusetts"


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
        return f"/venues/{venue.slug}/calendar.ics"
    if venue is None and len(regions) == 1:
        return f"/regions/{regions[0].slug}/calendar.ics"
    return None


@lru_cache(maxsize=512)
def qr_svg(url: str) -> str:
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
            code.svg_inline(
                scale=3, title="QR code for the address below", svgclass="qr", lineclass="qr__line"
            )
        )
    return ""


def chosen_in_words(cleaned: dict, session_cleaned: dict) -> list[str]:
    """The filters in force, as people read them: "Central Mass RLC", "Evening", "“walk”"."""
    words = [region.name for region in cleaned.get("region") or ()]
    if cleaned.get("venue"):
        words.append(cleaned["venue"].name)
    if cleaned.get("type"):
        words.append(Group.Kind(cleaned["type"]).label)
    if cleaned.get("venue_kind"):
        words.append(Venue.Kind(cleaned["venue_kind"]).label)
    if cleaned.get("town"):
        words.append(cleaned["town"])
    if cleaned.get("q"):
        words.append(f"“{cleaned['q']}”")
    if cleaned.get("audience"):
        words.append("Open to all")
    words += [feature.name for feature in cleaned.get("access") or ()]
    words += [language.name for language in cleaned.get("language") or ()]
    weekdays = dict(WEEKDAYS)
    words += [weekdays[code] for code in session_cleaned.get("weekday") or ()]
    times = {code: label for code, label, _ in TIMES_OF_DAY}
    words += [times[code] for code in session_cleaned.get("time") or ()]
    return words


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


# The sessions part, cached -----------------------------------------------------------------------

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


# Views -----------------------------------------------------------------------------------------


@require_safe
def home(request):
    """What is happening today and in the coming days across the network, and every RLC."""
    today = timezone.localdate()
    now = timezone.now()
    regions = list(Region.objects.all())
    last = today + dt.timedelta(days=HOME_DAYS - 1)
    sessions = [
        session
        for session in sessions_on_dates(public_groups(), today, last)
        if session.occurrence.end > now  # what is over today is no longer "coming up"
    ]
    shown = sessions[:HOME_LIMIT]
    dates = [today + dt.timedelta(days=n) for n in range(HOME_DAYS)]
    return render(
        request,
        "website/home.html",
        {
            "days": days_of(shown, dates, keep_empty=False),
            "more": len(sessions) - len(shown),
            "regions": regions,
            "home_days": HOME_DAYS,
        },
    )


@require_safe
def calendar(request):
    """The happenings calendar: a list by day, a week or a month, filtered from the URL."""
    today = timezone.localdate()
    query = known_parameters(request.GET)
    # Every region, read only if the page names them all or its filter form must be built.
    all_regions = once(lambda: list(Region.objects.only("pk", "name", "slug", "phone")))
    session_form = SessionForm(query)
    filters = GroupFilter(query, queryset=public_groups())
    session_form.is_valid()
    filters.is_valid()
    # What the page shows is kept under the version of the one region asked for, or the network.
    chosen = list(filters.form.cleaned_data.get("region") or ())
    scope = FeedVersion.key_for("region", chosen[0].pk) if len(chosen) == 1 else FeedVersion.NETWORK
    versions = feed_versions([FeedVersion.NETWORK, scope])
    network = versions[FeedVersion.NETWORK]
    context = {"query": query, "views": VIEWS}
    problems = problems_in(query, session_form, filters.form)
    if problems:
        context.update(
            problems=problems,
            title="Please check your choices",
            view=session_form.cleaned_data.get("view") or "list",
            clear_href=CALENDAR_PATH,
        )
        context["filters_html"] = filters_html(context, network=network, all_regions=all_regions)
        return render(request, "website/calendar.html", context, status=400)

    cleaned, page = filters.form.cleaned_data, session_form.cleaned_data
    view, day = page["view"], page["date"] or today
    window = window_for(view, day)
    sessions = cached_sessions(
        filters, page, window=window, view=view, today=today, version=versions[scope]
    )
    scope = scope_of(cleaned, all_regions)
    what = f"Peer support groups {when_in_words(window, today)} {scope.where}"
    feed_query = query_string(query, keep=GROUP_PARAMETERS)
    feed_url = f"{settings.SITE_URL}/calendar.ics{feed_query}"
    page_url = f"{settings.SITE_URL}{CALENDAR_PATH}{query_string(query)}"
    scope_feed = feed_path_for(cleaned)
    qr_url = f"{settings.SITE_URL}{scope_feed}" if scope_feed else page_url
    units = {"list": f"{LIST_DAYS} days", "week": "week", "month": "month"}[view]
    context.update(
        view=view,
        window=window,
        range_words=range_in_words(window),
        sessions_html=sessions.html,
        session_count=sessions.count,
        cancelled_count=sessions.cancelled,
        title=what,
        description=f"Free peer support groups {when_in_words(window, today)} {scope.where}: "
        "times, places and changes, from the Massachusetts Recovery Learning Communities.",
        scope=scope,
        chosen=chosen_in_words(cleaned, page),
        has_filters=any(name in query for name in (*GROUP_PARAMETERS, *SESSION_PARAMETERS)),
        session_filters=any(name in query for name in SESSION_PARAMETERS),
        view_links=[
            (name, label, CALENDAR_PATH + query_string(query, view=name), name == view)
            for name, label in VIEWS
        ],
        previous_href=window.previous
        and CALENDAR_PATH + query_string(query, date=window.previous.isoformat()),
        next_href=window.next and CALENDAR_PATH + query_string(query, date=window.next.isoformat()),
        previous_label=f"Previous {units}",
        next_label=f"Next {units}",
        today_href=CALENDAR_PATH + query_string(query, date=None),
        shows_today=window.first <= today <= window.last,
        clear_href=CALENDAR_PATH + query_string(query, keep=("view", "date")),
        feed_url=feed_url,
        webcal_url=webcal_url(feed_url),
        qr_url=qr_url,
        qr_is_feed=scope_feed is not None,
        qr=qr_svg(qr_url),
    )
    context["filters_html"] = filters_html(context, network=network, all_regions=all_regions)
    return render(request, "website/calendar.html", context)
