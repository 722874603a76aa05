"""The bad-input catalogue (issue 12): every hostile or mistaken input we know of, one row each.

Each ``Case`` is one request (or the same request sent again, for a double submit) to one route,
by one person of the two-region world that ``tests/test_bad_input_catalogue.py`` builds, with the
exact status it must get and what it may change: nothing at all for a refusal, and for an input
that is fine (emoji, right-to-left text, a 100 KB description) exactly what is stored and how a
page, feed, CSV file or email shows it.

Paths use ``{name}`` for the world's slugs, dates and ids, and form data ``W("name")``; the
legend below says what each one is. ``docs/bad-input.md`` is this table in Markdown, made by
``render_markdown`` (regenerate it with the command in its header); a test keeps the two equal.

This module is data only: it imports nothing of Django, so ``python -m tests.bad_input_catalogue``
prints the Markdown anywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

# The world (see ``world`` in tests/test_bad_input_catalogue.py): two regions from
# tests/two_regions.py, the fixed clock of tests/page_clock.py (Saturday 28 February 2026, noon,
# Boston), and a few things to act on. What each name stands for:
LEGEND = {
    "group": "the east region's public group `metro-boston-hearing-voices` (Tuesdays, 6 pm)",
    "private": "the east region's private group `metro-boston-inpatient`",
    "west_group": "the other region's public group `western-hearing-voices`",
    "region": "the east region's slug, `metro-boston`",
    "region_id": "the east region's id",
    "west_region_id": "the other region's id",
    "venue": "the east region's library, `metro-boston-library`",
    "venue_id": "the east library's id",
    "west_venue_id": "the other region's library's id",
    "day": "Tuesday 3 March 2026, the group's next session",
    "past": "Tuesday 24 February 2026, a session that has happened",
    "asked": "Tuesday 10 March 2026, a session the lead has asked cover for",
    "cancelled": "Tuesday 17 March 2026, a session cancelled in the console",
    "covered": "Tuesday 24 March 2026, a session the spare facilitator covers",
    "far": "Tuesday 6 March 2029, a meeting day beyond the three-year planning horizon",
    "lead_id": "the group's lead facilitator",
    "spare_id": "a facilitator of the east region, not on the group",
    "west_spare_id": "a facilitator of the other region",
    "membership": "the lead's place on the group",
    "private_membership": "the spare facilitator's place on the private group",
    "cover": "the spare facilitator's cover of {covered}",
    "request": "the lead's open request for cover on {asked}",
    "west_request": "an open request for cover in the other region",
    "application": "an application to the east region (Rosa Martínez)",
    "emoji_application": "an application whose first name is an emoji",
    "west_application": "an application to the other region",
    "invitation": "the invitee's invitation to facilitate in the east region",
    "accommodation": "an open accommodation request to the east region",
    "west_accommodation": "an open accommodation request to the other region",
    "class_request": "a new request to the east region to host a class (Quincy Housing First)",
    "west_class_request": "a new request to the other region to host a class",
    "token": "the lead's private feed token",
    "version": "the group's version, as its edit form carries it",
    "registration": "Regina's registration for {day} (the group has 20 seats)",
    "registration_link": "the signed token of Regina's own page",
}
# Who sends the request.
WHO = {
    "anonymous": "a visitor, not signed in",
    "coordinator": "the east region's coordinator",
    "facilitator": "the group's lead facilitator (east region)",
    "spare": "the spare facilitator (east region)",
    "invitee": "someone signed in with an invitation waiting and no facilitator profile",
}

KB100 = 100_000


@dataclass(frozen=True)
class W:
    """A value of the world, filled in when the case is run (``W("spare_id")``)."""

    name: str

    def __str__(self):
        return "{" + self.name + "}"


class FormData(dict):
    """A whole form as the page sends it; the docs show only what the case changed in it."""

    def __init__(self, label: str, base: dict, changes: dict):
        data = {**base, **changes}
        super().__init__({key: value for key, value in data.items() if value is not None})
        self.label = label
        self.changes = changes


@dataclass(frozen=True)
class Stored:
    """One row (found by ``lookup``) holds exactly ``value`` in ``field``."""

    model: str
    lookup: Mapping
    field: str
    value: object

    def words(self) -> str:
        return f"{self.model}.{self.field} is {shown(self.value)}"


@dataclass(frozen=True)
class Count:
    """Exactly ``count`` rows match ``lookup``."""

    model: str
    lookup: Mapping
    count: int

    def words(self) -> str:
        where = ", ".join(f"{k}={shown(v)}" for k, v in self.lookup.items())
        return f"{self.count} {self.model}" + (f" with {where}" if where else "")


@dataclass(frozen=True)
class Shows:
    """``who`` reads ``path`` (status 200) and finds ``text`` there, and never ``absent``.

    Calendar text is unfolded first (RFC 5545 folds long lines), so a value is found whole.
    """

    who: str
    path: str
    text: str
    absent: str | None = None

    def words(self) -> str:
        out = f"{self.path} shows {shown(self.text)}"
        return out + (f", never {shown(self.absent)}" if self.absent else "")


@dataclass(frozen=True)
class Mailed:
    """The emails this request sent have exactly these subjects (sorted) and bodies with text."""

    subjects: tuple[str, ...]
    body_has: str | None = None

    def words(self) -> str:
        out = "emails " + "; ".join(shown(s) for s in self.subjects)
        return out + (f", body has {shown(self.body_has)}" if self.body_has else "")


@dataclass(frozen=True)
class Case:
    id: str
    area: str
    what: str  # the input, in words
    method: str
    path: str
    data: Mapping = field(default_factory=dict)  # the query of a GET, the form of a POST
    who: str = "anonymous"
    headers: Mapping = field(default_factory=dict)  # "{n}" is the attempt's number, from 1
    status: int = 400
    names: str | None = None  # the parameter or field the answer names
    says: str | None = None  # words the (last) answer holds
    absent: str | None = None  # what the answer must never hold (an echo of the input)
    location: str | None = None  # where a redirect sends the browser
    times: int = 1  # 2 for a double submit; more to reach a per-address limit
    first_status: int | None = None  # the answer to every attempt but the last
    changes: frozenset = frozenset()  # the tables that change; empty: nothing is saved
    checks: tuple = ()
    emails: int = 0  # emails sent, in all
    again_changes: bool = False  # a second submit may change things again (by design)
    csrf: bool = False  # the browser's CSRF check is on (a forged cross-site form)

    @property
    def refused(self) -> bool:
        return not self.changes


def get(id, area, what, path, query=None, **kwargs) -> Case:
    return Case(id, area, what, "GET", path, query or {}, **kwargs)


def post(id, area, what, path, data=None, **kwargs) -> Case:
    return Case(id, area, what, "POST", path, data or {}, **kwargs)


def tables(*labels) -> frozenset:
    return frozenset(labels)


# Values ---------------------------------------------------------------------------------------

NUL = "a\x00b"
BIG = "x" * KB100
EMOJI = "🌈 Rainbow Circle 🧡"
ARABIC = "مجموعة الدعم بين الأقران"
HEBREW_MIX = "קבוצת תמיכה Peer Support"
CRLF_FEED = "Morning walk\r\nEND:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:Injected"
CRLF_MAIL = "Closed today\r\nBcc: someone@evil.example"
SCRIPT = "<script>alert(1)</script>"
CODE = "one-time-code-from-the-page"  # a form's hidden submission code, as the page gave it

GROUP = "{group}"
SESSION = "/manage/groups/{group}/sessions/{day}/"
CONSOLE_400 = 400  # a console session form refused: the session page again with the error
FORM_AGAIN = 200  # a console form refused: the same page again, the error beside the field


def group_form(**changes) -> FormData:
    """A new group's form as the console sends it: Thursdays at 6 pm from 5 March 2026."""
    base = {
        "title": "Thursday WRAP",
        "kind": "self_help",
        "audience": "everyone",
        "is_public": "on",
        "region": W("region_id"),
        "venue": W("venue_id"),
        "pattern": "weekly",
        "weekdays": ["3"],
        "first_date": "2026-03-05",
        "start_time": "18:00",
        "end_time": "19:30",
    }
    return FormData("the new-group form", base, changes)


def edit_form(**changes) -> FormData:
    """The east group's edit form as its page offers it, with its version."""
    base = group_form(
        title="Metro Boston Hearing Voices",
        weekdays=["1"],
        first_date="2026-01-06",
        version=W("version"),
    )
    return FormData("the group's edit form", base, changes)


def venue_form(**changes) -> FormData:
    base = {
        "name": "Quincy Library",
        "kind": "library",
        "region": W("region_id"),
        "address": "40 Washington Street",
        "town": "Quincy",
        "address_is_public": "on",
        "is_active": "on",
    }
    return FormData("the venue form", base, changes)


def application_form(**changes) -> FormData:
    base = {
        "first_name": "Dana",
        "last_name": "Okafor",
        "email": "dana@example.org",
        "phone": "",
        "region": W("region_id"),
        "recovery": "Steady for two years.",
        "experience": "I have been to many groups.",
        "dependability": "Tuesdays are free.",
        "working_with_others": "I listen first.",
        "giving_back": "Groups helped me.",
    }
    return FormData("the application form", base, changes)


def accommodation_form(**changes) -> FormData:
    """The accommodation form as a person fills it in: ASL, and an email address."""
    base = {
        "needs": ["asl"],
        "details": "",
        "email": "sam@example.org",
        "phone": "",
        "session_date": "",
    }
    return FormData("the accommodation form", base, changes)


def host_class_form(**changes) -> FormData:
    """The "Host a class" form as a program fills it in: the east region, 12 people, an email."""
    base = {
        "region": W("region_id"),
        "organisation": "Quincy Housing First",
        "contact_name": "Jo Rivera",
        "email": "jo@example.org",
        "phone": "",
        "preferred_dates": "A Tuesday morning in April",
        "expected_people": "12",
        "accessibility_needs": "",
    }
    return FormData("the host-a-class form", base, changes)


def schedule_class_form(**changes) -> FormData:
    """The console's form that schedules a request as a class: Saturday 14 March, 10 am."""
    base = {
        "title": "Peer Support 101",
        "start_date": "2026-03-14",
        "start_time": "10:00",
        "venue": W("venue_id"),
    }
    return FormData("the schedule-a-class form", base, changes)


def register_form(**changes) -> FormData:
    """The "Register" form as a person fills it in: the next session, a name and an email."""
    base = {
        "session_date": "2026-03-03",
        "first_name": "Sol",
        "email": "sol@example.org",
        "phone": "",
        "accommodation_needs": "",
    }
    return FormData("the register form", base, changes)


def invite_form(**changes) -> FormData:
    base = {
        "role": "facilitator",
        "email": "newface@example.org",
        "first_name": "Maria",
        "last_initial": "S",
        "region": W("region_id"),
    }
    return FormData("the invitation form", base, changes)


# What an accepted change writes, table by table.
GROUP_SAVED = tables("groups.Group", "groups.HistoricalGroup", "groups.FeedVersion")
CHANGE_SAVED = tables(
    "groups.SessionChange", "groups.HistoricalSessionChange", "groups.Group", "groups.FeedVersion"
)
APPLIED = tables(
    "facilitators.FacilitatorApplication", "facilitators.HistoricalFacilitatorApplication"
)
RECORDED = tables("groups.SessionRecord", "groups.HistoricalSessionRecord")
ASKED = tables("groups.SubstituteRequest", "groups.HistoricalSubstituteRequest")
VENUE_SAVED = tables("regions.Venue", "regions.HistoricalVenue", "groups.FeedVersion")
MEMBERS_CHANGED = tables(
    "groups.GroupFacilitator",
    "groups.HistoricalGroupFacilitator",
    "groups.Group",
    "groups.FeedVersion",
)

# The cases -------------------------------------------------------------------------------------
# One row per call, wrapped by hand so that the table reads as a table.
# fmt: off

CALENDAR = "Calendar page"
CAL = "/calendar/"
WORDS_DATE = "We could not read the date"
CASES: list[Case] = [
    get("calendar-date-30-february", CALENDAR, "a date that does not exist", CAL,
        {"date": "2026-02-30"}, names="date"),
    get("calendar-date-1999", CALENDAR, "a date before 2000", CAL, {"date": "1999-12-31"},
        names="date"),
    get("calendar-date-2100", CALENDAR, "a date after 2099", CAL, {"date": "2100-01-01"},
        names="date"),
    get("calendar-date-year-1", CALENDAR, "the year 1", CAL, {"date": "0001-01-01"}, names="date"),
    get("calendar-date-9999", CALENDAR, "the year 9999", CAL, {"date": "9999-12-31"},
        names="date"),
    get("calendar-date-compact", CALENDAR, "a date without dashes", CAL, {"date": "20260303"},
        names="date"),
    get("calendar-date-short", CALENDAR, "a date without leading zeros", CAL,
        {"date": "2026-3-3"}, names="date"),
    get("calendar-date-with-time", CALENDAR, "a date and time", CAL,
        {"date": "2026-03-03T18:00"}, names="date"),
    get("calendar-date-arabic-digits", CALENDAR, "a date in Arabic-Indic digits", CAL,
        {"date": "٢٠٢٦-٠٣-٠٣"}, names="date"),
    get("calendar-date-script", CALENDAR, "markup as the date", CAL, {"date": SCRIPT},
        names="date", absent=SCRIPT),
    get("calendar-date-huge", CALENDAR, "a 100 KB date", CAL, {"date": BIG}, names="date"),
    get("calendar-week-of-2000-01-01", CALENDAR, "the week of the first date there is", CAL,
        {"view": "week", "date": "2000-01-01"}, status=200),
    get("calendar-week-of-2099-12-31", CALENDAR, "the week of the last date there is", CAL,
        {"view": "week", "date": "2099-12-31"}, status=200),
    get("calendar-month-of-2099-12", CALENDAR, "the last month there is", CAL,
        {"view": "month", "date": "2099-12-31"}, status=200),
    get("calendar-list-from-2099-12-31", CALENDAR, "seven days from the last date there is",
        CAL, {"date": "2099-12-31"}, status=200),
    get("calendar-view-year", CALENDAR, "an unknown view", CAL, {"view": "year"}, names="view"),
    get("calendar-view-empty", CALENDAR, "an empty view (the default list)", CAL, {"view": ""},
        status=200),
    get("calendar-region-unknown", CALENDAR, "an unknown region", CAL, {"region": "nowhere"},
        names="region"),
    get("calendar-region-one-unknown", CALENDAR, "a known and an unknown region", CAL,
        {"region": ["metro-boston", "nowhere"]}, names="region"),
    get("calendar-region-huge", CALENDAR, "a 100 KB region", CAL, {"region": BIG},
        names="region"),
    get("calendar-region-repeated", CALENDAR, "the same region 500 times", CAL,
        {"region": ["metro-boston"] * 500}, status=200),
    get("calendar-venue-unknown", CALENDAR, "an unknown venue", CAL, {"venue": "nowhere"},
        names="venue"),
    get("calendar-type-unknown", CALENDAR, "an unknown kind of group", CAL, {"type": "rave"},
        names="type"),
    get("calendar-venue-kind-unknown", CALENDAR, "an unknown kind of place", CAL,
        {"venue_kind": "castle"}, names="venue_kind"),
    get("calendar-town-81", CALENDAR, "a town of 81 characters", CAL, {"town": "T" * 81},
        names="town"),
    get("calendar-q-101", CALENDAR, "search words of 101 characters", CAL, {"q": "q" * 101},
        names="q"),
    get("calendar-q-huge", CALENDAR, "100 KB of search words", CAL, {"q": BIG}, names="q"),
    get("calendar-q-emoji", CALENDAR, "search words in emoji", CAL, {"q": "🌈"}, status=200),
    get("calendar-q-arabic", CALENDAR, "search words in Arabic", CAL, {"q": ARABIC}, status=200),
    get("calendar-q-sql", CALENDAR, "search words that look like SQL", CAL,
        {"q": "' OR 1=1 --"}, status=200),
    get("calendar-q-percent", CALENDAR, "search words with % and _", CAL, {"q": "100%_"},
        status=200),
    get("calendar-q-bidi-override", CALENDAR, "a right-to-left override in the search words",
        CAL, {"q": "walk\u202egnikl"}, status=200),
    get("calendar-q-nul", CALENDAR, "a NUL in the search words", CAL, {"q": NUL}, names="q"),
    get("calendar-q-tab", CALENDAR, "a tab in the search words", CAL, {"q": "a\tb"}, names="q"),
    get("calendar-q-crlf", CALENDAR, "a line break in the search words", CAL,
        {"q": "a\r\nb"}, names="q"),
    get("calendar-q-escape", CALENDAR, "a terminal escape in the search words", CAL,
        {"q": "\x1b[31mred"}, names="q"),
    get("calendar-q-del", CALENDAR, "a DEL in the search words", CAL, {"q": "a\x7fb"}, names="q"),
    get("calendar-q-c1", CALENDAR, "a C1 control (NEL) in the search words", CAL,
        {"q": "a\x85b"}, names="q"),
    get("calendar-parameter-name-nul", CALENDAR, "a NUL in a parameter's name", CAL,
        {"da\x00te": "2026-03-03"}, names="da?te"),
    get("calendar-audience-peers", CALENDAR, "an audience the filter does not offer", CAL,
        {"audience": "peers"}, names="audience"),
    get("calendar-access-unknown", CALENDAR, "an unknown access need", CAL,
        {"access": "jetpack"}, names="access"),
    get("calendar-language-unknown", CALENDAR, "an unknown language", CAL, {"language": "xx"},
        names="language"),
    get("calendar-weekday-unknown", CALENDAR, "an unknown weekday", CAL, {"weekday": "funday"},
        names="weekday"),
    get("calendar-time-unknown", CALENDAR, "an unknown time of day", CAL, {"time": "midnight"},
        names="time"),
    get("calendar-near-unknown", CALENDAR, "a place the ZIP code table does not know", CAL,
        {"near": "Atlantis"}, names="near"),
    get("calendar-near-101", CALENDAR, "a place of 101 characters", CAL, {"near": "n" * 101},
        names="near"),
    get("calendar-near-huge", CALENDAR, "a 100 KB place", CAL, {"near": BIG}, names="near"),
    get("calendar-near-off-the-earth", CALENDAR, "a position off the earth", CAL,
        {"near": "91,181"}, names="near"),
    get("calendar-near-nul", CALENDAR, "a NUL in the place", CAL, {"near": NUL}, names="near"),
    get("calendar-near-zip", CALENDAR, "a ZIP code", CAL, {"near": "01608"}, status=200),
    get("calendar-near-position", CALENDAR, "a position", CAL, {"near": "42.26,-71.80"},
        status=200),
    get("calendar-weekday-repeated", CALENDAR, "the same weekday 500 times", CAL,
        {"weekday": ["mon"] * 500}, status=200),
    get("calendar-unknown-parameter", CALENDAR, "a parameter the calendar does not know", CAL,
        {"utm_source": "newsletter"}, status=200),
    post("calendar-post", CALENDAR, "a POST", CAL, {"q": "walk"}, status=405),
]

PUBLIC = "Public pages"
CASES += [
    get("home-query-ignored", PUBLIC, "a query the home page does not read", "/",
        {"date": "2026-02-30"}, status=200),
    get("home-query-nul", PUBLIC, "a NUL in a query of the home page", "/", {"x": NUL},
        names="x"),
    post("home-post", PUBLIC, "a POST to the home page", "/", status=405),
    get("group-unknown", PUBLIC, "an unknown group", "/groups/nowhere/", status=404),
    get("group-private", PUBLIC, "a private group", "/groups/{private}/", status=404),
    get("group-slug-huge", PUBLIC, "a 5,000-character group slug", "/groups/" + "g" * 5000 + "/",
        status=404),
    get("group-slug-nul", PUBLIC, "a NUL in the path", "/groups/a%00b/", names="path"),
    get("group-slug-bad-utf8", PUBLIC, "a byte that is not UTF-8 in the path", "/groups/%FF/",
        status=404),
    get("group-slug-unicode", PUBLIC, "a slug in another script", "/groups/مجموعة/",
        status=404),
    get("regions-query-nul", PUBLIC, "a NUL in a query of the page of every RLC", "/regions/",
        {"x": NUL}, names="x"),
    post("regions-post", PUBLIC, "a POST to the page of every RLC", "/regions/", status=405),
    get("region-unknown", PUBLIC, "an unknown region", "/regions/nowhere/", status=404),
    get("region-query-crlf", PUBLIC, "a line break in a query of a region page",
        "/regions/{region}/", {"x": "a\r\nSet-Cookie: a=b"}, names="x"),
    get("venue-unknown", PUBLIC, "an unknown venue", "/venues/nowhere/", status=404),
    get("session-ics-30-february", PUBLIC, "a session on 30 February",
        "/groups/{group}/sessions/2026-02-30.ics", status=404),
    get("session-ics-not-a-meeting-day", PUBLIC, "a session on a day the group does not meet",
        "/groups/{group}/sessions/2026-03-04.ics", status=404),
    get("session-ics-9999", PUBLIC, "a session in the year 9999",
        "/groups/{group}/sessions/9999-12-28.ics", status=404),
    get("session-ics-garbage", PUBLIC, "a session date that is not a date",
        "/groups/{group}/sessions/tuesday.ics", status=404),
    get("session-ics-private", PUBLIC, "a session of a private group",
        "/groups/{private}/sessions/{day}.ics", status=404),
    get("session-ics-cancelled", PUBLIC, "a cancelled session",
        "/groups/{group}/sessions/{cancelled}.ics", status=404),
    post("sitemap-post", PUBLIC, "a POST to the sitemap", "/sitemap.xml", status=405),
    get("sitemap-page-2", PUBLIC, "a sitemap page past the last", "/sitemap-groups.xml",
        {"p": "2"}, status=404),
    get("sitemap-page-garbage", PUBLIC, "a sitemap page that is not a number",
        "/sitemap-groups.xml", {"p": "two"}, status=404),
    get("sitemap-page-negative", PUBLIC, "a sitemap page below the first", "/sitemap-groups.xml",
        {"p": "-1"}, status=404),
    get("sitemap-page-huge", PUBLIC, "a sitemap page of 5,000 digits", "/sitemap-groups.xml",
        {"p": "9" * 5000}, status=404),
    get("sitemap-page-nul", PUBLIC, "a NUL in the sitemap page", "/sitemap-groups.xml",
        {"p": NUL}, names="p"),
    get("sitemap-section-unknown", PUBLIC, "a sitemap section that does not exist",
        "/sitemap-nothing.xml", status=404),
    post("robots-post", PUBLIC, "a POST to robots.txt", "/robots.txt", status=405),
    get("language-unknown", PUBLIC, "a language the site does not have",
        "/language/", {"lang": "fr", "next": "/calendar/"}, names="lang"),
    get("language-missing", PUBLIC, "no language", "/language/", {"next": "/"}, names="lang"),
    get("language-huge", PUBLIC, "a 100 KB language", "/language/", {"lang": BIG}, names="lang",
        absent=BIG[:50]),
    get("language-next-elsewhere", PUBLIC, "a next address on another site",
        "/language/", {"lang": "es", "next": "https://evil.example/"}, status=302,
        location="/es/"),
    get("language-next-scheme-relative", PUBLIC, "a next address of //another.site",
        "/language/", {"lang": "pt-br", "next": "//evil.example/calendar/"}, status=302,
        location="/pt-br/"),
    get("language-next-unknown-page", PUBLIC, "a next address that is no page",
        "/language/", {"lang": "es", "next": "/no-such-page/"}, status=302,
        location="/no-such-page/"),
    get("language-next-nul", PUBLIC, "a NUL in the next address", "/language/",
        {"lang": "es", "next": "/" + NUL}, names="next"),
    get("language-prefix-unknown", PUBLIC, "a language prefix the site does not have",
        "/fr/calendar/", status=404),
    post("healthz-post", PUBLIC, "a POST to the health check", "/healthz", status=405),
    get("healthz-query-huge", PUBLIC, "a 100 KB parameter on the health check", "/healthz",
        {"check": BIG}, status=200),
    get("apply-thanks-region-unknown", PUBLIC, "an unknown region on the thank-you page",
        "/become-a-facilitator/thanks/", {"region": "nowhere"}, status=200),
    get("apply-thanks-region-huge", PUBLIC, "a 100 KB region on the thank-you page",
        "/become-a-facilitator/thanks/", {"region": BIG}, status=200),
]

FEEDS = "Feeds"
CASES += [
    get("feed-region-unknown", FEEDS, "an unknown region filter", "/calendar.ics",
        {"region": "nowhere"}, names="region"),
    get("feed-type-unknown", FEEDS, "an unknown kind of group", "/calendar.ics",
        {"type": "rave"}, names="type"),
    get("feed-q-101", FEEDS, "search words of 101 characters", "/calendar.ics", {"q": "q" * 101},
        names="q"),
    get("feed-q-nul", FEEDS, "a NUL in the search words", "/calendar.ics", {"q": NUL},
        names="q"),
    get("feed-q-crlf", FEEDS, "a line break in the search words", "/calendar.ics",
        {"q": "a\r\nBEGIN:VEVENT"}, names="q"),
    get("feed-town-emoji", FEEDS, "a town in emoji", "/calendar.ics", {"town": "🏙"}, status=200),
    get("feed-date-ignored", FEEDS, "a page-only parameter (date)", "/calendar.ics",
        {"date": "2026-02-30"}, status=200),
    get("feed-if-none-match-garbage", FEEDS, "an If-None-Match that is not an ETag",
        "/calendar.ics", headers={"If-None-Match": "garbage, \"\", *x"}, status=200),
    get("feed-if-modified-since-garbage", FEEDS, "an If-Modified-Since that is not a date",
        "/calendar.ics", headers={"If-Modified-Since": "yesterday"}, status=200),
    post("feed-post", FEEDS, "a POST", "/calendar.ics", status=405),
    get("feed-filtered-forged-forwarded-for", FEEDS,
        "31 new filtered feeds, each with another forged X-Forwarded-For", "/calendar.ics",
        {"q": "walk", "town": "Town {n}"}, headers={"X-Forwarded-For": "203.0.113.{n}"},
        times=31, first_status=200, status=429),
    get("feed-region-unknown-slug", FEEDS, "an unknown region", "/regions/nowhere/calendar.ics",
        status=404),
    get("feed-region-query-nul", FEEDS, "a NUL in a region feed's query",
        "/regions/{region}/calendar.ics", {"x": NUL}, names="x"),
    get("feed-venue-unknown", FEEDS, "an unknown venue", "/venues/nowhere/calendar.ics",
        status=404),
    get("feed-group-unknown", FEEDS, "an unknown group", "/groups/nowhere/calendar.ics",
        status=404),
    get("feed-group-private", FEEDS, "a private group", "/groups/{private}/calendar.ics",
        status=404),
    get("feed-group-path-nul", FEEDS, "a NUL in the path", "/groups/{group}%00/calendar.ics",
        names="path"),
]

CHANGES_FEED = "Changes feed"
CASES += [
    get("changes-region-unknown", CHANGES_FEED, "an unknown region",
        "/regions/nowhere/changes.atom", status=404),
    get("changes-region-huge", CHANGES_FEED, "a region of 10,000 characters",
        "/regions/" + "r" * 10_000 + "/changes.atom", status=404),
    get("changes-path-nul", CHANGES_FEED, "a NUL in the path", "/regions/{region}%00/changes.atom",
        names="path"),
    get("changes-query-nul", CHANGES_FEED, "a NUL in the query", "/regions/{region}/changes.atom",
        {"x": NUL}, names="x"),
    get("changes-query-ignored", CHANGES_FEED, "a query it has no use for",
        "/regions/{region}/changes.atom", {"page": "-1", "q": SCRIPT}, status=200, absent=SCRIPT),
    get("changes-if-none-match-garbage", CHANGES_FEED, "an If-None-Match that is not an ETag",
        "/regions/{region}/changes.atom", headers={"If-None-Match": "garbage, \"\", *x"},
        status=200),
    get("changes-if-modified-since-garbage", CHANGES_FEED,
        "an If-Modified-Since that is not a date", "/regions/{region}/changes.atom",
        headers={"If-Modified-Since": "yesterday"}, status=200),
    post("changes-post", CHANGES_FEED, "a POST", "/regions/{region}/changes.atom", status=405),
]

MEETING_GUIDE = "Meeting Guide feeds"
MG = "/meeting-guide.json"
MG_REGION = "/regions/{region}/meeting-guide.json"
CASES += [
    get("mg-query-ignored", MEETING_GUIDE, "a parameter (the feed takes none)", MG,
        {"region": "nowhere", "day": "9"}, status=200,
        checks=(Shows("anonymous", MG, "metro-boston-hearing-voices",
                      absent="metro-boston-inpatient"),)),
    get("mg-query-nul", MEETING_GUIDE, "a NUL in the query", MG, {"x": NUL}, names="x"),
    get("mg-if-none-match-garbage", MEETING_GUIDE, "an If-None-Match that is not an ETag", MG,
        headers={"If-None-Match": "garbage, \"\", *x"}, status=200),
    get("mg-if-modified-since-garbage", MEETING_GUIDE, "an If-Modified-Since that is not a date",
        MG, headers={"If-Modified-Since": "yesterday"}, status=200),
    post("mg-post", MEETING_GUIDE, "a POST", MG, status=405),
    get("mg-region-unknown", MEETING_GUIDE, "an unknown region",
        "/regions/nowhere/meeting-guide.json", status=404),
    get("mg-region-huge", MEETING_GUIDE, "a 10,000-character region",
        "/regions/" + "r" * 10_000 + "/meeting-guide.json", status=404),
    get("mg-region-path-nul", MEETING_GUIDE, "a NUL in the path",
        "/regions/{region}%00/meeting-guide.json", names="path"),
    get("mg-region-query-nul", MEETING_GUIDE, "a NUL in a region feed's query", MG_REGION,
        {"x": NUL}, names="x"),
    get("mg-region-if-none-match-garbage", MEETING_GUIDE, "an If-None-Match that is not an ETag",
        MG_REGION, headers={"If-None-Match": "W/, \"\""}, status=200),
    post("mg-region-post", MEETING_GUIDE, "a POST", MG_REGION, status=405),
]

PRIVATE_FEED = "Private feed"
CASES += [
    get("private-feed-unknown", PRIVATE_FEED, "a token that is not one", "/feeds/nonsense.ics",
        status=404),
    get("private-feed-43-wrong", PRIVATE_FEED, "a wrong token of the right length",
        "/feeds/" + "A" * 43 + ".ics", status=404),
    get("private-feed-huge", PRIVATE_FEED, "a 10,000-character token",
        "/feeds/" + "t" * 10_000 + ".ics", status=404),
    get("private-feed-nul", PRIVATE_FEED, "a NUL after the token", "/feeds/{token}%00.ics",
        names="path"),
    get("private-feed-dot-dot", PRIVATE_FEED, "a token that climbs folders",
        "/feeds/..%2F..%2Fsettings.ics", status=404),
    post("private-feed-post", PRIVATE_FEED, "a POST", "/feeds/{token}.ics", status=405),
]

API = "JSON API"
OCC = "/api/v1/occurrences.json"
CASES += [
    get("api-start-30-february", API, "a start that does not exist", OCC,
        {"start": "2026-02-30"}, names="start"),
    get("api-start-garbage", API, "a start that is not a date", OCC, {"start": "soon"},
        names="start"),
    get("api-start-unix-time", API, "a start as a Unix time", OCC, {"start": "1772312400"},
        names="start"),
    get("api-start-1999", API, "a start before 2000", OCC, {"start": "1999-12-31"},
        names="start"),
    get("api-end-2100", API, "an end after 2099", OCC, {"start": "2099-12-01", "end": "2100-01-01"},
        names="end"),
    get("api-end-9999", API, "an end in the year 9999", OCC, {"end": "9999-12-31"},
        names="end"),
    get("api-end-before-start", API, "an end before the start", OCC,
        {"start": "2026-03-10", "end": "2026-03-01"}, names="end"),
    get("api-window-367-days", API, "a window of 367 days", OCC,
        {"start": "2026-01-01", "end": "2027-01-02"}, names="end"),
    get("api-window-366-days", API, "a window of 366 days, the most there is", OCC,
        {"start": "2026-01-01", "end": "2027-01-01"}, status=200),
    get("api-start-2099-12-31", API, "the last start there is, with no end", OCC,
        {"start": "2099-12-31"}, status=200),
    get("api-start-empty", API, "an empty start (today)", OCC, {"start": ""}, status=200),
    get("api-start-repeated", API, "two starts", OCC, {"start": ["2026-03-01", "2026-03-02"]},
        status=200),
    get("api-region-unknown", API, "an unknown region", OCC, {"region": "nowhere"},
        names="region"),
    get("api-region-not-a-slug", API, "a region that is not a slug", OCC,
        {"region": "metro boston"}, names="region"),
    get("api-region-nul", API, "a NUL in the region", OCC, {"region": NUL}, names="region"),
    get("api-region-huge", API, "a 100 KB region", OCC, {"region": BIG}, names="region"),
    get("api-region-repeated", API, "the same region 1,000 times", OCC,
        {"region": ["metro-boston"] * 1000}, status=200),
    get("api-windows-forged-forwarded-for", API,
        "31 new windows, each with another forged X-Forwarded-For", OCC,
        {"start": "2026-03-01", "end": "2026-03-{n:02d}"},
        headers={"X-Forwarded-For": "198.51.100.{n}"}, times=31, first_status=200, status=429),
    post("api-post", API, "a POST", OCC, status=405),
    get("api-groups-region-unknown", API, "an unknown region", "/api/v1/groups.json",
        {"region": "nowhere"}, names="region"),
    get("api-groups-region-crlf", API, "a line break in the region", "/api/v1/groups.json",
        {"region": "a\r\nb"}, names="region"),
    get("api-unknown-route", API, "a route that does not exist", "/api/v1/sessions.json",
        status=404),
    get("api-openapi-query-nul", API, "a NUL in the OpenAPI description's query",
        "/api/v1/openapi.json", {"x": NUL}, names="x"),
    get("api-docs-query-escape", API, "an escape code in the docs' query", "/api/v1/docs",
        {"x": "\x1b]0;owned\x07"}, names="x"),
]

FEEDBACK = "Feedback form"
FB = "/groups/{group}/feedback/"
FEEDBACK_KEPT = tables("groups.GroupFeedback")
CASES += [
    post("feedback-no-rating", FEEDBACK, "no rating", FB, {"comment": "Good"}, names="rating"),
    post("feedback-rating-6", FEEDBACK, "a rating of 6", FB, {"rating": "6"}, names="rating"),
    post("feedback-rating-0", FEEDBACK, "a rating of 0", FB, {"rating": "0"}, names="rating"),
    post("feedback-rating-negative", FEEDBACK, "a rating of -1", FB, {"rating": "-1"},
        names="rating"),
    post("feedback-rating-decimal", FEEDBACK, "a rating of 4.5", FB, {"rating": "4.5"},
        names="rating"),
    post("feedback-rating-words", FEEDBACK, "a rating in words", FB, {"rating": "great"},
        names="rating"),
    post("feedback-rating-huge-number", FEEDBACK, "a rating of 10^40", FB,
        {"rating": "1" + "0" * 40}, names="rating"),
    post("feedback-comment-2001", FEEDBACK, "a comment of 2,001 characters", FB,
        {"rating": "4", "comment": "c" * 2001}, names="comment"),
    post("feedback-comment-huge", FEEDBACK, "a 100 KB comment", FB,
        {"rating": "4", "comment": BIG}, names="comment"),
    post("feedback-comment-nul", FEEDBACK, "a NUL in the comment", FB,
        {"rating": "4", "comment": NUL}, names="comment"),
    post("feedback-comment-escape", FEEDBACK, "a terminal escape in the comment", FB,
        {"rating": "4", "comment": "\x1b[2J"}, names="comment"),
    post("feedback-comment-emoji-and-arabic", FEEDBACK, "emoji and Arabic in the comment", FB,
        {"rating": "5", "comment": f"{EMOJI} {ARABIC}"}, status=302,
        location="/groups/{group}/#feedback", changes=FEEDBACK_KEPT,
        checks=(Stored("groups.GroupFeedback", {}, "comment", f"{EMOJI} {ARABIC}"),)),
    post("feedback-comment-lines", FEEDBACK, "a comment of several lines", FB,
        {"rating": "3", "comment": "First line\r\nSecond line"}, status=302,
        changes=FEEDBACK_KEPT,
        checks=(Stored("groups.GroupFeedback", {}, "comment", "First line\r\nSecond line"),)),
    post("feedback-comment-markup", FEEDBACK, "markup in the comment", FB,
        {"rating": "2", "comment": SCRIPT}, status=302, changes=FEEDBACK_KEPT,
        checks=(
            Stored("groups.GroupFeedback", {}, "comment", SCRIPT),
            Shows("coordinator", "/manage/feedback/", "&lt;script&gt;alert(1)&lt;/script&gt;",
                  absent=SCRIPT),
        )),
    post("feedback-honeypot", FEEDBACK, "the hidden box filled in (a robot)", FB,
        {"rating": "5", "website": "http://spam.example"}, status=302),
    post("feedback-1001-fields", FEEDBACK, "a form of 1,001 fields (Django takes 1,000)", FB,
        FormData("1,000 made-up fields", {f"field{i}": "x" for i in range(1000)},
                 {"rating": "4"})),
    post("feedback-3-mb", FEEDBACK, "a 3 MB form (Django takes 2.5 MB)", FB,
        {"rating": "4", "comment": "x" * 3_000_000}),
    post("feedback-private-group", FEEDBACK, "feedback on a private group",
        "/groups/{private}/feedback/", {"rating": "5"}, status=404),
    post("feedback-unknown-group", FEEDBACK, "feedback on an unknown group",
        "/groups/nowhere/feedback/", {"rating": "5"}, status=404),
    post("feedback-double-submit", FEEDBACK, "the same feedback sent twice (a double click)", FB,
        {"rating": "4", "comment": "Thank you", "submission": CODE}, times=2, first_status=302,
        status=302, location="/groups/{group}/#feedback", changes=FEEDBACK_KEPT,
        checks=(Count("groups.GroupFeedback", {}, 1),)),
    post("feedback-sent-six-times", FEEDBACK,
        "the same feedback sent six times (the copies do not use up the limit of five)", FB,
        {"rating": "4", "submission": CODE}, times=6, first_status=302, status=302,
        changes=FEEDBACK_KEPT, checks=(Count("groups.GroupFeedback", {}, 1),)),
    post("feedback-code-huge", FEEDBACK, "a 100 KB one-time code (read as no code)", FB,
        {"rating": "4", "submission": BIG}, status=302, changes=FEEDBACK_KEPT,
        checks=(Count("groups.GroupFeedback", {}, 1),)),
    post("feedback-twice-without-code", FEEDBACK,
        "the same feedback twice without the page's one-time code (not from the page: kept "
        "twice)", FB, {"rating": "4"}, times=2, first_status=302, status=302,
        changes=FEEDBACK_KEPT, again_changes=True,
        checks=(Count("groups.GroupFeedback", {}, 2),)),
    post("feedback-forged-forwarded-for", FEEDBACK,
        "six forms, each with another forged X-Forwarded-For", FB, {"rating": "4"},
        headers={"X-Forwarded-For": "192.0.2.{n}"}, times=6, first_status=302, status=429,
        changes=FEEDBACK_KEPT, again_changes=True,
        checks=(Count("groups.GroupFeedback", {}, 5),)),
    post("feedback-without-csrf-token", FEEDBACK, "a form from another site (no CSRF token)",
        FB, {"rating": "1"}, csrf=True, status=403),
]

APPLY = "Facilitator application"
AP = "/become-a-facilitator/"
NEW_APPLICATION = "A new facilitator application for Metro Boston RLC"
THANKS = "Thank you for applying to facilitate with Metro Boston RLC"
CASES += [
    post("apply-empty", APPLY, "nothing filled in", AP, {}, names="first_name"),
    post("apply-email-invalid", APPLY, "an email address that is not one", AP,
        application_form(email="dana at example"), names="email"),
    post("apply-email-header-injection", APPLY, "a line break and a Bcc in the email address",
        AP, application_form(email="dana@example.org\r\nBcc: all@evil.example"), names="email"),
    post("apply-email-huge", APPLY, "a 100 KB email address", AP,
        application_form(email=BIG + "@example.org"), names="email"),
    post("apply-first-name-61", APPLY, "a first name of 61 characters", AP,
        application_form(first_name="F" * 61), names="first_name"),
    post("apply-first-name-huge", APPLY, "a 100 KB first name", AP,
        application_form(first_name=BIG), names="first_name"),
    post("apply-answer-2001", APPLY, "an answer of 2,001 characters", AP,
        application_form(recovery="r" * 2001), names="recovery"),
    post("apply-answer-huge", APPLY, "a 100 KB answer", AP, application_form(giving_back=BIG),
        names="giving_back"),
    post("apply-answer-nul", APPLY, "a NUL in an answer", AP, application_form(experience=NUL),
        names="experience"),
    post("apply-region-unknown", APPLY, "a region id that does not exist", AP,
        application_form(region="999999"), names="region"),
    post("apply-region-garbage", APPLY, "a region that is not an id", AP,
        application_form(region="metro-boston"), names="region"),
    post("apply-region-huge-number", APPLY, "a region id of 40 digits", AP,
        application_form(region="9" * 40), names="region"),
    post("apply-names-crlf", APPLY, "a line break and a header in the first name", AP,
        application_form(first_name="Dana\r\nBcc: all@evil.example"), status=302,
        location="/become-a-facilitator/thanks/?region=metro-boston", changes=APPLIED,
        emails=2,
        checks=(
            Stored("facilitators.FacilitatorApplication", {"email": "dana@example.org"},
                   "first_name", "Dana Bcc: all@evil.example"),
            Mailed((NEW_APPLICATION, THANKS), body_has="Dana Bcc: all@evil.example"),
        )),
    post("apply-names-emoji-and-rtl", APPLY, "a name in Arabic and answers with emoji", AP,
        application_form(first_name="فاطمة", last_name="الزهراء", recovery=EMOJI), status=302,
        changes=APPLIED, emails=2,
        checks=(
            Stored("facilitators.FacilitatorApplication", {"email": "dana@example.org"},
                   "first_name", "فاطمة"),
            Stored("facilitators.FacilitatorApplication", {"email": "dana@example.org"},
                   "recovery", EMOJI),
            Mailed((NEW_APPLICATION, THANKS), body_has="فاطمة"),
        )),
    post("apply-honeypot", APPLY, "the hidden box filled in (a robot)", AP,
        application_form(website="http://spam.example"), status=302,
        location="/become-a-facilitator/thanks/"),
    post("apply-double-submit", APPLY, "the same application sent twice (a double click)", AP,
        application_form(submission=CODE), times=2, first_status=302, status=302,
        changes=APPLIED, emails=2,
        checks=(Count("facilitators.FacilitatorApplication", {"first_name": "Dana"}, 1),)),
    post("apply-forged-forwarded-for", APPLY,
        "four applications, each with another forged X-Forwarded-For", AP,
        application_form(email="dana{n}@example.org"),
        headers={"X-Forwarded-For": "192.0.2.{n}"}, times=4, first_status=302, status=429,
        changes=APPLIED, emails=6, again_changes=True,
        checks=(Count("facilitators.FacilitatorApplication", {"first_name": "Dana"}, 3),)),
    Case("apply-put", APPLY, "a PUT", "PUT", AP, status=405),
]

ACCOMMODATION = "Accommodation request"
AC = "/groups/{group}/accommodation/"
RAC = "/regions/{region}/accommodation/"
ACCOMMODATED = tables("groups.AccommodationRequest")
NEW_ACCOMMODATION = "An accommodation request for Metro Boston RLC"
CASES += [
    get("about-query-nul", PUBLIC, "a NUL in a query of the About page", "/about/", {"x": NUL},
        names="x"),
    post("about-post", PUBLIC, "a POST to the About page", "/about/", status=405),
    get("accessibility-query-ignored", PUBLIC, "a query the accessibility statement does not read",
        "/es/accessibility/", {"date": "2026-02-30"}, status=200),
    post("accessibility-post", PUBLIC, "a POST to the accessibility statement",
        "/accessibility/", status=405),
    post("accommodation-empty", ACCOMMODATION, "nothing filled in", AC, {}, names="needs"),
    post("accommodation-no-need", ACCOMMODATION, "no need chosen and no words", AC,
        accommodation_form(needs=None), names="needs"),
    post("accommodation-need-unknown", ACCOMMODATION, "a need that is not in the list", AC,
        accommodation_form(needs=["asl", "jetpack"]), names="needs"),
    post("accommodation-need-huge", ACCOMMODATION, "a 100 KB need", AC,
        accommodation_form(needs=[BIG]), names="needs"),
    post("accommodation-need-repeated", ACCOMMODATION, "the same need 500 times", AC,
        accommodation_form(needs=["asl"] * 500), status=302, changes=ACCOMMODATED, emails=1,
        checks=(Stored("groups.AccommodationRequest", {"email": "sam@example.org"}, "needs",
                       ["asl"]),)),
    post("accommodation-details-1001", ACCOMMODATION, "words of 1,001 characters", AC,
        accommodation_form(details="d" * 1001), names="details"),
    post("accommodation-details-huge", ACCOMMODATION, "100 KB of words", AC,
        accommodation_form(details=BIG), names="details"),
    post("accommodation-details-nul", ACCOMMODATION, "a NUL in the words", AC,
        accommodation_form(details=NUL), names="details"),
    post("accommodation-details-escape", ACCOMMODATION, "a terminal escape in the words", AC,
        accommodation_form(details="\x1b[2J"), names="details"),
    post("accommodation-no-contact", ACCOMMODATION, "neither an email address nor a phone",
        AC, accommodation_form(email=""), names="email"),
    post("accommodation-email-invalid", ACCOMMODATION, "an email address that is not one", AC,
        accommodation_form(email="sam at example"), names="email"),
    post("accommodation-email-header-injection", ACCOMMODATION,
        "a line break and a Bcc in the email address", AC,
        accommodation_form(email="sam@example.org\r\nBcc: all@evil.example"), names="email"),
    post("accommodation-email-huge", ACCOMMODATION, "a 100 KB email address", AC,
        accommodation_form(email=BIG + "@example.org"), names="email"),
    post("accommodation-phone-words", ACCOMMODATION, "a phone number in words", AC,
        accommodation_form(email="", phone="call me"), names="phone"),
    post("accommodation-phone-41", ACCOMMODATION, "a phone number of 41 characters", AC,
        accommodation_form(phone="1" * 41), names="phone"),
    post("accommodation-phone-crlf", ACCOMMODATION, "a line break in the phone number", AC,
        accommodation_form(phone="617\r\nBcc: x"), names="phone"),
    post("accommodation-date-yesterday", ACCOMMODATION, "a date that has passed", AC,
        accommodation_form(session_date="2026-02-27"), names="session_date"),
    post("accommodation-date-next-year", ACCOMMODATION, "a date more than a year ahead", AC,
        accommodation_form(session_date="2027-03-01"), names="session_date"),
    post("accommodation-date-30-february", ACCOMMODATION, "a date that does not exist", AC,
        accommodation_form(session_date="2026-02-30"), names="session_date"),
    post("accommodation-date-huge", ACCOMMODATION, "a 100 KB date", AC,
        accommodation_form(session_date=BIG), names="session_date"),
    post("accommodation-date-a-year-ahead", ACCOMMODATION, "a date exactly a year ahead", AC,
        accommodation_form(session_date="2027-02-28"), status=302, location=AC,
        changes=ACCOMMODATED, emails=1, checks=(Mailed((NEW_ACCOMMODATION,),
                                                       body_has="Sunday 28 February 2027"),)),
    post("accommodation-words-emoji-and-arabic", ACCOMMODATION, "emoji and Arabic in the words",
        RAC, accommodation_form(details=f"{EMOJI} {ARABIC}"), status=302, location=RAC,
        changes=ACCOMMODATED, emails=1,
        checks=(
            Stored("groups.AccommodationRequest", {"email": "sam@example.org"}, "details",
                   f"{EMOJI} {ARABIC}"),
            Shows("coordinator", "/manage/accommodations/", ARABIC),
            Mailed((NEW_ACCOMMODATION,), body_has="They wrote more in their own words."),
        )),
    post("accommodation-words-markup", ACCOMMODATION, "markup in the words", AC,
        accommodation_form(details=SCRIPT), status=302, changes=ACCOMMODATED, emails=1,
        checks=(Shows("coordinator", "/manage/accommodations/",
                      "&lt;script&gt;alert(1)&lt;/script&gt;", absent=SCRIPT),)),
    post("accommodation-spanish", ACCOMMODATION, "a request from the Spanish page",
        "/es" + AC, accommodation_form(), status=302, location="/es" + AC,
        changes=ACCOMMODATED, emails=1,
        checks=(Stored("groups.AccommodationRequest", {"email": "sam@example.org"}, "language",
                       "es"),
                Mailed((NEW_ACCOMMODATION,), body_has="They wrote in Spanish.")),
    ),
    post("accommodation-honeypot", ACCOMMODATION, "the hidden box filled in (a robot)", AC,
        accommodation_form(website="http://spam.example"), status=302, location=AC),
    post("accommodation-private-group", ACCOMMODATION, "a request for a private group",
        "/groups/{private}/accommodation/", accommodation_form(), status=404),
    get("accommodation-private-group-page", ACCOMMODATION, "the form of a private group",
        "/pt-br/groups/{private}/accommodation/", status=404),
    post("accommodation-unknown-group", ACCOMMODATION, "a request for an unknown group",
        "/groups/nowhere/accommodation/", accommodation_form(), status=404),
    post("accommodation-unknown-region", ACCOMMODATION, "a request to an unknown region",
        "/regions/nowhere/accommodation/", accommodation_form(), status=404),
    post("accommodation-double-submit", ACCOMMODATION,
        "the same request sent twice (a double click)", AC, accommodation_form(submission=CODE),
        times=2, first_status=302, status=302, changes=ACCOMMODATED, emails=1,
        checks=(Count("groups.AccommodationRequest", {"email": "sam@example.org"}, 1),)),
    post("accommodation-forged-forwarded-for", ACCOMMODATION,
        "six requests, each with another forged X-Forwarded-For", AC,
        accommodation_form(email="sam{n}@example.org"),
        headers={"X-Forwarded-For": "192.0.2.{n}"}, times=6, first_status=302, status=429,
        changes=ACCOMMODATED, emails=5, again_changes=True,
        checks=(Count("groups.AccommodationRequest", {"email__startswith": "sam"}, 5),)),
    post("accommodation-without-csrf-token", ACCOMMODATION,
        "a form from another site (no CSRF token)", AC, accommodation_form(), csrf=True,
        status=403),
    Case("accommodation-put", ACCOMMODATION, "a PUT", "PUT", RAC, status=405),
    get("accommodations-show-unknown", ACCOMMODATION, "a show filter that does not exist",
        "/manage/accommodations/", {"show": "everything-ever"}, status=200, who="coordinator"),
    get("accommodations-page-huge", ACCOMMODATION, "a page of 10^30",
        "/manage/accommodations/", {"page": "1" + "0" * 30}, status=200, who="coordinator"),
    post("accommodation-close-other-region", ACCOMMODATION,
        "closing the other region's request", "/manage/accommodations/{west_accommodation}/close/",
        status=404, who="coordinator"),
    post("accommodation-close-unknown", ACCOMMODATION, "closing a request that does not exist",
        "/manage/accommodations/999999/close/", status=404, who="coordinator"),
    post("accommodation-close-id-huge", ACCOMMODATION, "a request id of 30 digits",
        "/manage/accommodations/" + "9" * 30 + "/close/", status=404, who="coordinator"),
    post("accommodation-close-twice", ACCOMMODATION, "closed twice (a double click)",
        "/manage/accommodations/{accommodation}/close/", times=2, first_status=302, status=302,
        location="/manage/accommodations/", changes=ACCOMMODATED, who="coordinator",
        checks=(Count("groups.AccommodationRequest", {"closed_at__isnull": False}, 1),)),
    post("accommodation-close-next-other-site", ACCOMMODATION,
        "closing with a next that leads to another site",
        "/manage/accommodations/{accommodation}/close/", {"next": "https://evil.example/"},
        status=302, location="/manage/accommodations/", changes=ACCOMMODATED, who="coordinator"),
    get("accommodation-close-get", ACCOMMODATION, "closing with a GET (a link)",
        "/manage/accommodations/{accommodation}/close/", status=405, who="coordinator"),
    post("accommodation-close-by-facilitator", ACCOMMODATION, "closing as a facilitator",
        "/manage/accommodations/{accommodation}/close/", who="facilitator", status=403),
    post("accommodation-close-without-csrf-token", ACCOMMODATION,
        "closing from another site (no CSRF token)",
        "/manage/accommodations/{accommodation}/close/", csrf=True, status=403, who="coordinator"),
]

HOST = "Host a class"
HC = "/host-a-class/"
HC_THANKS = "/host-a-class/thanks/?region=metro-boston"
CLASS_ASKED = tables("groups.ClassRequest")
NEW_CLASS_REQUEST = "A request to host Peer Support 101, to Metro Boston RLC"
CR = "/manage/classes/requests/{class_request}/"
WEST_CR = "/manage/classes/requests/{west_class_request}/"
CLASS_SCHEDULED = tables(
    "groups.ClassRequest",
    "groups.Group",
    "groups.HistoricalGroup",
    "groups.GroupTranslation",
    "groups.HistoricalGroupTranslation",
    "groups.FeedVersion",
)
BY_COORDINATOR = {"who": "coordinator"}
CASES += [
    post("host-class-empty", HOST, "nothing filled in", HC, {}, names="region"),
    post("host-class-region-unknown", HOST, "a region id that does not exist", HC,
        host_class_form(region="999999"), names="region"),
    post("host-class-region-huge", HOST, "a region id of 40 digits", HC,
        host_class_form(region="9" * 40), names="region"),
    post("host-class-organisation-blank", HOST, "an organisation of spaces", HC,
        host_class_form(organisation="   "), names="organisation"),
    post("host-class-organisation-huge", HOST, "a 100 KB organisation", HC,
        host_class_form(organisation=BIG), names="organisation"),
    post("host-class-name-nul", HOST, "a NUL in the contact's name", HC,
        host_class_form(contact_name=NUL), names="contact_name"),
    post("host-class-no-contact", HOST, "neither an email address nor a phone", HC,
        host_class_form(email=""), names="email"),
    post("host-class-email-header-injection", HOST,
        "a line break and a Bcc in the email address", HC,
        host_class_form(email="jo@example.org\r\nBcc: all@evil.example"), names="email"),
    post("host-class-phone-words", HOST, "a phone number in words", HC,
        host_class_form(email="", phone="call me"), names="phone"),
    post("host-class-dates-501", HOST, "preferred dates of 501 characters", HC,
        host_class_form(preferred_dates="d" * 501), names="preferred_dates"),
    post("host-class-dates-escape", HOST, "a terminal escape in the preferred dates", HC,
        host_class_form(preferred_dates="\x1b[2J"), names="preferred_dates"),
    post("host-class-people-zero", HOST, "no people", HC, host_class_form(expected_people="0"),
        names="expected_people"),
    post("host-class-people-501", HOST, "501 people", HC, host_class_form(expected_people="501"),
        names="expected_people"),
    post("host-class-people-huge", HOST, "a number of people of 40 digits", HC,
        host_class_form(expected_people="9" * 40), names="expected_people"),
    post("host-class-people-words", HOST, "a number of people in words", HC,
        host_class_form(expected_people="a dozen"), names="expected_people"),
    post("host-class-needs-huge", HOST, "100 KB of accessibility needs", HC,
        host_class_form(accessibility_needs=BIG), names="accessibility_needs"),
    post("host-class-words-emoji-and-arabic", HOST, "emoji and Arabic in the organisation", HC,
        host_class_form(organisation=f"{EMOJI} {ARABIC}"), status=302, location=HC_THANKS,
        changes=CLASS_ASKED, emails=1,
        checks=(
            Stored("groups.ClassRequest", {"email": "jo@example.org"}, "organisation",
                   f"{EMOJI} {ARABIC}"),
            Shows("coordinator", "/manage/classes/requests/", ARABIC),
            Mailed((NEW_CLASS_REQUEST,), body_has=ARABIC),
        )),
    post("host-class-markup", HOST, "markup in the organisation", HC,
        host_class_form(organisation=SCRIPT), status=302, changes=CLASS_ASKED, emails=1,
        checks=(Shows("coordinator", "/manage/classes/requests/",
                      "&lt;script&gt;alert(1)&lt;/script&gt;", absent=SCRIPT),)),
    post("host-class-spanish", HOST, "a request from the Spanish page", "/es" + HC,
        host_class_form(), status=302, location="/es" + HC_THANKS, changes=CLASS_ASKED,
        emails=1,
        checks=(Stored("groups.ClassRequest", {"email": "jo@example.org"}, "language", "es"),
                Mailed((NEW_CLASS_REQUEST,), body_has="They wrote in Spanish."))),
    post("host-class-honeypot", HOST, "the hidden box filled in (a robot)", HC,
        host_class_form(website="http://spam.example"), status=302,
        location="/host-a-class/thanks/"),
    post("host-class-double-submit", HOST, "the same request sent twice (a double click)", HC,
        host_class_form(submission=CODE), times=2, first_status=302, status=302,
        changes=CLASS_ASKED, emails=1,
        checks=(Count("groups.ClassRequest", {"email": "jo@example.org"}, 1),)),
    post("host-class-forged-forwarded-for", HOST,
        "six requests, each with another forged X-Forwarded-For", HC,
        host_class_form(email="jo{n}@example.org"),
        headers={"X-Forwarded-For": "192.0.2.{n}"}, times=6, first_status=302, status=429,
        changes=CLASS_ASKED, emails=5, again_changes=True,
        checks=(Count("groups.ClassRequest", {"email__startswith": "jo"}, 5),)),
    post("host-class-without-csrf-token", HOST, "a form from another site (no CSRF token)", HC,
        host_class_form(), csrf=True, status=403),
    Case("host-class-put", HOST, "a PUT", "PUT", HC, status=405),
    get("host-class-thanks-region-unknown", HOST, "an unknown region on the thank-you page",
        "/host-a-class/thanks/", {"region": "nowhere"}, status=200),
    get("host-class-thanks-region-huge", HOST, "a 100 KB region on the thank-you page",
        "/host-a-class/thanks/", {"region": BIG}, status=200),
    post("host-class-thanks-post", HOST, "a POST to the thank-you page", "/host-a-class/thanks/",
        status=405),
    get("class-requests-status-unknown", HOST, "a status filter that does not exist",
        "/manage/classes/requests/", {"status": "everything-ever"}, status=200, **BY_COORDINATOR),
    get("class-requests-page-huge", HOST, "a page of 10^30", "/manage/classes/requests/",
        {"page": "1" + "0" * 30}, status=200, **BY_COORDINATOR),
    get("class-requests-by-facilitator", HOST, "the list, as a facilitator",
        "/manage/classes/requests/", who="facilitator", status=403),
    get("class-request-other-region", HOST, "the other region's request", WEST_CR, status=404,
        **BY_COORDINATOR),
    get("class-request-id-huge", HOST, "a request id of 30 digits",
        "/manage/classes/requests/" + "9" * 30 + "/", status=404, **BY_COORDINATOR),
    post("class-request-schedule-other-region", HOST, "scheduling the other region's request",
        WEST_CR, schedule_class_form(), status=404, **BY_COORDINATOR),
    post("class-request-schedule-west-venue", HOST, "a class at the other region's venue", CR,
        schedule_class_form(venue=W("west_venue_id")), names="venue", **BY_COORDINATOR),
    post("class-request-schedule-venue-huge", HOST, "a venue id of 30 digits", CR,
        schedule_class_form(venue="9" * 30), names="venue", **BY_COORDINATOR),
    post("class-request-schedule-yesterday", HOST, "a class on a date that has passed", CR,
        schedule_class_form(start_date="2026-02-27"), names="start_date", **BY_COORDINATOR),
    post("class-request-schedule-30-february", HOST, "a date that does not exist", CR,
        schedule_class_form(start_date="2026-02-30"), names="start_date", **BY_COORDINATOR),
    post("class-request-schedule-beyond-horizon", HOST,
        "a date beyond the three-year planning horizon", CR,
        schedule_class_form(start_date="{far}"), names="start_date", **BY_COORDINATOR),
    post("class-request-schedule-time-25", HOST, "a start time of 25:00", CR,
        schedule_class_form(start_time="25:00"), names="start_time", **BY_COORDINATOR),
    post("class-request-schedule-title-huge", HOST, "a 100 KB title", CR,
        schedule_class_form(title=BIG), names="title", **BY_COORDINATOR),
    post("class-request-schedule-twice", HOST, "scheduled twice (a double click)", CR,
        schedule_class_form(), times=2, first_status=302, status=302, location=CR,
        changes=CLASS_SCHEDULED, **BY_COORDINATOR,
        checks=(Count("groups.Group", {"title": "Peer Support 101"}, 1),
                Count("groups.ClassRequest", {"status": "scheduled"}, 1))),
    post("class-request-schedule-by-facilitator", HOST, "scheduling as a facilitator", CR,
        schedule_class_form(), who="facilitator", status=403),
    post("class-request-schedule-without-csrf-token", HOST,
        "scheduling from another site (no CSRF token)", CR, schedule_class_form(), csrf=True,
        status=403, **BY_COORDINATOR),
    post("class-request-status-unknown", HOST, "a status that does not exist", CR + "status/",
        {"status": "archived"}, status=302, location=CR, **BY_COORDINATOR),
    post("class-request-status-scheduled", HOST, "“scheduled” by hand, with no class",
        CR + "status/", {"status": "scheduled"}, status=302, location=CR, **BY_COORDINATOR),
    post("class-request-status-other-region", HOST, "declining the other region's request",
        WEST_CR + "status/", {"status": "declined"}, status=404, **BY_COORDINATOR),
    post("class-request-status-twice", HOST, "marked contacted twice (a double click)",
        CR + "status/", {"status": "contacted"}, times=2, first_status=302, status=302,
        location=CR, changes=CLASS_ASKED, **BY_COORDINATOR,
        checks=(Count("groups.ClassRequest", {"status": "contacted"}, 1),)),
    get("class-request-status-get", HOST, "a status change with a GET (a link)", CR + "status/",
        status=405, **BY_COORDINATOR),
]

SIGN_IN = "Sign-in and accounts"
LOGIN = "/accounts/login/"
WRONG = "The email address and/or password you specified are not correct."
TOO_MANY = "Too many failed login attempts. Try again later."
SIGNED_IN = tables("accounts.User")  # last_login
CASES += [
    post("login-wrong-password-forged-forwarded-for", SIGN_IN,
        "a wrong password, with a forged X-Forwarded-For", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": "guess"},
        headers={"X-Forwarded-For": "127.0.0.1"}, status=200, names="__all__"),
    post("login-failures-forged-forwarded-for", SIGN_IN,
        "eleven wrong passwords to eleven accounts, each with another forged X-Forwarded-For",
        LOGIN, {"login": "someone{n}@example.org", "password": "guess"},
        headers={"X-Forwarded-For": "203.0.113.{n}"}, times=11, first_status=200, status=200,
        names="__all__", says=TOO_MANY),
    post("login-email-nul", SIGN_IN, "a NUL in the email address", LOGIN,
        {"login": "coordinator.metro-boston@example.org\x00", "password": "peerhub-test"},
        names="login"),
    post("login-email-huge", SIGN_IN, "a 100 KB email address", LOGIN,
        {"login": BIG + "@example.org", "password": "guess"}, status=200, names="login"),
    post("login-password-huge", SIGN_IN, "a 100 KB password", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": BIG}, status=200,
        names="__all__"),
    post("login-next-other-site", SIGN_IN, "a next that leads to another site", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": "peerhub-test",
         "next": "https://evil.example/"}, status=302, location="/manage/", changes=SIGNED_IN),
    post("login-next-protocol-relative", SIGN_IN, "a next of //evil.example", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": "peerhub-test",
         "next": "//evil.example/manage/"}, status=302, location="/manage/", changes=SIGNED_IN),
    post("login-next-javascript", SIGN_IN, "a next of javascript:", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": "peerhub-test",
         "next": "javascript:alert(1)"}, status=302, location="/manage/", changes=SIGNED_IN),
    post("login-next-forwarded-host", SIGN_IN,
        "a next to another site, with X-Forwarded-Host naming that site", LOGIN,
        {"login": "coordinator.metro-boston@example.org", "password": "peerhub-test",
         "next": "https://evil.example/manage/"},
        headers={"X-Forwarded-Host": "evil.example"}, status=302, location="/manage/",
        changes=SIGNED_IN),
    post("signup-closed", SIGN_IN, "signing oneself up", "/accounts/signup/",
        {"email": "me@example.org", "password1": "a-long-password-1", "password2":
         "a-long-password-1"}, status=200),
    post("password-reset-email-crlf", SIGN_IN, "a line break and a header in the email address",
        "/accounts/password/reset/", {"email": "a@example.org\r\nBcc: b@evil.example"},
        status=200, names="email"),
    post("password-reset-email-huge", SIGN_IN, "a 100 KB email address",
        "/accounts/password/reset/", {"email": BIG + "@example.org"}, status=200, names="email"),
    post("password-reset-unknown-address", SIGN_IN, "an address with no account (no email sent)",
        "/accounts/password/reset/", {"email": "nobody@example.org"}, status=302,
        location="/accounts/password/reset/done/"),
    get("password-reset-key-garbage", SIGN_IN, "a reset link that is not one",
        "/accounts/password/reset/key/zz-garbage/", status=200),
    post("logout-next-other-site", SIGN_IN, "signing out with a next to another site",
        "/accounts/logout/", {"next": "https://evil.example/"}, who="coordinator", status=302,
        location="/"),
    get("host-forged", SIGN_IN, "a Host header of another site", LOGIN,
        headers={"Host": "evil.example"}, status=400),
]

LISTS = "Console: dashboard and lists"
GROUPS = "Console: groups"
NEW = "/manage/groups/new/"
EDIT = "/manage/groups/{group}/"
C = {"who": "coordinator"}
CASES += [
    get("dashboard-query-nul", LISTS, "a NUL in a query of the dashboard", "/manage/",
        {"week": NUL}, names="week", **C),
    get("dashboard-query-ignored", LISTS, "a query the dashboard does not read", "/manage/",
        {"week": "2026-02-30"}, status=200, **C),
    get("group-list-status-unknown", LISTS, "a status filter that does not exist",
        "/manage/groups/", {"status": "deleted"}, status=200, **C),
    get("group-list-q-huge", LISTS, "100 KB of search words", "/manage/groups/", {"q": BIG},
        names="q", **C),
    get("group-list-q-161", LISTS, "search words longer than any name (161 characters)",
        "/manage/groups/", {"q": "q" * 161}, names="q", **C),
    get("group-list-q-160", LISTS, "search words as long as the longest name", "/manage/groups/",
        {"q": "q" * 160}, status=200, **C),
    get("group-list-q-wildcards", LISTS, "search words of % and _", "/manage/groups/",
        {"q": "%_%"}, status=200, **C),
    get("group-list-q-escape", LISTS, "a terminal escape in the search words",
        "/manage/groups/", {"q": "\x1b[2J"}, names="q", **C),
    get("venue-list-query-ignored", LISTS, "a query the venue list does not read",
        "/manage/venues/", {"page": "last"}, status=200, **C),
    get("people-query-c1", LISTS, "a C1 control in a query of the people page",
        "/manage/people/", {"q": "a\x9bb"}, names="q", **C),
    post("group-title-empty", GROUPS, "no name", NEW, group_form(title=""), status=FORM_AGAIN,
        names="title", **C),
    post("group-title-161", GROUPS, "a name of 161 characters", NEW, group_form(title="T" * 161),
        status=FORM_AGAIN, names="title", **C),
    post("group-title-huge", GROUPS, "a 100 KB name", NEW, group_form(title=BIG),
        status=FORM_AGAIN, names="title", **C),
    post("group-title-nul", GROUPS, "a NUL in the name", NEW, group_form(title=NUL),
        names="title", **C),
    post("group-title-crlf", GROUPS, "line breaks and calendar lines in the name", NEW,
        group_form(title=CRLF_FEED), status=302,
        location="/manage/groups/morning-walk-endvevent-beginvevent-summaryinjected/",
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"venue__slug": "metro-boston-library", "title__startswith":
                   "Morning"}, "title",
                   "Morning walk END:VEVENT BEGIN:VEVENT SUMMARY:Injected"),
            Shows("anonymous",
                  "/groups/morning-walk-endvevent-beginvevent-summaryinjected/calendar.ics",
                  "SUMMARY:Morning walk END:VEVENT BEGIN:VEVENT SUMMARY:Injected",
                  absent="\r\nSUMMARY:Injected"),
        )),
    post("group-title-emoji", GROUPS, "a name with emoji", NEW, group_form(title=EMOJI),
        status=302, location="/manage/groups/rainbow-circle/", changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "rainbow-circle"}, "title", EMOJI),
            Shows("anonymous", "/groups/rainbow-circle/calendar.ics", f"SUMMARY:{EMOJI}"),
        )),
    post("group-title-arabic", GROUPS,
        "a name in Arabic (right to left; the address falls back to 'group')", NEW,
        group_form(title=ARABIC), status=302, location="/manage/groups/group/",
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"venue__slug": "metro-boston-library", "kind": "self_help",
                   "start_date": "2026-03-05"}, "title", ARABIC),
            Shows("anonymous", "/calendar/?date=2026-03-05", ARABIC),
        )),
    post("group-title-mixed-direction", GROUPS, "a name in Hebrew and English", NEW,
        group_form(title=HEBREW_MIX), status=302, location="/manage/groups/peer-support/",
        changes=GROUP_SAVED, **C,
        checks=(Stored("groups.Group", {"slug": "peer-support"}, "title", HEBREW_MIX),)),
    post("group-title-markup", GROUPS, "markup in the name", NEW, group_form(title=SCRIPT),
        status=302, location="/manage/groups/scriptalert1script/", changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "scriptalert1script"}, "title", SCRIPT),
            Shows("anonymous", "/groups/scriptalert1script/",
                  "&lt;script&gt;alert(1)&lt;/script&gt;", absent=SCRIPT),
        )),
    post("group-title-formula", GROUPS, "a name that a spreadsheet reads as a formula", NEW,
        group_form(title="=1+2"), status=302, location="/manage/groups/12/",
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "12"}, "title", "=1+2"),
            Shows("coordinator", "/manage/reports.csv?month=2026-03", ",'=1+2,"),
        )),
    post("group-title-formula-at", GROUPS, "a name starting with @", NEW,
        group_form(title="@SUM(A1)"), status=302, changes=GROUP_SAVED, **C,
        checks=(Shows("coordinator", "/manage/reports.csv?month=2026-03", ",'@SUM(A1),"),)),
    post("group-description-huge", GROUPS, "a 100 KB description", NEW,
        group_form(description=BIG), status=302, location="/manage/groups/thursday-wrap/",
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "thursday-wrap"}, "description", BIG),
            Shows("anonymous", "/groups/thursday-wrap/calendar.ics", f"DESCRIPTION:{BIG}"),
        )),
    post("group-description-calendar-lines", GROUPS,
        "calendar lines in the description (several lines are fine)", NEW,
        group_form(description="Bring a friend.\r\nEND:VEVENT\r\nX-INJECTED:1"), status=302,
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "thursday-wrap"}, "description",
                   "Bring a friend.\r\nEND:VEVENT\r\nX-INJECTED:1"),
            Shows("anonymous", "/groups/thursday-wrap/calendar.ics",
                  "Bring a friend.\\nEND:VEVENT\\nX-INJECTED:1", absent="\r\nX-INJECTED"),
        )),
    post("group-how-to-join-huge", GROUPS, "a 100 KB 'how to join'", NEW,
        group_form(how_to_join=BIG), status=302, changes=GROUP_SAVED, **C,
        checks=(Stored("groups.Group", {"slug": "thursday-wrap"}, "how_to_join", BIG),)),
    post("group-kind-unknown", GROUPS, "an unknown kind", NEW, group_form(kind="rave"),
        status=FORM_AGAIN, names="kind", **C),
    post("group-audience-unknown", GROUPS, "an unknown audience", NEW,
        group_form(audience="everybody"), status=FORM_AGAIN, names="audience", **C),
    post("group-hospital-public", GROUPS, "a hospital's patients' group made public", NEW,
        group_form(audience="hospital_patients"), status=FORM_AGAIN, names="is_public", **C),
    post("group-region-other", GROUPS, "the other region", NEW,
        group_form(region=W("west_region_id")), status=FORM_AGAIN, names="region", **C),
    post("group-region-garbage", GROUPS, "a region that is not an id", NEW,
        group_form(region="east"), status=FORM_AGAIN, names="region", **C),
    post("group-venue-other-region", GROUPS, "the other region's venue", NEW,
        group_form(venue=W("west_venue_id")), status=FORM_AGAIN, names="venue", **C),
    post("group-venue-unknown", GROUPS, "a venue id that does not exist", NEW,
        group_form(venue="999999"), status=FORM_AGAIN, names="venue", **C),
    post("group-start-time-25", GROUPS, "a start at 25:00", NEW, group_form(start_time="25:00"),
        status=FORM_AGAIN, names="start_time", **C),
    post("group-start-time-garbage", GROUPS, "a start time in words", NEW,
        group_form(start_time="evening"), status=FORM_AGAIN, names="start_time", **C),
    post("group-end-before-start", GROUPS, "an end before the start", NEW,
        group_form(end_time="17:00"), status=FORM_AGAIN, names="end_time", **C),
    post("group-end-equals-start", GROUPS, "an end equal to the start", NEW,
        group_form(end_time="18:00"), status=FORM_AGAIN, names="end_time", **C),
    post("group-pattern-unknown", GROUPS, "an unknown pattern (hourly)", NEW,
        group_form(pattern="hourly"), status=FORM_AGAIN, names="pattern", **C),
    post("group-weekday-7", GROUPS, "a weekday number 7", NEW, group_form(weekdays=["7"]),
        status=FORM_AGAIN, names="weekdays", **C),
    post("group-weekday-words", GROUPS, "a weekday in words", NEW,
        group_form(weekdays=["thursday"]), status=FORM_AGAIN, names="weekdays", **C),
    post("group-no-weekday", GROUPS, "a weekly pattern with no weekday", NEW,
        group_form(weekdays=None), status=FORM_AGAIN, names="weekdays", **C),
    post("group-week-of-month-6", GROUPS, "a sixth week of the month", NEW,
        group_form(pattern="monthly", weeks_of_month=["6"]), status=FORM_AGAIN,
        names="weeks_of_month", **C),
    post("group-first-date-30-february", GROUPS, "a first date that does not exist", NEW,
        group_form(first_date="2026-02-30"), status=FORM_AGAIN, names="first_date", **C),
    post("group-first-date-1999", GROUPS, "a first date before 2000", NEW,
        group_form(first_date="1999-12-30"), status=FORM_AGAIN, names="first_date", **C),
    post("group-first-date-2100", GROUPS, "a first date after 2099", NEW,
        group_form(first_date="2100-01-07"), status=FORM_AGAIN, names="first_date", **C),
    post("group-first-date-beyond-horizon", GROUPS, "a first date more than three years ahead",
        NEW, group_form(first_date="2030-01-03"), status=FORM_AGAIN, names="first_date", **C),
    post("group-first-date-compact", GROUPS, "a first date without dashes", NEW,
        group_form(first_date="20260305"), status=FORM_AGAIN, names="first_date", **C),
    post("group-end-date-before-first", GROUPS, "a last date before the first", NEW,
        group_form(end_date="2026-03-01"), status=FORM_AGAIN, names="end_date", **C),
    post("group-end-date-9999", GROUPS, "a last date in the year 9999", NEW,
        group_form(end_date="9999-12-31"), status=FORM_AGAIN, names="end_date", **C),
    post("group-dates-30-february", GROUPS, "a list of dates with 30 February", NEW,
        group_form(pattern="dates", dates="2026-03-05\n2026-02-30"), status=FORM_AGAIN,
        names="dates", **C),
    post("group-dates-2150", GROUPS, "a list of dates with one in 2150", NEW,
        group_form(pattern="dates", dates="2026-03-05, 2150-03-05"), status=FORM_AGAIN,
        names="dates", **C),
    post("group-dates-huge", GROUPS, "100 KB of words as dates", NEW,
        group_form(pattern="dates", dates=("soon " * 20_000)), status=FORM_AGAIN, names="dates",
        **C),
    post("group-language-unknown", GROUPS, "a language id that does not exist", NEW,
        group_form(languages=["999999"]), status=FORM_AGAIN, names="languages", **C),
    post("group-language-id-30-digits", GROUPS, "a language id of 30 digits", NEW,
        group_form(languages=["9" * 30]), status=FORM_AGAIN, names="languages", **C),
    post("group-access-id-30-digits", GROUPS, "an access feature id of 30 digits", NEW,
        group_form(access_features=["1", "9" * 30]), status=FORM_AGAIN,
        names="access_features", **C),
    post("group-access-garbage", GROUPS, "an access feature that is not an id", NEW,
        group_form(access_features=["ramp"]), status=FORM_AGAIN, names="access_features", **C),
    post("group-preview-first-date-2100", GROUPS, "a preview from a first date after 2099", NEW,
        group_form(first_date="2100-01-07", preview="1"), status=FORM_AGAIN,
        names="first_date", **C),
    post("group-preview-beyond-horizon", GROUPS, "a preview from beyond the planning horizon",
        NEW, group_form(first_date="2099-12-29", weekdays=["1"], preview="1"),
        status=FORM_AGAIN, names="first_date", **C),
    post("group-create-double-submit", GROUPS,
        "the same new group saved twice (the second clashes with the first: listed, not saved)",
        NEW, group_form(), times=2, first_status=302, status=400, names="confirm_clash",
        says="These sessions would clash", changes=GROUP_SAVED, **C,
        checks=(Count("groups.Group", {"title": "Thursday WRAP"}, 1),)),
    post("group-create-double-submit-confirmed", GROUPS,
        "the same new group saved twice, the clash confirmed (a second group, by design)", NEW,
        group_form(confirm_clash="on"), times=2, first_status=302, status=302,
        location="/manage/groups/thursday-wrap-2/", changes=GROUP_SAVED, again_changes=True,
        **C, checks=(Count("groups.Group", {"title": "Thursday WRAP"}, 2),)),
    post("group-create-without-csrf-token", GROUPS, "a form from another site (no CSRF token)",
        NEW, group_form(), csrf=True, status=403, **C),
    post("group-create-anonymous", GROUPS, "a new group from a visitor", NEW, group_form(),
        status=302, location="/accounts/login/?next=/manage/groups/new/"),
    post("group-create-facilitator", GROUPS, "a new group from a facilitator", NEW,
        group_form(), who="facilitator", status=403),
    post("group-edit-title-empty", GROUPS, "an edit with no name", EDIT, edit_form(title=""),
        status=FORM_AGAIN, names="title", **C),
    post("group-edit-end-date-2100", GROUPS, "an edit with a last date after 2099", EDIT,
        edit_form(end_date="2100-01-05"), status=FORM_AGAIN, names="end_date", **C),
    post("group-edit-version-stale", GROUPS, "an edit from a form older than the group", EDIT,
        edit_form(title="Renamed", version="0"), status=FORM_AGAIN, **C,
        checks=(Stored("groups.Group", {"slug": "{group}"}, "title",
                       "Metro Boston Hearing Voices"),)),
    post("group-edit-version-garbage", GROUPS, "an edit with a version that is not a number",
        EDIT, edit_form(title="Renamed", version="latest"), status=FORM_AGAIN, **C),
    post("group-edit-version-huge", GROUPS, "an edit with a version of 5,000 digits", EDIT,
        edit_form(title="Renamed", version="9" * 5000), status=FORM_AGAIN, **C),
    post("group-edit-title-crlf", GROUPS, "an edit with a line break in the name", EDIT,
        edit_form(title="Hearing\r\nVoices"), status=302, location="/manage/groups/{group}/",
        changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "{group}"}, "title", "Hearing Voices"),
            Shows("anonymous", "/groups/{group}/calendar.ics", "SUMMARY:Hearing Voices"),
        )),
    post("group-edit-unknown", GROUPS, "an edit of a group that does not exist",
        "/manage/groups/nowhere/", edit_form(), status=404, **C),
    post("group-edit-other-region", GROUPS, "an edit of the other region's group",
        "/manage/groups/{west_group}/", edit_form(), status=404, **C),
    post("group-status-unknown", GROUPS, "a status that does not exist",
        "/manage/groups/{group}/status/", {"status": "deleted"}, status=302,
        location="/manage/groups/{group}/", **C),
    post("group-status-missing", GROUPS, "no status", "/manage/groups/{group}/status/", {},
        status=302, location="/manage/groups/{group}/", **C),
    post("group-status-nul", GROUPS, "a NUL after the status", "/manage/groups/{group}/status/",
        {"status": "paused\x00"}, names="status", **C),
    get("group-status-get", GROUPS, "a GET of a button's address",
        "/manage/groups/{group}/status/", status=405, **C),
    post("group-confirm-next-other-site", GROUPS, "'still running' with a next to another site",
        "/manage/groups/{group}/confirm/", {"next": "https://evil.example/"}, status=302,
        location="/manage/", changes=tables("groups.Group", "groups.HistoricalGroup"), **C,
        checks=(Stored("groups.Group", {"slug": "{group}"}, "last_confirmed_on",
                       "2026-02-28"),)),
    post("group-confirm-next-a-word", GROUPS, "'still running' with a next that is no address",
        "/manage/groups/{group}/confirm/", {"next": "groups"}, status=302, location="/manage/",
        changes=tables("groups.Group", "groups.HistoricalGroup"), **C),
    post("group-confirm-next-a-view-name", GROUPS, "'still running' with a view's name as next",
        "/manage/groups/{group}/confirm/", {"next": "manage:venues"}, status=302,
        location="/manage/", changes=tables("groups.Group", "groups.HistoricalGroup"), **C),
    post("group-confirm-next-emoji", GROUPS, "'still running' with emoji as next",
        "/manage/groups/{group}/confirm/", {"next": EMOJI}, status=302, location="/manage/",
        changes=tables("groups.Group", "groups.HistoricalGroup"), **C),
    post("group-facilitator-unknown", GROUPS, "a facilitator id that does not exist",
        "/manage/groups/{group}/facilitators/", {"facilitator": "999999", "role": "co"},
        status=302, location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-other-region", GROUPS, "the other region's facilitator",
        "/manage/groups/{group}/facilitators/", {"facilitator": W("west_spare_id"), "role": "co"},
        status=302, location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-role-unknown", GROUPS, "a role that does not exist",
        "/manage/groups/{group}/facilitators/", {"facilitator": W("spare_id"), "role": "boss"},
        status=302, location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-already-on", GROUPS, "someone already on the group, in that role",
        "/manage/groups/{group}/facilitators/", {"facilitator": W("lead_id"), "role": "lead"},
        status=302, location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-add-double-submit", GROUPS, "the same facilitator added twice",
        "/manage/groups/{group}/facilitators/", {"facilitator": W("spare_id"), "role": "co"},
        times=2, first_status=302, status=302, location="/manage/groups/{group}/#people",
        changes=MEMBERS_CHANGED, emails=1, **C,
        checks=(Count("groups.GroupFacilitator", {"group__slug": "{group}"}, 2),)),
    post("group-facilitator-remove-unknown", GROUPS, "taking off a place that does not exist",
        "/manage/groups/{group}/facilitators/999999/remove/", status=302,
        location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-remove-other-group", GROUPS,
        "taking off a place on another group, through this group's address",
        "/manage/groups/{group}/facilitators/{private_membership}/remove/", status=404, **C),
    post("group-facilitator-remove-with-substitute", GROUPS,
        "taking off a facilitator who has a substitute booked",
        "/manage/groups/{group}/facilitators/{membership}/remove/", status=302,
        location="/manage/groups/{group}/#people", **C),
    post("group-facilitator-remove-double-submit", GROUPS, "the same removal sent twice",
        "/manage/groups/{private}/facilitators/{private_membership}/remove/", times=2,
        first_status=302, status=302, location="/manage/groups/{private}/#people",
        changes=MEMBERS_CHANGED, emails=1, **C,
        checks=(Count("groups.GroupFacilitator", {"group__slug": "{private}"}, 0),)),
    post("group-status-double-submit", GROUPS, "the same status button pressed twice",
        "/manage/groups/{group}/status/", {"status": "paused"}, times=2, first_status=302,
        status=302, location="/manage/groups/{group}/", changes=GROUP_SAVED, **C,
        checks=(
            Stored("groups.Group", {"slug": "{group}"}, "status", "paused"),
            Count("groups.HistoricalGroup", {"slug": "{group}", "status": "paused"}, 1),
        )),
    post("group-confirm-double-submit", GROUPS, "'still running' pressed twice",
        "/manage/groups/{group}/confirm/", times=2, first_status=302, status=302,
        location="/manage/", changes=tables("groups.Group", "groups.HistoricalGroup"), **C,
        checks=(Count("groups.HistoricalGroup", {"slug": "{group}",
                                                  "last_confirmed_on": "2026-02-28"}, 1),)),
]

SESSIONS = "Console: sessions"
CANCELLED_SAVED = CHANGE_SAVED
CANCEL_SUBJECT = "Cancelled: Metro Boston Hearing Voices, Tuesday 3 March"
CASES += [
    get("session-30-february", SESSIONS, "a session on 30 February",
        "/manage/groups/{group}/sessions/2026-02-30/", status=404, **C),
    get("session-not-a-meeting-day", SESSIONS, "a session on a day the group does not meet",
        "/manage/groups/{group}/sessions/2026-03-04/", status=404, **C),
    get("session-year-9999", SESSIONS, "a session in the year 9999",
        "/manage/groups/{group}/sessions/9999-12-28/", status=404, **C),
    get("session-garbage", SESSIONS, "a session date in words",
        "/manage/groups/{group}/sessions/next-tuesday/", status=404, **C),
    get("session-path-nul", SESSIONS, "a NUL in the session's date",
        "/manage/groups/{group}/sessions/2026-03-03%00/", names="path", **C),
    post("cancel-public-note-301", SESSIONS, "a public note of 301 characters",
        SESSION + "cancel/", {"public_note": "n" * 301}, status=CONSOLE_400,
        names="public_note", **C),
    post("cancel-public-note-huge", SESSIONS, "a 100 KB public note", SESSION + "cancel/",
        {"public_note": BIG}, status=CONSOLE_400, names="public_note", **C),
    post("cancel-reason-nul", SESSIONS, "a NUL in the reason", SESSION + "cancel/",
        {"reason": NUL}, names="reason", **C),
    post("cancel-not-a-meeting-day", SESSIONS, "cancelling a day the group does not meet",
        "/manage/groups/{group}/sessions/2026-03-04/cancel/", status=404, **C),
    post("cancel-beyond-horizon", SESSIONS, "cancelling a session beyond the planning horizon",
        "/manage/groups/{group}/sessions/{far}/cancel/", {"reason": "Far"},
        status=CONSOLE_400, names="__all__", **C),
    post("cancel-other-region", SESSIONS, "cancelling the other region's session",
        "/manage/groups/{west_group}/sessions/{day}/cancel/", status=404, **C),
    post("cancel-public-note-crlf", SESSIONS, "a line break and a header in the public note",
        SESSION + "cancel/", {"public_note": CRLF_MAIL, "reason": "Snow.\r\nStay safe."},
        status=302, location=SESSION, changes=CANCELLED_SAVED, emails=1, **C,
        checks=(
            Stored("groups.SessionChange", {"original_date": "{day}"}, "public_note",
                   "Closed today Bcc: someone@evil.example"),
            Stored("groups.SessionChange", {"original_date": "{day}"}, "private_note",
                   "Snow.\r\nStay safe."),
            Mailed((CANCEL_SUBJECT,),
                   body_has="Note for everyone: Closed today Bcc: someone@evil.example"),
        )),
    post("cancel-reason-huge", SESSIONS, "a 100 KB reason (kept: it has no limit)",
        SESSION + "cancel/", {"reason": BIG}, status=302, changes=CANCELLED_SAVED, emails=1, **C,
        checks=(Stored("groups.SessionChange", {"original_date": "{day}"}, "private_note", BIG),)),
    post("cancel-public-note-emoji-and-arabic", SESSIONS, "emoji and Arabic in the public note",
        SESSION + "cancel/", {"public_note": f"❄️ {ARABIC}"}, status=302,
        changes=CANCELLED_SAVED, emails=1, **C,
        checks=(
            Stored("groups.SessionChange", {"original_date": "{day}"}, "public_note",
                   f"❄️ {ARABIC}"),
            Shows("anonymous", "/groups/{group}/", f"❄️ {ARABIC}"),
        )),
    post("cancel-double-submit", SESSIONS, "the same cancellation sent twice",
        SESSION + "cancel/", {"reason": "Ill"}, times=2, first_status=302, status=302,
        location=SESSION, changes=CANCELLED_SAVED, emails=1, **C,
        checks=(Count("groups.HistoricalSessionChange", {"original_date": "{day}"}, 1),)),
    post("cancel-without-csrf-token", SESSIONS, "a form from another site (no CSRF token)",
        SESSION + "cancel/", {"reason": "x"}, csrf=True, status=403, **C),
    post("cancel-anonymous", SESSIONS, "a cancellation from a visitor", SESSION + "cancel/",
        {"reason": "x"}, status=302,
        location="/accounts/login/?next=/manage/groups/{group}/sessions/{day}/cancel/"),
    get("cancel-get", SESSIONS, "a GET of the cancel button's address", SESSION + "cancel/",
        status=405, **C),
    post("move-nothing", SESSIONS, "a move with nothing new", SESSION + "move/", {},
        status=CONSOLE_400, names="__all__", **C),
    post("move-date-30-february", SESSIONS, "a move to 30 February", SESSION + "move/",
        {"new_date": "2026-02-30"}, status=CONSOLE_400, names="new_date", **C),
    post("move-date-2100", SESSIONS, "a move to 2100", SESSION + "move/",
        {"new_date": "2100-03-03"}, status=CONSOLE_400, names="new_date", **C),
    post("move-date-two-years", SESSIONS, "a move more than a year away", SESSION + "move/",
        {"new_date": "2028-03-02"}, status=CONSOLE_400, names="new_date", **C),
    post("move-onto-a-meeting-day", SESSIONS, "a move onto the group's next session",
        SESSION + "move/", {"new_date": "{asked}"}, status=CONSOLE_400, names="new_date", **C),
    post("move-start-25", SESSIONS, "a move to 25:00", SESSION + "move/",
        {"new_start_time": "25:00"}, status=CONSOLE_400, names="new_start_time", **C),
    post("move-end-before-start", SESSIONS, "a move that ends before it starts",
        SESSION + "move/", {"new_start_time": "19:00", "new_end_time": "18:30"},
        status=CONSOLE_400, names="new_end_time", **C),
    post("move-same-time", SESSIONS, "a move to the time it has", SESSION + "move/",
        {"new_start_time": "18:00", "new_end_time": "19:30"}, status=CONSOLE_400,
        names="new_date", **C),
    post("move-venue-other-region", SESSIONS, "a move to the other region's venue",
        SESSION + "move/", {"new_venue": W("west_venue_id")}, status=CONSOLE_400,
        names="new_venue", **C),
    post("move-venue-garbage", SESSIONS, "a venue that is not an id", SESSION + "move/",
        {"new_venue": "library"}, status=CONSOLE_400, names="new_venue", **C),
    post("move-public-note-huge", SESSIONS, "a 100 KB public note", SESSION + "move/",
        {"new_start_time": "19:00", "public_note": BIG}, status=CONSOLE_400,
        names="public_note", **C),
    post("move-public-note-crlf", SESSIONS, "calendar lines in a move's public note",
        SESSION + "move/",
        {"new_start_time": "19:00", "new_end_time": "20:30",
         "public_note": "Upstairs\r\nX-INJECTED:1"},
        status=302, location=SESSION, changes=CHANGE_SAVED, emails=1, **C,
        checks=(
            Stored("groups.SessionChange", {"original_date": "{day}"}, "public_note",
                   "Upstairs X-INJECTED:1"),
            Shows("anonymous", "/groups/{group}/calendar.ics", "Upstairs X-INJECTED:1",
                  absent="\r\nX-INJECTED"),
            Shows("anonymous", "/regions/{region}/changes.atom", "Upstairs X-INJECTED:1.",
                  absent="\r\nX-INJECTED"),
        )),
    post("move-double-submit", SESSIONS, "the same move sent twice", SESSION + "move/",
        {"new_start_time": "19:00", "new_end_time": "20:30"}, times=2, first_status=302,
        status=302, location=SESSION, changes=CHANGE_SAVED, emails=1, **C,
        checks=(Count("groups.HistoricalSessionChange", {"original_date": "{day}"}, 1),)),
    post("move-cancelled-session", SESSIONS, "a move of a cancelled session",
        "/manage/groups/{group}/sessions/{cancelled}/move/", {"new_start_time": "19:00"},
        status=CONSOLE_400, says="is cancelled, so it cannot be moved", **C),
    post("substitute-cancelled-session", SESSIONS, "a substitute for a cancelled session",
        "/manage/groups/{group}/sessions/{cancelled}/substitute/", {"substitute": W("spare_id")},
        status=CONSOLE_400, says="is cancelled, so nobody needs to cover it", **C),
    post("undo-nothing-to-undo", SESSIONS, "undoing a session that was never changed",
        SESSION + "undo/", status=302, location=SESSION, **C),
    post("undo-double-submit", SESSIONS, "the same undo sent twice",
        "/manage/groups/{group}/sessions/{cancelled}/undo/", times=2, first_status=302,
        status=302, location="/manage/groups/{group}/sessions/{cancelled}/",
        changes=CHANGE_SAVED, emails=1, **C,
        checks=(
            Count("groups.SessionChange", {"original_date": "{cancelled}"}, 0),
            Count("groups.HistoricalSessionChange",
                  {"original_date": "{cancelled}", "history_type": "-"}, 1),
        )),
    post("substitute-missing", SESSIONS, "no substitute", SESSION + "substitute/", {},
        status=CONSOLE_400, names="substitute", **C),
    post("substitute-regular", SESSIONS, "the group's own lead as substitute",
        SESSION + "substitute/", {"substitute": W("lead_id")}, status=CONSOLE_400,
        names="substitute", **C),
    post("substitute-other-region", SESSIONS, "the other region's facilitator",
        SESSION + "substitute/", {"substitute": W("west_spare_id")}, status=CONSOLE_400,
        names="substitute", **C),
    post("substitute-unknown", SESSIONS, "a facilitator id that does not exist",
        SESSION + "substitute/", {"substitute": "999999"}, status=CONSOLE_400,
        names="substitute", **C),
    post("substitute-replaces-not-regular", SESSIONS, "in place of someone not on the group",
        SESSION + "substitute/", {"substitute": W("spare_id"), "replaces": W("spare_id")},
        status=CONSOLE_400, names="replaces", **C),
    post("substitute-double-submit", SESSIONS, "the same substitute sent twice",
        SESSION + "substitute/", {"substitute": W("spare_id")}, times=2, first_status=302,
        status=302, location=SESSION,
        changes=tables("groups.SessionSubstitute", "groups.HistoricalSessionSubstitute",
                       "groups.Group", "groups.FeedVersion"),
        emails=1, **C,
        checks=(Count("groups.SessionSubstitute", {"original_date": "{day}"}, 1),)),
    post("substitute-remove-unknown", SESSIONS, "removing a substitute that does not exist",
        SESSION + "substitute/999999/remove/", status=302, location=SESSION, **C),
    post("substitute-remove-double-submit", SESSIONS, "the same removal sent twice",
        "/manage/groups/{group}/sessions/{covered}/substitute/{cover}/remove/", times=2,
        first_status=302, status=302, location="/manage/groups/{group}/sessions/{covered}/",
        changes=tables("groups.SessionSubstitute", "groups.HistoricalSessionSubstitute",
                       "groups.Group", "groups.FeedVersion"),
        emails=2, **C,
        checks=(Count("groups.SessionSubstitute", {}, 0),)),
]

SNOW = "Console: snow day"
SD = "/manage/snow-day/"
CASES += [
    get("snow-day-get-garbage", SNOW, "a region and a day that cannot be read", SD,
        {"region": "east", "day": "tomorrow"}, status=FORM_AGAIN, names="day", **C),
    post("snow-day-30-february", SNOW, "30 February", SD,
        {"region": W("region_id"), "day": "2026-02-30", "confirm": "yes"}, status=FORM_AGAIN,
        names="day", **C),
    post("snow-day-2100", SNOW, "a day in 2100", SD,
        {"region": W("region_id"), "day": "2100-01-05", "confirm": "yes"}, status=FORM_AGAIN,
        names="day", **C),
    post("snow-day-other-region", SNOW, "the other region", SD,
        {"region": W("west_region_id"), "day": "{day}", "confirm": "yes"}, status=FORM_AGAIN,
        names="region", **C),
    post("snow-day-public-note-301", SNOW, "a public note of 301 characters", SD,
        {"region": W("region_id"), "day": "{day}", "public_note": "n" * 301, "confirm": "yes"},
        status=FORM_AGAIN, names="public_note", **C),
    post("snow-day-beyond-horizon", SNOW, "a day beyond the planning horizon, confirmed", SD,
        {"region": W("region_id"), "day": "{far}", "confirm": "yes"}, status=FORM_AGAIN,
        names="day", says="more than three years away", **C),
    post("snow-day-keep-unknown", SNOW, "keeping a session that is not on the day's list", SD,
        {"region": W("region_id"), "day": "{day}", "keep": "x", "shown": "", "confirm": "yes"},
        status=400, names="keep", says="Choose among the sessions of the day", **C),
    post("snow-day-keep-changed", SNOW, "ticks changed since the list was shown, confirmed", SD,
        {"region": W("region_id"), "day": "{day}", "keep": W("group_id"), "shown": "",
         "confirm": "yes"},
        status=400, says="You changed which sessions keep running", **C),
    post("snow-day-double-submit", SNOW, "the same snow day confirmed twice", SD,
        {"region": W("region_id"), "day": "{day}", "reason": "Snow", "confirm": "yes"},
        times=2, first_status=302, status=302,
        location="/manage/snow-day/?region={region_id}&day={day}",
        changes=CHANGE_SAVED, emails=2, **C,
        checks=(Count("groups.HistoricalSessionChange", {"original_date": "{day}"}, 2),)),
]

VENUES = "Console: venues"
NV = "/manage/venues/new/"
CASES += [
    post("venue-name-empty", VENUES, "no name", NV, venue_form(name=""), status=FORM_AGAIN,
        names="name", **C),
    post("venue-name-huge", VENUES, "a 100 KB name", NV, venue_form(name=BIG),
        status=FORM_AGAIN, names="name", **C),
    post("venue-kind-unknown", VENUES, "an unknown kind", NV, venue_form(kind="castle"),
        status=FORM_AGAIN, names="kind", **C),
    post("venue-town-missing", VENUES, "no town", NV, venue_form(town=""), status=FORM_AGAIN,
        names="town", **C),
    post("venue-online-without-details", VENUES, "an online venue with no joining details", NV,
        venue_form(kind="online", town=""), status=FORM_AGAIN, names="join_details", **C),
    post("venue-latitude-91", VENUES, "a latitude of 91", NV,
        venue_form(latitude="91", longitude="0"), status=FORM_AGAIN, names="latitude", **C),
    post("venue-latitude-nan", VENUES, "a latitude of NaN", NV,
        venue_form(latitude="NaN", longitude="0"), status=FORM_AGAIN, names="latitude", **C),
    post("venue-longitude-infinity", VENUES, "a longitude of Infinity", NV,
        venue_form(latitude="42", longitude="Infinity"), status=FORM_AGAIN, names="longitude",
        **C),
    post("venue-latitude-1e400", VENUES, "a latitude of 1e400", NV,
        venue_form(latitude="1e400", longitude="0"), status=FORM_AGAIN, names="latitude", **C),
    post("venue-latitude-alone", VENUES, "a latitude without a longitude", NV,
        venue_form(latitude="42.25"), status=FORM_AGAIN, names="longitude", **C),
    post("venue-region-other", VENUES, "the other region", NV,
        venue_form(region=W("west_region_id")), status=FORM_AGAIN, names="region", **C),
    post("venue-address-crlf", VENUES, "a line break in the address", NV,
        venue_form(address="40 Washington Street\r\nSecond floor"), status=302,
        location="/manage/venues/quincy-library/", changes=VENUE_SAVED, **C,
        checks=(Stored("regions.Venue", {"slug": "quincy-library"}, "address",
                       "40 Washington Street Second floor"),)),
    post("venue-accessibility-notes-huge", VENUES, "100 KB of accessibility notes", NV,
        venue_form(accessibility_notes=BIG), status=302, changes=VENUE_SAVED, **C,
        checks=(Stored("regions.Venue", {"slug": "quincy-library"}, "accessibility_notes",
                       BIG),)),
    post("venue-name-emoji", VENUES, "a name with emoji", NV,
        venue_form(name="📚 Quincy Library"), status=302,
        location="/manage/venues/quincy-library/", changes=VENUE_SAVED, **C,
        checks=(Stored("regions.Venue", {"slug": "quincy-library"}, "name",
                       "📚 Quincy Library"),)),
    post("venue-edit-unknown", VENUES, "an edit of a venue that does not exist",
        "/manage/venues/nowhere/", venue_form(), status=404, **C),
]

PEOPLE = "Console: people"
INV = "/manage/people/invite/"
CASES += [
    post("invite-email-invalid", PEOPLE, "an email address that is not one", INV,
        invite_form(email="maria"), status=FORM_AGAIN, names="email", **C),
    post("invite-email-header-injection", PEOPLE, "a line break and a Bcc in the email address",
        INV, invite_form(email="maria@example.org\r\nBcc: all@evil.example"), status=FORM_AGAIN,
        names="email", **C),
    post("invite-email-huge", PEOPLE, "a 100 KB email address", INV,
        invite_form(email=BIG + "@example.org"), status=FORM_AGAIN, names="email", **C),
    post("invite-two-first-names", PEOPLE, "a first name and a last name as the first name", INV,
        invite_form(first_name="Maria Surname"), status=FORM_AGAIN, names="first_name", **C),
    post("invite-first-name-emoji", PEOPLE, "an emoji as the first name", INV,
        invite_form(first_name="🌈"), status=FORM_AGAIN, names="first_name", **C),
    post("invite-first-name-bidi-override", PEOPLE, "a right-to-left override in the first name",
        INV, invite_form(first_name="Ma\u202eria"), status=FORM_AGAIN, names="first_name", **C),
    post("invite-first-name-huge", PEOPLE, "a 100 KB first name", INV,
        invite_form(first_name=BIG), status=FORM_AGAIN, names="first_name", **C),
    post("invite-initial-two-letters", PEOPLE, "an initial of two letters", INV,
        invite_form(last_initial="SM"), status=FORM_AGAIN, names="last_initial", **C),
    post("invite-initial-digit", PEOPLE, "a digit as the initial", INV,
        invite_form(last_initial="7"), status=FORM_AGAIN, names="last_initial", **C),
    post("invite-role-unknown", PEOPLE, "an unknown role", INV, invite_form(role="admin"),
        status=FORM_AGAIN, names="role", **C),
    post("invite-region-other", PEOPLE, "the other region", INV,
        invite_form(region=W("west_region_id")), status=FORM_AGAIN, names="region", **C),
    post("invite-arabic-name", PEOPLE, "a first name and initial in Arabic", INV,
        invite_form(first_name="محمد", last_initial="ع"), status=302,
        location="/manage/people/",
        changes=tables("accounts.User", "facilitators.FacilitatorInvitation",
                       "account.EmailAddress"),
        emails=1, **C,
        checks=(Stored("facilitators.FacilitatorInvitation", {"user__email":
                       "newface@example.org"}, "display_name", "محمد ع."),)),
]

APPLICATIONS = "Console: applications and feedback"
CASES += [
    get("applications-status-unknown", APPLICATIONS, "a status filter that does not exist",
        "/manage/applications/", {"status": "hired"}, status=200, **C),
    get("applications-page-garbage", APPLICATIONS, "a page that is not a number",
        "/manage/applications/", {"page": "last-but-one"}, status=200, **C),
    get("applications-page-huge", APPLICATIONS, "a page of 10^30", "/manage/applications/",
        {"page": "1" + "0" * 30}, status=200, **C),
    get("application-unknown", APPLICATIONS, "an application that does not exist",
        "/manage/applications/999999/", status=404, **C),
    get("application-id-huge", APPLICATIONS, "an application id of 30 digits",
        "/manage/applications/" + "9" * 30 + "/", status=404, **C),
    get("application-other-region", APPLICATIONS, "the other region's application",
        "/manage/applications/{west_application}/", status=404, **C),
    post("application-status-invited-by-hand", APPLICATIONS, "marking it invited by hand",
        "/manage/applications/{application}/status/", {"status": "invited"}, status=302,
        location="/manage/applications/{application}/", **C),
    post("application-status-unknown", APPLICATIONS, "a status that does not exist",
        "/manage/applications/{application}/status/", {"status": "hired"}, status=302,
        location="/manage/applications/{application}/", **C),
    post("application-status-double-submit", APPLICATIONS, "marked contacted twice",
        "/manage/applications/{application}/status/", {"status": "contacted"}, times=2,
        first_status=302, status=302, location="/manage/applications/{application}/",
        changes=APPLIED, **C,
        checks=(Stored("facilitators.FacilitatorApplication", {"pk": "{application}"}, "status",
                       "contacted"),)),
    post("application-invite-emoji-name", APPLICATIONS,
        "inviting an applicant whose first name is an emoji (no public name can be made)",
        "/manage/applications/{emoji_application}/invite/", status=302,
        location="/manage/applications/{emoji_application}/", **C),
    post("application-invite-double-submit", APPLICATIONS, "the same invitation sent twice",
        "/manage/applications/{application}/invite/", times=2, first_status=302, status=302,
        location="/manage/applications/{application}/",
        changes=APPLIED | tables("accounts.User", "facilitators.FacilitatorInvitation",
                                 "account.EmailAddress"),
        emails=1, **C,
        checks=(Count("facilitators.FacilitatorInvitation", {"user__email": "rosa@example.org"},
                      1),)),
    get("feedback-list-group-unknown", APPLICATIONS, "feedback of a group that does not exist",
        "/manage/feedback/", {"group": "nowhere"}, status=404, **C),
    get("feedback-list-group-other-region", APPLICATIONS, "feedback of the other region's group",
        "/manage/feedback/", {"group": "{west_group}"}, status=404, **C),
    get("feedback-list-page-garbage", APPLICATIONS, "a page that is not a number",
        "/manage/feedback/", {"page": "-1"}, status=200, **C),
    get("feedback-list-show-unknown", APPLICATIONS, "a show filter that does not exist",
        "/manage/feedback/", {"show": "everything-ever"}, status=200, **C),
    post("feedback-handled-unknown", APPLICATIONS,
        "marking feedback that does not exist as handled", "/manage/feedback/999999/handled/",
        status=404, **C),
    post("feedback-handled-id-huge", APPLICATIONS, "a feedback id of 30 digits",
        "/manage/feedback/" + "9" * 30 + "/handled/", status=404, **C),
    get("feedback-handled-get", APPLICATIONS, "marking as handled with a GET (a link)",
        "/manage/feedback/999999/handled/", status=405, **C),
    post("feedback-handled-without-csrf-token", APPLICATIONS,
        "marking as handled from another site (no CSRF token)",
        "/manage/feedback/999999/handled/", csrf=True, status=403, **C),
]

REPORTS = "Console: reports"
RP = "/manage/reports/"
CSV = "/manage/reports.csv"
CASES += [
    get("report-month-13", REPORTS, "month 13", RP, {"month": "2026-13"}, names="month", **C),
    get("report-month-00", REPORTS, "month 0", RP, {"month": "2026-00"}, names="month", **C),
    get("report-month-1999", REPORTS, "a month in 1999", RP, {"month": "1999-12"},
        names="month", **C),
    get("report-month-2100", REPORTS, "a month in 2100", RP, {"month": "2100-01"},
        names="month", **C),
    get("report-month-words", REPORTS, "a month in words", RP, {"month": "March"},
        names="month", **C),
    get("report-month-huge", REPORTS, "a 100 KB month", RP, {"month": BIG}, names="month", **C),
    get("report-region-garbage", REPORTS, "a region that is not a number", RP,
        {"region": "east"}, names="region", **C),
    get("report-region-arabic-digit", REPORTS, "a region in Arabic-Indic digits", RP,
        {"region": "١"}, names="region", **C),
    get("report-region-30-digits", REPORTS, "a region of 30 digits", RP,
        {"region": "9" * 30}, names="region", **C),
    get("report-region-other", REPORTS, "the other region", RP, {"region": "{west_region_id}"},
        status=404, **C),
    get("report-region-unknown", REPORTS, "a region id that does not exist", RP,
        {"region": "999999"}, status=404, **C),
    get("report-csv-month-13", REPORTS, "month 13, as CSV", CSV, {"month": "2026-13"},
        names="month", **C),
    get("report-csv-region-garbage", REPORTS, "a region that is not a number, as CSV", CSV,
        {"region": "east"}, names="region", **C),
    get("report-csv-region-other", REPORTS, "the other region, as CSV", CSV,
        {"region": "{west_region_id}"}, status=404, **C),
    get("report-csv-month-nul", REPORTS, "a NUL in the month, as CSV", CSV,
        {"month": "2026-02\x00"}, names="month", **C),
    get("report-facilitator", REPORTS, "a facilitator asks for the report", RP,
        who="facilitator", status=403),
]

ME = "Facilitator pages (/me/)"
RECORD = "/me/sessions/{group}/{past}/record/"
F = {"who": "facilitator"}
CASES += [
    get("me-query-nul", ME, "a NUL in a query of the page", "/me/", {"tab": NUL}, names="tab",
        **F),
    get("record-30-february", ME, "recording 30 February",
        "/me/sessions/{group}/2026-02-30/record/", status=404, **F),
    get("record-not-a-meeting-day", ME, "recording a day the group does not meet",
        "/me/sessions/{group}/2026-02-25/record/", status=404, **F),
    get("record-other-region", ME, "recording the other region's session",
        "/me/sessions/{west_group}/{past}/record/", status=404, **F),
    get("record-not-theirs", ME, "recording a session of a group they do not run",
        "/me/sessions/{private}/{past}/record/", status=404, **F),
    post("record-future", ME, "recording a session that has not happened",
        "/me/sessions/{group}/{day}/record/", {"held": "yes", "attendance": "5"}, status=400,
        **F),
    post("record-held-unknown", ME, "held: maybe", RECORD, {"held": "maybe"}, names="held",
        **F),
    post("record-attendance-negative", ME, "attendance of -1", RECORD,
        {"held": "yes", "attendance": "-1"}, names="attendance", **F),
    post("record-attendance-501", ME, "attendance of 501", RECORD,
        {"held": "yes", "attendance": "501"}, names="attendance", **F),
    post("record-attendance-words", ME, "attendance in words", RECORD,
        {"held": "yes", "attendance": "a dozen"}, names="attendance", **F),
    post("record-attendance-exponent", ME, "attendance of 1e3", RECORD,
        {"held": "yes", "attendance": "1e3"}, names="attendance", **F),
    post("record-attendance-huge", ME, "attendance of 10^40", RECORD,
        {"held": "yes", "attendance": "1" + "0" * 40}, names="attendance", **F),
    post("record-held-without-attendance", ME, "held, with no attendance", RECORD,
        {"held": "yes"}, names="attendance", **F),
    post("record-not-held-without-reason", ME, "not held, with no reason", RECORD,
        {"held": "no"}, names="not_held_reason", **F),
    post("record-not-held-with-attendance", ME, "not held, with 5 attending", RECORD,
        {"held": "no", "not_held_reason": "Closed", "attendance": "5"}, names="attendance", **F),
    post("record-note-2001", ME, "a note of 2,001 characters", RECORD,
        {"held": "yes", "attendance": "5", "note": "n" * 2001}, names="note", **F),
    post("record-note-huge", ME, "a 100 KB note", RECORD,
        {"held": "yes", "attendance": "5", "note": BIG}, names="note", **F),
    post("record-reason-301", ME, "a reason of 301 characters", RECORD,
        {"held": "no", "not_held_reason": "r" * 301}, names="not_held_reason", **F),
    post("record-note-nul", ME, "a NUL in the note", RECORD,
        {"held": "yes", "attendance": "5", "note": NUL}, names="note", **F),
    post("record-note-formula", ME, "a note a spreadsheet reads as a formula", RECORD,
        {"held": "yes", "attendance": "7", "note": "=HYPERLINK(1)"}, status=302,
        location="/me/", changes=RECORDED, **F,
        checks=(
            Stored("groups.SessionRecord", {"original_date": "{past}"}, "note", "=HYPERLINK(1)"),
            Shows("coordinator", "/manage/reports.csv?month=2026-02", ",'=HYPERLINK(1)\r\n"),
        )),
    post("record-reason-crlf", ME, "a line break in the reason", RECORD,
        {"held": "no", "not_held_reason": "-Snow\r\n+ice"}, status=302, changes=RECORDED, **F,
        checks=(
            Stored("groups.SessionRecord", {"original_date": "{past}"}, "not_held_reason",
                   "-Snow +ice"),
            Shows("coordinator", "/manage/reports.csv?month=2026-02", ",'-Snow +ice,"),
        )),
    post("record-note-emoji-and-arabic", ME, "emoji and Arabic in the note", RECORD,
        {"held": "yes", "attendance": "0", "note": f"{EMOJI}\r\n{ARABIC}"}, status=302,
        changes=RECORDED, **F,
        checks=(Stored("groups.SessionRecord", {"original_date": "{past}"}, "note",
                       f"{EMOJI}\r\n{ARABIC}"),)),
    post("record-double-submit", ME, "the same record sent twice", RECORD,
        {"held": "yes", "attendance": "6"}, times=2, first_status=302, status=400,
        says="already recorded", changes=RECORDED, **F,
        checks=(Count("groups.SessionRecord", {}, 1),)),
    post("cover-note-301", ME, "a note of 301 characters asking for cover",
        "/me/sessions/{group}/{day}/cover/", {"note": "n" * 301}, status=302, location="/me/",
        **F),
    post("cover-note-huge", ME, "a 100 KB note asking for cover",
        "/me/sessions/{group}/{day}/cover/", {"note": BIG}, status=302, location="/me/", **F),
    post("cover-past-session", ME, "asking cover for a session that has happened",
        "/me/sessions/{group}/{past}/cover/", status=302, location="/me/", **F),
    post("cover-not-a-meeting-day", ME, "asking cover for a day the group does not meet",
        "/me/sessions/{group}/2026-03-04/cover/", status=404, **F),
    post("cover-other-region", ME, "asking cover for the other region's session",
        "/me/sessions/{west_group}/{day}/cover/", status=404, **F),
    post("cover-note-crlf", ME, "a note for cover holding a line break and a header line",
        "/me/sessions/{group}/{day}/cover/",
        {"note": "Closed today\r\nBcc: someone@evil.example"}, status=302, location="/me/",
        changes=ASKED, emails=2, **F,
        checks=(Stored("groups.SubstituteRequest", {"original_date": "{day}"}, "note",
                       "Closed today Bcc: someone@evil.example"),
                Mailed(("Can you cover Metro Boston Hearing Voices, Tuesday 3 March?",
                        "Cover needed: Metro Boston Hearing Voices, Tuesday 3 March"),
                       body_has="Their note: Closed today Bcc: someone@evil.example"))),
    post("cover-double-submit", ME, "the same request for cover sent twice",
        "/me/sessions/{group}/{day}/cover/", {"note": "Sorry"}, times=2, first_status=302,
        status=302, location="/me/", changes=ASKED, emails=2, **F,
        checks=(Count("groups.SubstituteRequest", {"original_date": "{day}"}, 1),)),
    post("take-unknown", ME, "taking a request that does not exist", "/me/requests/999999/take/",
        who="spare", status=404),
    post("take-id-huge", ME, "taking a request whose id has 30 digits",
        "/me/requests/" + "9" * 30 + "/take/", who="spare", status=404),
    post("take-own", ME, "taking one's own request", "/me/requests/{request}/take/", status=302,
        location="/me/", **F),
    post("take-other-region", ME, "taking the other region's request",
        "/me/requests/{west_request}/take/", who="spare", status=404),
    post("take-double-submit", ME, "the same take sent twice", "/me/requests/{request}/take/",
        who="spare", times=2, first_status=302, status=302, location="/me/",
        changes=tables("groups.SubstituteRequest", "groups.HistoricalSubstituteRequest",
                       "groups.SessionSubstitute", "groups.HistoricalSessionSubstitute",
                       "groups.Group", "groups.FeedVersion"),
        emails=3,
        checks=(Count("groups.SessionSubstitute", {"original_date": "{asked}"}, 1),)),
    post("withdraw-unknown", ME, "withdrawing a request that does not exist",
        "/me/requests/999999/withdraw/", status=404, **F),
    post("withdraw-someone-elses", ME, "withdrawing someone else's request",
        "/me/requests/{request}/withdraw/", who="spare", status=404),
    post("withdraw-double-submit", ME, "the same withdrawal sent twice",
        "/me/requests/{request}/withdraw/", times=2, first_status=302, status=302,
        location="/me/", changes=ASKED, **F,
        checks=(Stored("groups.SubstituteRequest", {"pk": "{request}"}, "status",
                       "withdrawn"),)),
    get("feed-rotate-get", ME, "a GET of the new-link button's address", "/me/feed/new-link/",
        status=405, **F),
    post("feed-rotate-without-csrf-token", ME, "a form from another site (no CSRF token)",
        "/me/feed/new-link/", csrf=True, status=403, **F),
    post("invitation-accept-unknown", ME, "accepting an invitation that does not exist",
        "/me/invitations/999999/accept/", who="invitee", status=302,
        location="/me/invitations/"),
    post("invitation-accept-someone-elses", ME, "accepting someone else's invitation",
        "/me/invitations/{invitation}/accept/", status=302, location="/me/invitations/", **F),
    post("invitation-accept-double-submit", ME, "the same acceptance sent twice",
        "/me/invitations/{invitation}/accept/", who="invitee", times=2, first_status=302,
        status=302, location="/me/invitations/",
        changes=tables("facilitators.FacilitatorInvitation", "facilitators.FacilitatorProfile",
                       "facilitators.FacilitatorProfile_regions"),
        checks=(Count("facilitators.FacilitatorProfile", {"display_name": "Nadia K."}, 1),)),
    post("invitation-decline-double-submit", ME, "the same 'no thanks' sent twice",
        "/me/invitations/{invitation}/decline/", who="invitee", times=2, first_status=302,
        status=302, location="/me/invitations/",
        changes=tables("facilitators.FacilitatorInvitation"),
        checks=(Count("facilitators.FacilitatorInvitation", {}, 0),)),
    post("invitations-post", ME, "a POST to the invitations page", "/me/invitations/",
        who="invitee", status=405),
    post("me-language-unknown", ME, "a language the site does not have", "/me/language/",
        {"language": "xx"}, names="language", **F),
    post("me-language-empty", ME, "no language", "/me/language/", {}, names="language", **F),
    post("me-language-huge", ME, "a 100 KB language", "/me/language/", {"language": BIG},
        names="language", **F),
    post("me-language-nul", ME, "a NUL in the language", "/me/language/", {"language": NUL}, **F),
    post("me-language-spanish", ME, "Spanish, for the emails and the pages", "/me/language/",
        {"language": "es"}, status=302, location="/me/#language",
        changes=tables("accounts.User"), **F,
        checks=(Stored("accounts.User", {"email": "lead.metro-boston@example.org"}, "language",
                       "es"),)),
    get("switcher-unknown-language", ME, "the switcher asked for a language the site lacks",
        "/language/", {"lang": "xx", "next": "/me/"}, names="lang", **F),
    get("switcher-on-me", ME, "the switcher used on /me/: a link changes the pages, not the "
        "emails' language", "/language/", {"lang": "pt-br", "next": "/me/"}, status=302,
        location="/me/", **F),
    get("switcher-next-elsewhere", ME, "the switcher sent to another site", "/language/",
        {"lang": "es", "next": "https://evil.example/me/"}, status=302, location="/es/", **F),
    get("me-language-get", ME, "a GET of the language form's address", "/me/language/",
        status=405, **F),
    post("me-language-without-csrf-token", ME, "a form from another site (no CSRF token)",
        "/me/language/", {"language": "es"}, csrf=True, status=403, **F),
    get("me-anonymous", ME, "a visitor opens the facilitator page", "/me/", status=302,
        location="/accounts/login/?next=/me/"),
    get("me-coordinator", ME, "a coordinator who does not facilitate opens it", "/me/",
        who="coordinator", status=403),
]

EMBED = "Embeds for partners' sites"
CASES += [
    get("embed-region-unknown", EMBED, "an unknown region", "/embed/regions/nowhere/",
        status=404),
    get("embed-region-query-nul", EMBED, "a NUL in a query of a region's embed",
        "/embed/regions/{region}/", {"x": NUL}, names="x"),
    post("embed-region-post", EMBED, "a POST to a region's embed", "/embed/regions/{region}/",
        status=405),
    get("embed-venue-unknown", EMBED, "an unknown venue", "/embed/venues/nowhere/",
        status=404),
    get("embed-venue-slug-huge", EMBED, "a 5,000-character venue slug",
        "/embed/venues/" + "v" * 5000 + "/", status=404),
    get("embed-venue-query-ignored", EMBED, "a query a venue's embed does not read",
        "/embed/venues/{venue}/", {"weeks": "999"}, status=200),
    get("embed-group-private", EMBED, "a private group", "/embed/groups/{private}/",
        status=404),
    get("embed-group-unknown", EMBED, "an unknown group", "/embed/groups/nowhere/",
        status=404),
    get("embed-group-slug-nul", EMBED, "a NUL in the path", "/embed/groups/a%00b/",
        names="path"),
    get("embed-snippets-language-unknown", EMBED, "a language the site does not have",
        "/manage/embed/", {"language": "fr"}, names="language", **C),
    get("embed-snippets-language-huge", EMBED, "a 100 KB language", "/manage/embed/",
        {"language": BIG}, names="language", **C),
    get("embed-snippets-anonymous", EMBED, "a visitor opens the snippets", "/manage/embed/",
        status=302, location="/accounts/login/?next=/manage/embed/"),
    get("embed-snippets-facilitator", EMBED, "a facilitator opens the snippets",
        "/manage/embed/", who="facilitator", status=403),
    get("embed-venue-snippets-other-region", EMBED, "the other region's library",
        "/manage/embed/venues/western-library/", status=404, **C),
    get("embed-venue-snippets-unknown", EMBED, "an unknown venue",
        "/manage/embed/venues/nowhere/", status=404, **C),
    get("embed-venue-snippets-language-unknown", EMBED, "a language the site does not have",
        "/manage/embed/venues/{venue}/", {"language": "xx"}, names="language", **C),
    post("embed-venue-snippets-post", EMBED, "a POST to a venue's snippets",
        "/manage/embed/venues/{venue}/", status=405, **C),
    get("embed-group-snippets-other-region", EMBED, "the other region's group",
        "/manage/embed/groups/{west_group}/", status=404, **C),
    get("embed-group-snippets-unknown", EMBED, "an unknown group",
        "/manage/embed/groups/nowhere/", status=404, **C),
    get("embed-group-snippets-language-unknown", EMBED, "a language the site does not have",
        "/manage/embed/groups/{group}/", {"language": "xx"}, names="language", **C),
    post("embed-group-snippets-post", EMBED, "a POST to a group's snippets",
        "/manage/embed/groups/{group}/", status=405, **C),
]

# fmt: on

# Each kind of hostile value above, which test_no_route_answers_500_to_any_catalogue_value puts
# in every parameter and form field the table uses on a route, and in place of each part of its
# path the world fills in.
SWEEP_VALUES = (
    BIG,
    f"{EMOJI} {ARABIC}",
    CRLF_FEED,
    "2026-02-30",
    "9" * 40,
    "%_",
    "-1",
    "w\u202ex",
    "",
)


# Markdown ---------------------------------------------------------------------------------------

REGENERATE = ".venv/bin/python -m tests.bad_input_catalogue > docs/bad-input.md"
SHOWN_LENGTH = 80


def shown(value) -> str:
    """A value as the docs show it, in a code span: long ones summed up, invisible characters
    escaped."""
    if isinstance(value, W):
        return f"`{value}`"
    if isinstance(value, list | tuple):
        if len(value) > 3 and len(set(value)) == 1:
            return f"{shown(value[0])} × {len(value):,}"
        return ", ".join(shown(item) for item in value)
    text = str(value)
    if not text:
        return "(empty)"
    if len(text) > SHOWN_LENGTH and len(set(text)) == 1:
        return f"{_code(text[:1])} × {len(text):,}"
    if len(text) > SHOWN_LENGTH:
        return f"{_code(text[:24])}… ({len(text):,} characters)"
    return _code(text)


def _code(text: str) -> str:
    """``text`` as a code span in a Markdown table: | escaped, invisible characters as \\x.."""
    out = []
    for char in text:
        if char == "|":
            out.append("\\|")
        elif char.isprintable() or char == " ":
            out.append(char)
        else:
            out.append(f"\\x{ord(char):02x}" if ord(char) < 0x100 else f"\\u{ord(char):04x}")
    return f"`{''.join(out)}`"


def _pair(name, value) -> str:
    if isinstance(value, list | tuple) and len(value) > 3 and len(set(value)) == 1:
        return f"{_code(f'{name}={value[0]}')} × {len(value):,}"
    if isinstance(value, list | tuple):
        return ", ".join(_pair(name, item) for item in value)
    text = str(value)
    if len(text) > SHOWN_LENGTH:
        return f"{_code(name + '=')} {shown(text)}"
    return _code(f"{name}={text}")


def _request(case: Case) -> str:
    path = case.path if len(case.path) <= 80 else f"{case.path[:40]}…"
    text = f"{case.method} {_code(path)}"
    if len(case.path) > 80:
        text += f" ({len(case.path):,} characters)"
    if isinstance(case.data, FormData):
        changes = case.data.changes
        text += f" {case.data.label}" + (" with " if changes else ", as sent")
        text += " ".join(
            _pair(name, value) if value is not None else f"no {_code(name)}"
            for name, value in changes.items()
        )
    elif case.data:
        text += " " + " ".join(_pair(name, value) for name, value in case.data.items())
    if case.headers:
        text += " " + " ".join(_code(f"{name}: {value}") for name, value in case.headers.items())
    if case.csrf:
        text += ", without the form's CSRF token"
    return text


def _answer(case: Case) -> str:
    parts = [str(case.status)]
    if case.times > 1:
        earlier = (
            f" (the first {case.times - 1}: {case.first_status})"
            if case.times > 2
            else (f" (the first: {case.first_status})")
        )
        parts = [f"sent {case.times} times: {case.status}{earlier}"]
    if case.names:
        parts.append(f"names {_code(case.names)}" if case.names != "__all__" else "says why")
    if case.says:
        parts.append(f"says {shown(case.says)}")
    if case.absent:
        parts.append(f"never echoes {shown(case.absent)}")
    if case.location:
        parts.append(f"to {_code(case.location)}")
    if case.refused:
        parts.append("nothing saved, no email")
    else:
        if case.again_changes:
            parts.append("each accepted one is kept")
        elif case.times > 1:
            parts.append("the second changes nothing")
        parts.append("changes " + ", ".join(_code(label) for label in sorted(case.changes)))
        parts.append(f"{case.emails} email{'s' if case.emails != 1 else ''}")
    parts += [check.words() for check in case.checks]
    return "; ".join(parts)


# fmt: off
REGISTRATION = "Registration"
RG = "/groups/{group}/register/"
RL = "/registrations/{registration_link}/"
REGISTERED = tables("groups.Registration")
CASES += [
    post("register-empty", REGISTRATION, "nothing filled in", RG, {}, names="session_date"),
    post("register-no-name", REGISTRATION, "no first name", RG, register_form(first_name=""),
        names="first_name"),
    post("register-name-huge", REGISTRATION, "a 100 KB first name", RG,
        register_form(first_name=BIG), names="first_name"),
    post("register-name-crlf", REGISTRATION, "a line break and a Bcc in the first name", RG,
        register_form(first_name=CRLF_MAIL), status=302, changes=REGISTERED, emails=1,
        checks=(Stored("groups.Registration", {"email": "sol@example.org"}, "first_name",
                       "Closed today Bcc: someone@evil.example"),)),
    post("register-no-contact", REGISTRATION, "neither an email address nor a phone", RG,
        register_form(email=""), names="email"),
    post("register-email-header-injection", REGISTRATION,
        "a line break and a Bcc in the email address", RG,
        register_form(email="sol@example.org\r\nBcc: all@evil.example"), names="email"),
    post("register-phone-words", REGISTRATION, "a phone number in words", RG,
        register_form(email="", phone="call me"), names="phone"),
    post("register-needs-huge", REGISTRATION, "100 KB of needs", RG,
        register_form(accommodation_needs=BIG), names="accommodation_needs"),
    post("register-needs-nul", REGISTRATION, "a NUL in the needs", RG,
        register_form(accommodation_needs=NUL), names="accommodation_needs"),
    post("register-date-past", REGISTRATION, "a session that has happened", RG,
        register_form(session_date="{past}"), names="session_date",
        says="That session has already started."),
    post("register-date-cancelled", REGISTRATION, "a cancelled session", RG,
        register_form(session_date="{cancelled}"), names="session_date",
        says="That session is cancelled."),
    post("register-date-not-a-meeting-day", REGISTRATION, "a day the group does not meet", RG,
        register_form(session_date="2026-03-04"), names="session_date"),
    post("register-date-30-february", REGISTRATION, "a date that does not exist", RG,
        register_form(session_date="2026-02-30"), names="session_date"),
    post("register-date-huge", REGISTRATION, "a 100 KB date", RG,
        register_form(session_date=BIG), names="session_date"),
    post("register-markup", REGISTRATION, "markup in the needs", RG,
        register_form(accommodation_needs=SCRIPT), status=302, changes=REGISTERED, emails=1,
        checks=(Stored("groups.Registration", {"email": "sol@example.org"},
                       "accommodation_needs", SCRIPT),)),
    post("register-honeypot", REGISTRATION, "the hidden box filled in (a robot)", RG,
        register_form(website="http://spam.example"), status=302, location=RG),
    post("register-private-group", REGISTRATION, "the form of a private group",
        "/groups/{private}/register/", register_form(), status=404),
    get("register-no-seats", REGISTRATION, "the form of a group with no seats",
        "/groups/{west_group}/register/", status=404),
    get("register-unknown-group", REGISTRATION, "a group that does not exist",
        "/groups/no-such-group/register/", status=404),
    Case("register-put", REGISTRATION, "a PUT", "PUT", RG, status=405),
    get("registration-forged", REGISTRATION, "a link that was not made here",
        "/registrations/made-up:token/", status=404),
    get("registration-huge", REGISTRATION, "a 100 KB link", "/registrations/" + "x" * 2000 + "/",
        status=404),
    post("registration-action-unknown", REGISTRATION, "an action the page has no button for",
        RL, {"action": "delete"}, says="Please use one of the buttons."),
    post("registration-accept-not-offered", REGISTRATION, "taking a place that was not offered",
        RL, {"action": "accept"}, status=302, location=RL),
    post("registration-cancel-twice", REGISTRATION, "cancelling twice (a double click)", RL,
        {"action": "cancel"}, status=302, location=RL, times=2, first_status=302,
        changes=REGISTERED,
        checks=(Stored("groups.Registration", {"first_name": "Regina"}, "status",
                       "cancelled"),)),
]
CONSOLE_REGISTRATION = "Console: registration"
SR = SESSION + "registrations/"
GR = "/manage/groups/{group}/registrations/"
CASES += [
    post("seats-zero", CONSOLE_REGISTRATION, "no seats at all", GR, {"seats": "0"},
         names="seats", **C),
    post("seats-501", CONSOLE_REGISTRATION, "501 seats", GR, {"seats": "501"}, names="seats",
         **C),
    post("seats-words", CONSOLE_REGISTRATION, "seats in words", GR, {"seats": "ten"},
         names="seats", **C),
    post("seats-huge", CONSOLE_REGISTRATION, "a 100 KB number of seats", GR, {"seats": BIG},
         names="seats", **C),
    post("seats-other-region", CONSOLE_REGISTRATION, "the other region's group's seats",
         "/manage/groups/{west_group}/registrations/", {"seats": "5"}, status=404, **C),
    get("seats-anonymous", CONSOLE_REGISTRATION, "the seats page, not signed in", GR,
        status=302),
    post("registration-add-no-contact", CONSOLE_REGISTRATION,
         "adding someone with no email address or phone", SR, {"first_name": "Dee"},
         names="email", **C),
    post("registration-add-name-huge", CONSOLE_REGISTRATION, "adding a 100 KB name", SR,
         {"first_name": BIG, "phone": "617-555-0100"}, names="first_name", **C),
    post("registration-add-needs-nul", CONSOLE_REGISTRATION, "a NUL in the needs", SR,
         {"first_name": "Dee", "phone": "617-555-0100", "accommodation_needs": NUL},
         names="accommodation_needs", **C),
    post("registration-add-past", CONSOLE_REGISTRATION, "adding someone to a past session",
         "/manage/groups/{group}/sessions/{past}/registrations/",
         {"first_name": "Dee", "phone": "617-555-0100"}, names="__all__", **C),
    get("registrations-not-a-meeting-day", CONSOLE_REGISTRATION,
        "a day the group does not meet",
        "/manage/groups/{group}/sessions/2026-03-04/registrations/", status=404, **C),
    get("registrations-other-region", CONSOLE_REGISTRATION, "the other region's session",
        "/manage/groups/{west_group}/sessions/{day}/registrations/", status=404, **C),
    post("registration-remove-unknown", CONSOLE_REGISTRATION, "removing nobody",
         SR + "999999/remove/", status=404, **C),
    post("registration-remove-huge-id", CONSOLE_REGISTRATION, "an id past the biggest number",
         SR + "99999999999999999999/remove/", status=404, **C),
    post("registration-remove-twice", CONSOLE_REGISTRATION, "removing twice (a double click)",
         SR + "{registration}/remove/", status=302, location=SR, times=2, first_status=302,
         changes=REGISTERED, **C),
    post("registration-attended-maybe", CONSOLE_REGISTRATION, "an answer that is not yes or no",
         SR + "{registration}/attended/", {"attended": "maybe"}, names="attended", **C),
    post("registration-attended-yes", CONSOLE_REGISTRATION, "she came", SR
         + "{registration}/attended/", {"attended": "yes"}, status=302, location=SR,
         changes=REGISTERED,
         checks=(Stored("groups.Registration", {"first_name": "Regina"}, "attended", True),),
         **C),
    get("sign-in-other-region", CONSOLE_REGISTRATION, "the other region's sign-in sheet",
        "/manage/groups/{west_group}/sessions/{day}/sign-in/", status=404, **C),
    get("sign-in-csv-other-region", CONSOLE_REGISTRATION, "the other region's CSV",
        "/manage/groups/{west_group}/sessions/{day}/sign-in.csv", status=404, **C),
    post("sign-in-csv-post", CONSOLE_REGISTRATION, "a POST to the CSV",
         SESSION + "sign-in.csv", status=405, **C),
]
# fmt: on


def render_markdown(cases: list[Case] = CASES) -> str:
    areas: dict[str, list[Case]] = {}
    for case in cases:
        areas.setdefault(case.area, []).append(case)
    lines = [
        "# The bad-input catalogue",
        "",
        f"<!-- Generated from tests/bad_input_catalogue.py: regenerate with `{REGENERATE}`. "
        "tests/test_bad_input_catalogue.py checks that this file matches. -->",
        "",
        "Every input below is sent, by the test `tests/test_bad_input_catalogue.py`, on SQLite "
        "and on PostgreSQL, to a world of two regions (tests/two_regions.py) on Saturday 28 "
        "February 2026 at noon, Boston time. Each must get exactly the answer given. A refused "
        "input changes no row of any table (history tables and feed versions included) and "
        "sends no email; an accepted one changes exactly the tables named, stores exactly the "
        "value given and shows it safely where it reaches a page, a feed, a CSV file or an "
        "email. None may answer 500; nor may any route the table reaches when each of these "
        "values is put in each of its parameters, form fields and parts of its path "
        "(`test_no_route_answers_500_to_any_catalogue_value`): "
        + ", ".join(shown(value) for value in SWEEP_VALUES)
        + ".",
        "",
        f"{len(cases)} cases in {len(areas)} areas: "
        + ", ".join(f"{area} ({len(found)})" for area, found in areas.items())
        + ".",
        "",
        "Answers: 400 names the parameter (JSON under `/api/`, text for `.ics` and `.csv`, a "
        "page elsewhere); a console or account form that is refused is the same page again "
        "(200) with the message beside the field; a console button that cannot do what it "
        "was asked goes back to its page (302) with a message.",
        "",
        "## Legend",
        "",
        "| name | what it stands for |",
        "| --- | --- |",
        *(f"| `{{{name}}}` | {words} |" for name, words in LEGEND.items()),
        "",
        "| who | |",
        "| --- | --- |",
        *(f"| {name} | {words} |" for name, words in WHO.items()),
        "",
    ]
    for area, found in areas.items():
        lines += [
            f"## {area}",
            "",
            "| case | who | request | input | answer |",
            "| --- | --- | --- | --- | --- |",
        ]
        for case in found:
            lines.append(
                f"| `{case.id}` | {case.who} | {_request(case)} | {case.what} | {_answer(case)} |"
            )
        lines.append("")
    return "\n".join(lines)


if __name__ == "__main__":
    print(render_markdown(), end="")
