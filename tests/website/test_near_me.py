"""'Near me' on the calendar (?near=): a ZIP code, a town or a position; the sessions nearest
first with their distance, online groups apart, a private venue from its town's centre."""

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.utils import translation

from regions.models import Venue
from tests.factories import GroupFactory, VenueFactory, weekly
from website.calendar_map import distance_in_words
from website.nearby import Point, miles_between, place_from_text, town_centre

pytestmark = pytest.mark.django_db

URL = "/calendar/?date=2026-03-02"
WORCESTER_01608 = Point(42.2624, -71.8003)  # the ZIP table's centre of 01608


def group_at(title, venue, *, weekday=1):
    first = dt.date(2026, 1, 5) + dt.timedelta(days=weekday)
    return GroupFactory(
        title=title,
        venue=venue,
        region=venue.region,
        start_date=first,
        recurrences=weekly(weekday),
    )


def venue_at(name, latitude, longitude, **fields):
    return VenueFactory(
        name=name, latitude=Decimal(str(latitude)), longitude=Decimal(str(longitude)), **fields
    )


def nearest(response) -> list[tuple[str, str]]:
    """(distance shown, group title) of each session in the "nearest first" list, in order."""
    part = str(response.context["sessions_html"]).split('id="near-placed"', 1)[1]
    part = part.split("</ol>", 1)[0]
    return re.findall(
        r'<p class="near__distance">([^<]+)</p>.*?<h3 class="session__title">.*?>([^<]+)</a>',
        part,
        re.S,
    )


def section(response, heading_id) -> list[str]:
    part = str(response.context["sessions_html"]).split(f'id="{heading_id}"', 1)[1]
    part = part.split("</section>", 1)[0]
    return re.findall(r'<h3 class="session__title">.*?>([^<]+)</a>', part, re.S)


@pytest.fixture
def three_places():
    """A library in Worcester, one in Boston, a private shelter in Springfield, an online group."""
    worcester = venue_at("Worcester Library", 42.2630, -71.8020, town="Worcester")
    boston = venue_at("Boston Library", 42.3496, -71.0781, town="Boston")
    shelter = venue_at(
        "Springfield Shelter", 42.0000, -72.0000, town="Springfield", address_is_public=False
    )
    online = VenueFactory(kind=Venue.Kind.ONLINE, town="", address="", join_details="Zoom")
    return {
        "worcester": group_at("Worcester Circle", worcester),
        "boston": group_at("Boston Circle", boston, weekday=2),
        "shelter": group_at("Shelter Circle", shelter),
        "online": group_at("Online Circle", online),
    }


def test_a_zip_code_sorts_by_exact_distance_and_shows_it(client, three_places):
    response = client.get(URL + "&near=01608")

    assert response.status_code == 200
    worcester = miles_between(WORCESTER_01608, Point(42.2630, -71.8020))
    boston = miles_between(WORCESTER_01608, Point(42.3496, -71.0781))
    springfield = miles_between(WORCESTER_01608, town_centre("Springfield"))
    assert worcester < boston < springfield
    assert nearest(response) == [
        (distance_in_words(worcester), "Worcester Circle"),
        (distance_in_words(boston), "Boston Circle"),
        (distance_in_words(springfield), "Shelter Circle"),
    ]
    assert distance_in_words(boston) == f"{round(boston, 1)} miles"
    assert section(response, "near-online") == ["Online Circle"]
    assert "Nearest first, from 01608." in response.content.decode()


def test_a_town_sorts_from_its_centre(client, three_places):
    response = client.get(URL + "&near=Boston")

    assert [title for _, title in nearest(response)] == [
        "Boston Circle",
        "Worcester Circle",
        "Shelter Circle",
    ]
    centre = town_centre("Boston")
    assert nearest(response)[0][0] == distance_in_words(
        miles_between(centre, Point(42.3496, -71.0781))
    )
    assert "Nearest first, from Boston." in response.content.decode()


def test_a_position_is_rounded_to_about_a_kilometre(client, three_places):
    response = client.get(URL + "&near=42.0012,-72.0049")

    assert response.status_code == 200
    here = Point(42.0, -72.0)  # rounded to two decimals
    assert nearest(response)[0] == (
        distance_in_words(miles_between(here, Point(42.2630, -71.8020))),
        "Worcester Circle",
    )
    assert "Nearest first, from your location." in response.content.decode()


def test_a_private_venue_is_measured_from_its_town_centre_not_its_address(client, three_places):
    # Standing on the shelter's own coordinates: it is still as far as Springfield's centre.
    response = client.get(URL + "&near=42.00,-72.00")

    shown = {title: distance for distance, title in nearest(response)}
    exact = miles_between(Point(42.0, -72.0), town_centre("Springfield"))
    assert exact > 10
    assert shown["Shelter Circle"] == distance_in_words(exact)


def test_the_filters_still_apply_near_me(client, three_places):
    response = client.get(URL + "&near=01608&weekday=tue")

    assert [title for _, title in nearest(response)] == ["Worcester Circle", "Shelter Circle"]
    assert section(response, "near-online") == ["Online Circle"]


def test_an_unknown_place_is_named_on_the_page_never_a_500(client, three_places):
    response = client.get(URL + "&near=Atlantis")

    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert problem.parameter == "near"
    assert problem.message == (
        "We could not find “Atlantis”. In “Near a town or ZIP code”, type a Massachusetts "
        "town or a ZIP code, such as Worcester or 01608."
    )
    assert 'data-parameter="near"' in response.content.decode()


def test_an_unknown_place_is_named_in_spanish_on_the_spanish_page(client):
    response = client.get("/es" + URL + "&near=Atlantis")

    assert response.status_code == 400
    with translation.override("es"):
        expected = translation.gettext(
            "We could not find “%(place)s”. In “Near a town or ZIP code”, type a "
            "Massachusetts town or a ZIP code, such as Worcester or 01608."
        ) % {"place": "Atlantis"}
    assert response.context["problems"][0].message == expected
    assert not expected.startswith("We could not")


@pytest.mark.parametrize("value", ["x" * 101, "9" * 101])
def test_a_place_too_long_is_refused_with_its_limit(client, value):
    response = client.get(URL, {"near": value})

    assert response.status_code == 400
    [problem] = response.context["problems"]
    assert (problem.parameter, problem.message) == (
        "near",
        "The town or ZIP code can be at most 100 characters long. Use the form below.",
    )


@pytest.mark.parametrize(
    ("text", "name", "point"),
    [
        ("01608", "01608", Point(42.2624, -71.8003)),
        ("01608-1234", "01608", Point(42.2624, -71.8003)),
        (" worcester ", "Worcester", town_centre("Worcester")),
        ("Worcester, MA", "Worcester", town_centre("Worcester")),
        ("Nashua, NH", "Nashua, NH", town_centre("Nashua", "NH")),
        ("42.26,-71.80", "", Point(42.26, -71.8)),
        ("42.2649, -71.8049", "", Point(42.26, -71.8)),
    ],
)
def test_places_read_from_what_is_typed(text, name, point):
    assert place_from_text(text) == (name, point)


@pytest.mark.parametrize("text", ["Atlantis", "00000", "91,0", "0,181", "Springfield, ZZ", "a,b"])
def test_places_not_known(text):
    assert place_from_text(text) is None


def test_massachusetts_comes_first_for_a_name_other_states_share():
    assert place_from_text("Springfield").point == town_centre("Springfield", "MA")


def test_distances_in_words():
    assert [distance_in_words(m) for m in (0.01, 1.0, 1.04, 2.34, 12.0)] == [
        "less than 0.1 miles",
        "1.0 mile",
        "1.0 mile",
        "2.3 miles",
        "12.0 miles",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_near_keeps_the_calendar_query_counts(client, django_assert_num_queries, count):
    """As without "near" (test_calendar's counts, 7 cold and 1 warm, the page kept whole), and
    one more cold: the groups counted, to bound the page (website.calendar_parts.
    PAGE_GROUP_DAYS), which without "near" the groups' versions tell. Whatever the groups."""
    for n in range(count):
        group_at(f"Circle {n}", venue_at(f"Library {n}", 42.3 + n / 100, -71.8, town="Worcester"))
    with django_assert_num_queries(8):
        response = client.get(URL + "&near=Boston&view=week")
    with django_assert_num_queries(1):
        again = client.get(URL + "&near=Boston&view=week")
    assert len(nearest(response)) == count
    assert again.content == response.content


def test_links_keep_near_and_the_feed_does_not(client, three_places):
    response = client.get(URL + "&near=01608")

    assert response.context["next_href"].endswith("&near=01608")
    assert "near" not in response.context["feed_url"]


# Past the page's bound (website.calendar_parts.too_many), "near" shows the groups nearest the
# place that one page can: the whole network's near me at national size was 5.8 MB and 4.8 s.


@pytest.fixture
def two_groups_a_page(monkeypatch):
    """One page shows two groups of a list's 7 days."""
    from website import calendar_parts

    monkeypatch.setattr(calendar_parts, "PAGE_GROUP_DAYS", 14)


def test_past_the_bound_near_shows_the_nearest_groups_and_says_so(
    client, three_places, two_groups_a_page
):
    response = client.get(URL + "&near=01608")
    assert [title for _distance, title in nearest(response)] == [
        "Worcester Circle",
        "Boston Circle",
    ]
    page = response.content.decode()
    assert "Shelter Circle" not in page
    assert "Online Circle" not in page
    assert (
        "These are the 2 groups nearest 01608 of the 4 that meet in these dates: too many to show "
        "on one page. Online groups are left out here: choose a region to see every group."
    ) in " ".join(page.split())


def test_past_the_bound_near_expands_only_the_nearest_groups(
    client, three_places, two_groups_a_page, monkeypatch
):
    from website import calendar_parts

    expanded = []
    real = calendar_parts.sessions_on_dates

    def counting(groups, *args, **kwargs):
        expanded.extend(group.title for group in groups)
        return real(groups, *args, **kwargs)

    monkeypatch.setattr(calendar_parts, "sessions_on_dates", counting)
    client.get(URL + "&near=Springfield")
    assert sorted(expanded) == ["Shelter Circle", "Worcester Circle"]


def test_within_the_bound_near_shows_every_group_and_no_note(client, three_places):
    page = client.get(URL + "&near=01608").content.decode()
    assert ("Online Circle" in page, "nearest 01608 of the" in page) == (True, False)


def test_past_the_bound_with_no_group_on_the_map_near_offers_the_regions(client, two_groups_a_page):
    online = VenueFactory(kind=Venue.Kind.ONLINE, town="", address="", join_details="Zoom")
    for n in range(3):
        group_at(f"Online {n}", online)
    page = client.get(URL + "&near=01608").content.decode()
    assert "Choose a region to see its groups" not in page  # one region: a narrower search
    assert "Narrow your search to see its groups" in page
    assert "Online 0" not in page


@pytest.mark.parametrize("count", [1, 3])
def test_past_the_bound_near_costs_a_fixed_number_of_queries(
    client, two_groups_a_page, django_assert_num_queries, count
):
    """As within the bound (8 cold), and two more: the groups' venues and those venues
    (website.calendar_map.nearest_groups). Whatever the groups."""
    for n in range(count + 2):
        group_at(f"Circle {n}", venue_at(f"Library {n}", 42.3 + n / 100, -71.8, town="Worcester"))
    with django_assert_num_queries(10):
        response = client.get(URL + "&near=Boston")
    assert len(nearest(response)) == 2
