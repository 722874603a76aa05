"""The home page and the happenings calendar: views, filters, bad input, privacy, query counts."""

import datetime as dt
import html
import re

import pytest
from django.conf import settings
from django.http import QueryDict
from django.utils import timezone

from groups import sessions
from groups.filters import GroupFilter
from groups.models import AccessFeature, Group, Language
from groups.selectors import public_groups
from regions.models import Venue
from tests.factories import (
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
    weekly,
)
from website.calendar_days import Window, day_label, time_of_day, window_for
from website.calendar_query import known_parameters, parse_date, query_string

pytestmark = pytest.mark.django_db

# Week of Monday 2 March 2026; the clocks go forward on Sunday 8 March.
MONDAY = dt.date(2026, 3, 2)


def on(day: dt.date, weekday: int) -> dt.date:
    """The first date on or after ``day`` that falls on ``weekday`` (0 = Monday)."""
    return day + dt.timedelta(days=(weekday - day.weekday()) % 7)


def weekly_group(weekday: int, *, start=dt.date(2026, 1, 5), **fields):
    """A group meeting every ``weekday`` from the first such day on or after ``start``."""
    first = on(start, weekday)
    return GroupFactory(start_date=first, recurrences=weekly(first.weekday()), **fields)


def titles(response) -> list[str]:
    """The sessions' titles, from the days the sessions part was rendered with (none: empty)."""
    days = response.context.get("days") or []
    return [session.title for day in days for session in day.sessions]


def text(response) -> str:
    return response.content.decode()


# Pure helpers ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("view", "day", "expected"),
    [
        pytest.param(
            "list",
            dt.date(2026, 3, 4),
            Window(
                "list",
                dt.date(2026, 3, 4),
                dt.date(2026, 3, 10),
                dt.date(2026, 2, 25),
                dt.date(2026, 3, 11),
            ),
            id="list-seven-days-from-the-date",
        ),
        pytest.param(
            "week",
            dt.date(2026, 3, 8),
            Window(
                "week",
                dt.date(2026, 3, 2),
                dt.date(2026, 3, 8),
                dt.date(2026, 2, 23),
                dt.date(2026, 3, 9),
            ),
            id="week-monday-to-sunday",
        ),
        pytest.param(
            "month",
            dt.date(2026, 1, 31),
            Window(
                "month",
                dt.date(2026, 1, 1),
                dt.date(2026, 1, 31),
                dt.date(2025, 12, 1),
                dt.date(2026, 2, 1),
            ),
            id="month-across-a-year",
        ),
        pytest.param(
            "month",
            dt.date(2028, 2, 10),
            Window(
                "month",
                dt.date(2028, 2, 1),
                dt.date(2028, 2, 29),
                dt.date(2028, 1, 1),
                dt.date(2028, 3, 1),
            ),
            id="leap-february",
        ),
        pytest.param(
            "month",
            dt.date(2099, 12, 5),
            Window(
                "month", dt.date(2099, 12, 1), dt.date(2099, 12, 31), dt.date(2099, 11, 1), None
            ),
            id="no-next-after-2099",
        ),
        pytest.param(
            "week",
            dt.date(2000, 1, 3),
            Window("week", dt.date(2000, 1, 3), dt.date(2000, 1, 9), None, dt.date(2000, 1, 10)),
            id="no-previous-before-2000",
        ),
    ],
)
def test_window_for(view, day, expected):
    assert window_for(view, day) == expected


@pytest.mark.parametrize(
    ("moment", "expected"),
    [
        (dt.time(0, 0), "morning"),
        (dt.time(11, 59), "morning"),
        (dt.time(12, 0), "afternoon"),
        (dt.time(16, 59), "afternoon"),
        (dt.time(17, 0), "evening"),
        (dt.time(23, 30), "evening"),
    ],
)
def test_time_of_day(moment, expected):
    assert time_of_day(moment) == expected


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (dt.date(2026, 11, 24), "Today"),
        (dt.date(2026, 11, 25), "Tomorrow"),
        (dt.date(2026, 11, 26), "Thursday 26 November"),
        (dt.date(2027, 1, 4), "Monday 4 January 2027"),
    ],
)
def test_day_label(day, expected):
    assert day_label(day, dt.date(2026, 11, 24)) == expected


@pytest.mark.parametrize("value", ["2026-02-30", "2026-2-3", "20260302", "2026-W10-1", "soon"])
def test_parse_date_refuses_what_it_cannot_read(value):
    with pytest.raises(Exception, match="We could not read the date") as error:
        parse_date(value)
    assert error.value.messages == [f"We could not read the date “{value}”. Use the form below."]


def test_query_string_keeps_order_and_repeats_and_drops_empty_values():
    query = known_parameters(
        QueryDict("utm=x&region=western&q=&time=evening&region=central&date=2026-03-02&view=week")
    )
    assert query_string(query) == (
        "?view=week&date=2026-03-02&region=western&region=central&time=evening"
    )
    assert query_string(query, date=None) == "?view=week&region=western&region=central&time=evening"
    assert query_string(query, keep=("region", "venue")) == "?region=western&region=central"
    assert query_string(QueryDict("")) == ""


# Fixed dates: list, week, month -----------------------------------------------------------------


@pytest.fixture
def week_world():
    """Two regions; a Tuesday 6 pm group, a Thursday 10 am group and a Saturday group."""
    central = RegionFactory(slug="central", name="Central Mass RLC", phone="508-555-0101")
    western = RegionFactory(slug="western", name="Western Mass RLC", phone="413-555-0106")
    tuesday = weekly_group(1, region=central, title="Hearing Voices Group", slug="hearing-voices")
    thursday = weekly_group(
        3, region=central, title="WRAP Group", slug="wrap", start_time=dt.time(10, 0)
    )
    saturday = weekly_group(
        5, region=western, title="Creative Expression", slug="creative", start_time=dt.time(13, 0)
    )
    return {"central": central, "western": western, "groups": (tuesday, thursday, saturday)}


def test_list_view_shows_seven_days_from_the_date_grouped_by_day(client, week_world):
    response = client.get("/calendar/?date=2026-03-02")
    assert response.status_code == 200
    days = response.context["days"]
    assert [(day.date, [s.title for s in day.sessions]) for day in days] == [
        (dt.date(2026, 3, 3), ["Hearing Voices Group"]),
        (dt.date(2026, 3, 5), ["WRAP Group"]),
        (dt.date(2026, 3, 7), ["Creative Expression"]),
    ]
    page = text(response)
    today = timezone.localdate()
    for day in days:
        assert f'id="day-{day.date:%Y-%m-%d}">{day_label(day.date, today)}' in page
    assert page.count('<article class="session') == 3


def test_list_view_starts_today_by_default(client):
    today = timezone.localdate()
    GroupFactory(start_date=today, recurrences=weekly(today.weekday()), title="Every week")
    response = client.get("/calendar/")
    assert response.context["window"].first == today
    assert [day.date for day in response.context["days"]] == [today]
    assert '">Today <span class="day__date">' in text(response)


def test_week_view_shows_monday_to_sunday_with_empty_days(client, week_world):
    response = client.get("/calendar/?view=week&date=2026-03-05")
    assert response.status_code == 200
    days = response.context["days"]
    assert [day.date for day in days] == [MONDAY + dt.timedelta(days=n) for n in range(7)]
    assert [[s.title for s in day.sessions] for day in days] == [
        [],
        ["Hearing Voices Group"],
        [],
        ["WRAP Group"],
        [],
        ["Creative Expression"],
        [],
    ]
    page = text(response)
    assert page.count('<li class="week-day') == 7
    assert page.count('<p class="day__none">No groups</p>') == 4


def test_month_view_lists_the_whole_month_briefly(client, week_world):
    response = client.get("/calendar/?view=month&date=2026-03-20")
    assert response.status_code == 200
    days = response.context["days"]
    assert [day.date for day in days] == [dt.date(2026, 3, n) for n in range(1, 32)]
    assert [day.date.day for day in days if day.sessions] == [
        3, 5, 7, 10, 12, 14, 17, 19, 21, 24, 26, 28, 31
    ]  # fmt: skip
    page = text(response)
    # March 2026 starts on a Sunday: the seventh column.
    assert '<li class="month-day month-day--col7 month-day--empty">' in page
    assert page.count('<li class="brief">') == 13
    assert (
        '<time datetime="2026-03-03T18:00:00-05:00">6:00 to 7:30 pm</time> '
        '<a href="/groups/hearing-voices/">Hearing Voices Group</a>'
    ) in page


def test_times_stay_at_six_pm_across_the_daylight_saving_change(client):
    GroupFactory(title="Evening Circle", recurrences=weekly(0, 1, 2, 3, 4, 5, 6))
    for url in ("/calendar/?date=2026-03-05", "/calendar/?view=week&date=2026-03-09"):
        response = client.get(url)
        sessions = [s for day in response.context["days"] for s in day.sessions]
        assert [s.start.time() for s in sessions] == [dt.time(18, 0)] * 7
    page = text(client.get("/calendar/?date=2026-03-05"))
    assert page.count(">6:00 to 7:30 pm</time>") == 7
    assert '<time datetime="2026-03-07T18:00:00-05:00">' in page
    assert '<time datetime="2026-03-08T18:00:00-04:00">' in page


def test_cancelled_session_is_struck_through_with_its_note(client, week_world):
    tuesday = week_world["groups"][0]
    sessions.session_cancel(
        group=tuesday, original_date=dt.date(2026, 3, 3), public_note="Closed for the storm"
    )
    for url in ("/calendar/?date=2026-03-02", "/calendar/?view=week&date=2026-03-02"):
        page = text(client.get(url))
        assert (
            '<del><time datetime="2026-03-03T18:00:00-05:00">6:00 to 7:30 pm</time></del>'
        ) in page
        assert '<strong class="badge badge--cancelled">Cancelled</strong>' in page
        assert '<p class="session__note">Closed for the storm</p>' in page
    month = text(client.get("/calendar/?view=month&date=2026-03-02"))
    assert (
        '<del><time datetime="2026-03-03T18:00:00-05:00">6:00 to 7:30 pm</time> '
        '<a href="/groups/hearing-voices/">Hearing Voices Group</a></del> '
        '<strong class="badge badge--cancelled">Cancelled</strong>'
    ) in month
    assert '<span class="brief__note">Closed for the storm</span>' in month


def test_moved_session_is_shown_at_its_new_time_and_place_with_its_note(client, week_world):
    tuesday = week_world["groups"][0]
    room = VenueFactory(
        region=tuesday.region, name="Peer center", address="9 Elm St", town="Fitchburg"
    )
    sessions.session_move(
        group=tuesday,
        original_date=dt.date(2026, 3, 3),
        new_start_time=dt.time(19, 0),
        new_venue=room,
        public_note="This week only: the community room",
    )
    response = client.get("/calendar/?view=week&date=2026-03-02")
    [session] = response.context["days"][1].sessions
    assert (session.title, session.start.hour) == ("Hearing Voices Group", 19)
    page = text(response)
    assert '<time datetime="2026-03-03T19:00:00-05:00">7:00 to 8:30 pm</time>' in page
    assert '<strong class="badge badge--moved">Changed</strong>' in page
    assert "9 Elm St, Fitchburg · Central Mass RLC" in page
    assert '<p class="session__note">This week only: the community room</p>' in page


def test_a_session_moved_into_the_week_from_outside_appears_and_leaves_its_own_week(
    client, week_world
):
    tuesday = week_world["groups"][0]
    sessions.session_move(
        group=tuesday, original_date=dt.date(2026, 2, 24), new_date=dt.date(2026, 3, 6)
    )
    days = client.get("/calendar/?view=week&date=2026-03-02").context["days"]
    assert [(day.date, s.title) for day in days for s in day.sessions] == [
        (dt.date(2026, 3, 3), "Hearing Voices Group"),
        (dt.date(2026, 3, 5), "WRAP Group"),
        (dt.date(2026, 3, 6), "Hearing Voices Group"),
        (dt.date(2026, 3, 7), "Creative Expression"),
    ]
    before = client.get("/calendar/?view=week&date=2026-02-23")
    assert titles(before) == ["WRAP Group", "Creative Expression"]
    assert "This session has moved from Tuesday 24 February" in text(
        client.get("/calendar/?view=week&date=2026-03-02")
    )


# Filters --------------------------------------------------------------------------------------


@pytest.fixture
def filter_world():
    """Four groups that differ in every way a filter can tell apart; week of 2 March 2026."""
    central = RegionFactory(slug="central", name="Central Mass RLC")
    western = RegionFactory(slug="western", name="Western Mass RLC")
    features = {f.slug: f for f in AccessFeature.objects.all()}
    languages = {lang.code: lang for lang in Language.objects.all()}

    def make(weekday, title, region, venue, start, kind, audience, access, langs):
        group = weekly_group(
            weekday,
            title=title,
            region=region,
            venue=venue,
            start_time=start,
            kind=kind,
            audience=audience,
        )
        group.access_features.set([features[slug] for slug in access])
        group.languages.set([languages[code] for code in langs])
        return group

    library = VenueFactory(
        region=central, slug="library", kind=Venue.Kind.LIBRARY, town="Worcester"
    )
    center = VenueFactory(
        region=central, slug="center", kind=Venue.Kind.PEER_CENTER, town="Fitchburg"
    )
    church = VenueFactory(region=western, slug="church", kind=Venue.Kind.CHURCH, town="Springfield")
    online = VenueFactory(
        region=western,
        slug="online",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/room",
    )
    K, A = Group.Kind, Group.Audience
    make(1, "A Hearing Voices", central, library, dt.time(18), K.SELF_HELP, A.EVERYONE,
         ["wheelchair"], ["en"])  # fmt: skip
    make(3, "B WRAP Class", central, center, dt.time(10), K.CLASS, A.PEERS, ["asl"], ["es"])
    make(2, "C Coffee Hour", western, church, dt.time(13), K.SOCIAL, A.EVERYONE,
         ["wheelchair", "fragrance-free"], ["es", "en"])  # fmt: skip
    make(5, "D Online Circle", western, online, dt.time(19), K.SELF_HELP, A.EVERYONE,
         ["online"], ["en"])  # fmt: skip


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", "ACBD"),
        ("region=central", "AB"),
        ("region=central&region=western", "ACBD"),
        ("type=class", "B"),
        ("venue_kind=church", "C"),
        ("venue=center", "B"),
        ("town=springfield", "C"),
        ("q=wrap", "B"),
        ("q=springfield", "C"),
        ("audience=everyone", "ACD"),
        ("access=wheelchair", "AC"),
        ("access=wheelchair&access=fragrance-free", "C"),
        ("access=online", "D"),
        ("language=es", "CB"),
        ("language=es&language=en", "ACBD"),
        ("weekday=tue", "A"),
        ("weekday=tue&weekday=wed", "AC"),
        ("time=morning", "B"),
        ("time=afternoon", "C"),
        ("time=evening", "AD"),
        ("time=morning&time=evening", "ABD"),
        ("region=western&access=wheelchair&time=afternoon", "C"),
        ("region=central&weekday=thu&language=es", "B"),
        ("region=central&time=afternoon", ""),
    ],
)
@pytest.mark.parametrize("view", ["list", "week", "month"])
def test_filters_alone_and_combined(client, filter_world, view, query, expected):
    response = client.get(f"/calendar/?view={view}&date=2026-03-02&{query}")
    assert response.status_code == 200
    found = [title[0] for title in titles(response)]
    if view == "month":  # every week of March: the same groups, many times over
        assert sorted(set(found)) == sorted(expected)
    else:
        assert "".join(found) == expected  # in date order


def test_current_filters_are_ticked_in_the_form(client, filter_world):
    page = text(
        client.get(
            "/calendar/?region=western&type=social&venue_kind=church&town=Springfield&q=coffee"
            "&audience=everyone&access=wheelchair&language=es&weekday=wed&time=afternoon"
        )
    )
    for checked in (
        '<input type="checkbox" name="region" value="western" checked>',
        '<input type="checkbox" name="weekday" value="wed" checked>',
        '<input type="checkbox" name="time" value="afternoon" checked>',
        '<input type="checkbox" name="audience" value="everyone" checked>',
        '<input type="checkbox" name="access" value="wheelchair" checked>',
        '<input type="checkbox" name="language" value="es" checked>',
        '<option value="social" selected>',
        '<option value="church" selected>',
        '<option value="Springfield" selected>',
        'name="q" value="coffee"',
    ):
        assert checked in page
    assert '<input type="checkbox" name="region" value="central">' in page
    assert page.count(" checked>") == 6
    assert (
        "Showing: Western Mass RLC, Social event, Church or faith community, Springfield, "
        "“coffee”, Open to all, Wheelchair accessible, Español, Wednesday, Afternoon."
    ) in html.unescape(page)


def test_filter_form_offers_the_towns_of_public_groups_only(client, filter_world):
    hidden_venue = VenueFactory(town="Secretville")
    GroupFactory(venue=hidden_venue, region=hidden_venue.region, is_public=False)
    assert client.get("/calendar/").context["choices"].towns == [
        "Fitchburg",
        "Springfield",
        "Worcester",
    ]


@pytest.mark.parametrize(
    ("query", "previous", "following"),
    [
        (
            "view=week&date=2026-03-04&region=central&region=western&weekday=tue&time=evening",
            "view=week&date=2026-02-23&region=central&region=western&weekday=tue&time=evening",
            "view=week&date=2026-03-09&region=central&region=western&weekday=tue&time=evening",
        ),
        (
            "date=2026-01-15&view=month&access=wheelchair&q=walk+talk",
            "view=month&date=2025-12-01&q=walk+talk&access=wheelchair",
            "view=month&date=2026-02-01&q=walk+talk&access=wheelchair",
        ),
        (
            "date=2026-03-02&language=es&audience=everyone",
            "date=2026-02-23&audience=everyone&language=es",
            "date=2026-03-09&audience=everyone&language=es",
        ),
    ],
)
def test_previous_next_and_today_links_keep_the_filters(
    client, filter_world, query, previous, following
):
    response = client.get(f"/calendar/?{query}")
    context = response.context
    assert context["previous_href"] == f"/calendar/?{previous}"
    assert context["next_href"] == f"/calendar/?{following}"
    without_date = re.sub(r"&?date=[0-9-]+", "", previous).lstrip("&")
    assert context["today_href"] == f"/calendar/?{without_date}"
    page = text(response)
    for href in (context["previous_href"], context["next_href"], context["today_href"]):
        assert f'href="{html.escape(href)}"' in page


def test_view_links_keep_the_date_and_filters(client, filter_world):
    response = client.get("/calendar/?date=2026-03-04&region=central&time=evening")
    assert [(name, href, current) for name, _, href, current in response.context["view_links"]] == [
        ("list", "/calendar/?view=list&date=2026-03-04&region=central&time=evening", True),
        ("week", "/calendar/?view=week&date=2026-03-04&region=central&time=evening", False),
        ("month", "/calendar/?view=month&date=2026-03-04&region=central&time=evening", False),
    ]
    assert response.context["clear_href"] == "/calendar/?date=2026-03-04"


def test_add_to_calendar_links_carry_the_group_filters_only(client, filter_world):
    response = client.get(
        "/calendar/?view=week&date=2026-03-04&region=central&access=asl&weekday=thu&time=morning"
    )
    host = settings.SITE_URL.split("://", 1)[1]
    assert response.context["feed_url"] == (
        f"{settings.SITE_URL}/calendar.ics?region=central&access=asl"
    )
    assert (
        response.context["webcal_url"] == f"webcal://{host}/calendar.ics?region=central&access=asl"
    )
    page = text(response)
    assert (
        f'<a class="button" href="webcal://{host}/calendar.ics?region=central&amp;access=asl">'
        "Add these to my calendar</a>"
    ) in page
    assert "whatever the day or time you chose here" in page


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", ["A Hearing Voices", "B WRAP Class", "C Coffee Hour", "D Online Circle"]),
        ("access=wheelchair", ["A Hearing Voices", "C Coffee Hour"]),
        ("access=wheelchair&access=fragrance-free", ["C Coffee Hour"]),
        ("language=es", ["B WRAP Class", "C Coffee Hour"]),
        ("venue=online", ["D Online Circle"]),
        ("audience=everyone&region=central", ["A Hearing Voices"]),
    ],
)
def test_the_network_feed_takes_the_new_group_filters(client, filter_world, query, expected):
    from icalendar import Calendar

    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 200
    events = Calendar.from_ical(response.getvalue()).walk("VEVENT")
    assert sorted(str(event["SUMMARY"]) for event in events) == expected


def test_canonical_query_is_the_same_whatever_the_order(filter_world):
    def canonical(query):
        filters = GroupFilter(QueryDict(query), queryset=public_groups())
        assert filters.is_valid()
        return filters.canonical()

    assert canonical(
        "language=es&access=wheelchair&region=western&region=central&venue=church"
    ) == (canonical("venue=church&region=central&region=western&access=wheelchair&language=es"))
    assert canonical("region=western&region=central&access=wheelchair&venue=church") == (
        ("access", ("wheelchair",)),
        ("region", ("central", "western")),
        ("venue", "church"),
    )
    assert canonical("") == ()


@pytest.mark.parametrize(
    ("query", "parameter"),
    [("access=ramp", "access"), ("language=xx", "language"), ("venue=nowhere", "venue")],
)
def test_network_feed_refuses_unknown_new_filter_values(client, query, parameter):
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 400
    assert response.content.decode().startswith(f"{parameter}: ")


# Empty states ---------------------------------------------------------------------------------


def test_no_match_says_so_kindly_with_the_rlc_phone_numbers(client, week_world):
    response = client.get("/calendar/?date=2026-03-02&region=central&weekday=sun")
    assert response.status_code == 200
    assert response.context["session_count"] == 0
    page = text(response)
    assert ("Nothing matches your choices from Monday 2 March to Sunday 8 March 2026.</p>") in page
    assert "<p>Nothing matches in the year after these dates either.</p>" in page
    assert "<p>Try another region or fewer filters — or call your local RLC.</p>" in page
    assert '<li>Central Mass RLC: <a href="tel:508-555-0101">508-555-0101</a></li>' in page
    assert "413-555-0106" not in page.split('<div class="empty">')[1]


def test_no_sessions_at_all_suggests_other_dates(client, week_world):
    page = text(client.get("/calendar/?date=2025-01-06"))
    assert "No groups are planned from Monday 6 January to Sunday 12 January 2025." in page
    assert "<p>Try other dates — or call your local RLC.</p>" in page
    # the next sessions, up to a year on: the groups start in January 2026
    upcoming = page.split('<ol class="next-sessions">', 1)[1].split("</ol>", 1)[0]
    assert re.findall(r'<a href="/groups/([a-z-]+)/">', upcoming) == [
        "hearing-voices",
        "wrap",
        "creative",
    ]
    day_link = '<a href="/calendar/?date=2026-01-06">See Tuesday 6 January 2026 in the calendar</a>'
    assert day_link in upcoming
    assert 'href="tel:413-555-0106"' in page


# Bad input ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "parameter", "message"),
    [
        ("date=2026-02-30", "date", "We could not read the date “2026-02-30”. Use the form below."),
        ("date=2026-13-01", "date", "We could not read the date “2026-13-01”. Use the form below."),
        ("date=next+week", "date", "We could not read the date “next week”. Use the form below."),
        (
            "date=1900-01-01",
            "date",
            "The calendar shows dates from the year 2000 to 2099; the date “1900-01-01” is "
            "outside them. Use the form below.",
        ),
        (
            "date=3000-01-01",
            "date",
            "The calendar shows dates from the year 2000 to 2099; the date “3000-01-01” is "
            "outside them. Use the form below.",
        ),
        ("view=year", "view", "We do not know the view “year”. Use the form below."),
        ("region=nowhere", "region", "We do not know the region “nowhere”. Use the form below."),
        (
            "region=central&region=nowhere",
            "region",
            "We do not know the region “nowhere”. Use the form below.",
        ),
        ("type=therapy", "type", "We do not know the kind of group “therapy”. Use the form below."),
        (
            "venue_kind=castle",
            "venue_kind",
            "We do not know the kind of place “castle”. Use the form below.",
        ),
        ("venue=nowhere", "venue", "We do not know the place “nowhere”. Use the form below."),
        (
            "audience=hospital_patients",
            "audience",
            "We do not know the audience “hospital_patients”. Use the form below.",
        ),
        ("access=ramp", "access", "We do not know the access need “ramp”. Use the form below."),
        ("language=xx", "language", "We do not know the language “xx”. Use the form below."),
        ("weekday=funday", "weekday", "We do not know the weekday “funday”. Use the form below."),
        ("time=night", "time", "We do not know the time of day “night”. Use the form below."),
        (
            "q=" + "x" * 101,
            "q",
            "The search words can be at most 100 characters long. Use the form below.",
        ),
    ],
)
def test_bad_input_is_a_400_naming_the_parameter(client, week_world, query, parameter, message):
    response = client.get(f"/calendar/?{query}")
    assert response.status_code == 400
    assert response.context["problems"] == [(parameter, message)]
    page = text(response)
    assert f'<li data-parameter="{parameter}">{html.escape(message)}</li>' in page
    assert '<form class="filters" method="get" action="/calendar/"' in page
    assert "<title>Please check your choices | PeerHub</title>" in page


def test_several_bad_values_are_each_named(client, week_world):
    response = client.get("/calendar/?weekday=funday&region=nowhere&date=2026-02-30")
    assert response.status_code == 400
    assert [problem.parameter for problem in response.context["problems"]] == [
        "date",
        "region",
        "weekday",
    ]


def test_unknown_parameters_and_empty_values_are_ignored(client, week_world):
    response = client.get("/calendar/?utm_source=flyer&region=&q=&date=&view=&time=")
    assert response.status_code == 200
    assert response.context["view"] == "list"


def test_far_but_allowed_dates_work(client, week_world):
    for query in ("view=month&date=2099-12-31", "date=2000-01-01", "view=week&date=2099-12-31"):
        assert client.get(f"/calendar/?{query}").status_code == 200


# Privacy --------------------------------------------------------------------------------------


@pytest.fixture
def private_world():
    """Data that could leak, built before anything is fetched: sessions from tomorrow on."""
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    region = RegionFactory(slug="central", name="Central Mass RLC")
    shelter = VenueFactory(
        region=region,
        slug="shelter",
        name="Safe Harbor",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        address_is_public=False,
        latitude="42.262593",
        longitude="-71.802293",
    )
    online = VenueFactory(
        region=region,
        slug="online",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/secret-room",
    )
    every_day = weekly(0, 1, 2, 3, 4, 5, 6)
    hidden = GroupFactory(
        region=region,
        venue=shelter,
        title="Inpatient Circle",
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
        start_date=tomorrow,
        recurrences=every_day,
    )
    shelter_group = GroupFactory(
        region=region, venue=shelter, title="Shelter Group", start_date=tomorrow,
        recurrences=every_day,
    )  # fmt: skip
    online_group = GroupFactory(
        region=region, venue=online, title="Online Group", start_date=tomorrow,
        recurrences=every_day,
    )  # fmt: skip
    facilitator = FacilitatorFactory(
        display_name="Maria S.",
        private_phone="617-555-0199",
        user=UserFactory(email="maria.private@example.org", last_name="Santiago"),
    )
    for group in (hidden, shelter_group, online_group):
        GroupFacilitatorFactory(group=group, facilitator=facilitator)
    sessions.session_cancel(
        group=shelter_group, original_date=tomorrow, private_note="Staff shortage at the shelter"
    )
    return tomorrow


PRIVATE_TEXT = [
    "Inpatient Circle",
    "12 Hidden Lane",
    "42.262593",
    "secret-room",
    "meet.example.org",
    "617-555-0199",
    "maria.private@example.org",
    "Santiago",
    "Staff shortage",
]


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/calendar/?date={day}",
        "/calendar/?view=week&date={day}",
        "/calendar/?view=month&date={day}",
        "/calendar/?view=week&date={day}&region=central",
        "/calendar/?view=week&date={day}&venue=shelter",
        "/calendar/?view=month&date={day}&venue_kind=shelter&town=worcester",
        "/calendar/?date={day}&q=group",
    ],
)
def test_private_groups_addresses_and_contacts_never_appear(client, private_world, url):
    response = client.get(url.format(day=private_world.isoformat()))
    assert response.status_code == 200
    page = text(response)
    assert [secret for secret in PRIVATE_TEXT if secret in page] == []
    assert "Worcester" in page  # the shelter's town is public
    assert "Shelter Group" in page or "Online Group" in page


# Query counts ---------------------------------------------------------------------------------


def build_groups(count):
    central = RegionFactory(slug="central")
    RegionFactory(slug="western")
    venue = VenueFactory(region=central, slug="library")
    for n in range(count):
        group = GroupFactory(region=central, venue=venue, slug=f"g{n}", recurrences=weekly(1, 3))
        group.access_features.set(AccessFeature.objects.filter(slug="wheelchair"))
        group.languages.set(Language.objects.filter(code="en"))
        sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
        sessions.session_move(
            group=group, original_date=dt.date(2026, 3, 5), new_start_time=dt.time(19, 0)
        )


@pytest.mark.parametrize("count", [1, 3])
@pytest.mark.parametrize(
    ("url", "queries", "warm", "sessions"),
    [
        # Cold: every region, access features, languages, the versions of the network, the
        # listing and what is shown, towns, the groups' versions, groups, changes. Warm (the
        # filter form and the sessions part cached), rendered again: the regions, which the page
        # names, and the versions. Kept whole: the network's and listing's versions alone.
        ("/calendar/?date=2026-03-02", 8, 2, 2),
        ("/calendar/?view=week&date=2026-03-02", 8, 2, 2),
        ("/calendar/?view=month&date=2026-03-02", 8, 2, 9),
        # + checking the region, venue, access feature and language asked for, and the region's
        # version (the network's and listing's are read first, for the page kept whole); warm,
        # the page names the regions asked for, so it does not read them all
        (
            "/calendar/?view=week&date=2026-03-02&region=central&venue=library&access=wheelchair"
            "&language=en&time=evening&weekday=tue&weekday=thu",
            13,
            5,
            2,
        ),
        ("/calendar/?view=week&date=2026-03-02&region=central&access=wheelchair", 11, 3, 2),
    ],
)
def test_calendar_query_count_does_not_grow_with_groups(
    client, django_assert_num_queries, count, url, queries, warm, sessions
):
    build_groups(count)
    with django_assert_num_queries(queries):
        response = client.get(url)
    assert response.status_code == 200
    assert response.context["session_count"] == sessions * count
    with django_assert_num_queries(1):  # kept whole: the network's and listing's versions
        again = client.get(url)
    assert again.content == response.content
    # A parameter the page does not read (a tracking tag): rendered again, from its parts.
    with django_assert_num_queries(warm):
        tagged = client.get(url + "&utm_source=newsletter")
    assert tagged.context["session_count"] == sessions * count


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_with_changes_does_not_grow_with_groups(
    client, django_assert_num_queries, count
):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    for _ in range(count):
        group = GroupFactory(start_date=tomorrow, recurrences=weekly(tomorrow.weekday()))
        sessions.session_move(group=group, original_date=tomorrow, new_start_time=dt.time(20))
    # the network's version (the page kept whole), regions, public groups counted by region
    # (the page's bound), groups with region and venue, their session changes
    with django_assert_num_queries(5):
        response = client.get("/")
    assert sum(len(day.sessions) for day in response.context["days"]) == count
    with django_assert_num_queries(1):  # kept whole: the network's version alone
        again = client.get("/")
    assert again.content == response.content


# Print ----------------------------------------------------------------------------------------


def print_header(page: str) -> str:
    return page.split('<div class="print-only print-header">', 1)[1].split("</figure>", 1)[0]


def test_region_week_prints_with_the_rlc_phone_legend_and_a_qr_code_to_its_feed(client, week_world):
    page = text(client.get("/calendar/?view=week&date=2026-03-02&region=central"))
    header = print_header(page)
    assert '<p class="print-header__name">Central Mass RLC</p>' in header
    assert "Questions? Call Central Mass RLC: 508-555-0101" in header
    assert "<del>Struck through</del>" in header
    assert '<strong class="badge badge--cancelled">Cancelled</strong>' in header
    assert "moved to a new time or place" in header
    assert re.search(r'<figure class="print-qr">\s*<svg ', header)
    feed = f"{settings.SITE_URL}/regions/central/calendar.ics"
    assert (
        "<figcaption>Scan to add these groups to your calendar: "
        f'<span class="print-qr__url">{feed}</span></figcaption>'
    ) in header
    # The header comes before the main content, so it prints at the top.
    assert page.index("print-header") < page.index('<main id="main"')


def test_venue_week_prints_the_venue_and_its_feed(client, filter_world):
    header = print_header(text(client.get("/calendar/?view=week&date=2026-03-02&venue=church")))
    assert '<p class="print-header__name">Venue' in header
    assert f"{settings.SITE_URL}/venues/church/calendar.ics</span>" in header


def test_a_narrower_print_points_its_qr_code_at_the_page_itself(client, filter_world):
    page = text(client.get("/calendar/?view=month&date=2026-03-02&region=central&type=class"))
    header = print_header(page)
    url = html.escape(f"{settings.SITE_URL}/calendar/?view=month&date=2026-03-02&region=central")
    url += "&amp;type=class"
    assert (
        f'Scan for this schedule, kept up to date: <span class="print-qr__url">{url}</span>'
        in header
    )
    assert "Questions? Call Central Mass RLC:" in header


def test_unfiltered_print_gives_every_rlc_phone(client, week_world):
    header = print_header(text(client.get("/calendar/?view=week&date=2026-03-02")))
    assert (
        "Questions? Call your local RLC: Central Mass RLC 508-555-0101; "
        "Western Mass RLC 413-555-0106"
    ) in header


# Titles ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "title"),
    [
        (
            "view=week&date=2026-03-04&region=central",
            "Peer support groups in the week of 2 March 2026 in Central Mass RLC",
        ),
        ("view=month&date=2026-03-04", "Peer support groups in March 2026 across Massachusetts"),
        (
            "date=2026-03-04&region=central&region=western",
            "Peer support groups in the 7 days from 4 March 2026 in Central Mass RLC and "
            "Western Mass RLC",
        ),
        ("view=week&region=central", "Peer support groups this week in Central Mass RLC"),
        ("", "Peer support groups in the next 7 days across Massachusetts"),
    ],
)
def test_titles_say_what_when_and_where(client, week_world, query, title):
    page = text(client.get(f"/calendar/?{query}"))
    assert f"<title>{title} | PeerHub</title>" in page
    assert f'<h1 class="calendar__title">{title}</h1>' in page
    assert '<meta name="description" content="Free peer support groups ' in page


# Home -----------------------------------------------------------------------------------------


def tomorrow_group(**fields):
    day = timezone.localdate() + dt.timedelta(days=1)
    fields.setdefault("recurrences", weekly(day.weekday()))
    return GroupFactory(start_date=day, **fields)


def test_home_shows_a_moved_session_at_its_new_venue(client, django_assert_num_queries):
    group = tomorrow_group(title="LGBTQ+ Peer Support")
    room = VenueFactory(region=group.region, name="Peer center", address="9 Elm St", town="Lynn")
    sessions.session_move(
        group=group,
        original_date=group.start_date,
        new_start_time=dt.time(19, 0),
        new_venue=room,
        public_note="This week only: the community room",
    )
    with django_assert_num_queries(5):  # versions, regions, groups by region, groups, changes
        response = client.get("/")
    [(_, [session])] = response.context["days"]
    assert (session.venue, session.occurrence.start.hour) == (room, 19)
    page = text(response)
    assert "9 Elm St, Lynn · " in page
    assert '<strong class="badge badge--moved">Changed</strong>' in page
    assert "This week only: the community room" in page


def test_home_labels_tomorrow_and_links_to_the_calendar(client):
    tomorrow_group(title="WRAP Group")
    response = client.get("/")
    [day] = response.context["days"]
    assert day.label == "Tomorrow"
    page = text(response)
    assert f'">Tomorrow <span class="day__date">{day.date:%A %-d %B}</span></h2>' in page
    assert '<a href="/calendar/">See the full calendar</a>' in page


def test_home_shows_at_most_forty_sessions(client):
    for n in range(7):
        tomorrow_group(title=f"Daily {n}", recurrences=weekly(0, 1, 2, 3, 4, 5, 6))
    response = client.get("/")
    assert sum(len(day.sessions) for day in response.context["days"]) == 40
    assert response.context["more"] == 2
    assert "And 2 more sessions in the next 7 days." in text(response)


def test_home_leaves_out_what_is_already_over_today(client):
    now = timezone.localtime()
    if now.hour < 1:
        pytest.skip("needs an hour of today behind us")
    today = now.date()
    GroupFactory(
        start_date=today,
        recurrences=weekly(today.weekday()),
        start_time=dt.time(0, 0),
        duration_minutes=30,
        title="Midnight Group",
    )
    assert client.get("/").context["days"] == []


def test_home_has_the_find_a_group_form_and_every_rlc(client):
    RegionFactory(slug="central", name="Central Mass RLC", website="https://central.example.org")
    RegionFactory(slug="western", name="Western Mass RLC", phone="413-555-0106")
    page = text(client.get("/"))
    assert '<form class="find__form" method="get" action="/calendar/">' in page
    assert '<option value="western">Western Mass RLC</option>' in page
    assert '<h2 id="your-rlc">Your local RLC</h2>' in page
    assert '<h3><a href="/regions/western/">Western Mass RLC</a></h3>' in page
    assert '<dd><a href="tel:413-555-0106">413-555-0106</a></dd>' in page
    assert '<a href="https://central.example.org">central.example.org</a>' in page
    assert '<a href="/calendar/?region=central">' in page
