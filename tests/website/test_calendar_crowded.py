"""A calendar page of more groups than one page shows asks for a region first.

At national size (60 regions of 300 groups) the whole network's month was 16.5 MB of sessions,
built in the request in 21.5 s. A page's groups times its days are bounded
(``website.calendar_parts.PAGE_GROUP_DAYS``), and its groups by what a request builds
(``core.build_ahead.BUILT_IN_A_REQUEST``): beyond either, the page expands no session and
offers each region that has groups in it, with how many, keeping the visitor's other choices.
Here the bound is lowered to fit two regions of one public group each (tests/two_regions.py).
"""

import re

import pytest

from core import build_ahead
from website import calendar_parts, calendar_sessions, home

pytestmark = pytest.mark.django_db

WHOLE_MONTH = "/calendar/?view=month&date=2026-03-01"  # 2 public groups x 31 days
EAST_MONTH = WHOLE_MONTH + "&region=metro-boston"  # 1 x 31
WHOLE_LIST = "/calendar/?date=2026-03-01"  # 2 x 7
COUNT = re.compile(r'<p class="calendar__count">\s*(?:(\d+) sessions?)?')
CHOICES = re.compile(r'<li><a href="([^"]+)">([^<]+)</a>\s*\((\d+) groups?\)</li>')


@pytest.fixture
def bound(monkeypatch):
    def set_bound(group_days: int) -> None:
        monkeypatch.setattr(calendar_parts, "PAGE_GROUP_DAYS", group_days, raising=False)

    return set_bound


def shown(response) -> int:
    return int(COUNT.search(response.content.decode()).group(1) or 0)


def choices(response) -> list[tuple[str, str, int]]:
    page = response.content.decode().replace("&amp;", "&")
    return [(href, name, int(count)) for href, name, count in CHOICES.findall(page)]


def test_a_page_past_the_bound_offers_the_regions_not_their_sessions(client, east, west, bound):
    bound(61)
    response = client.get(WHOLE_MONTH)
    assert response.status_code == 200
    page = response.content.decode()
    assert shown(response) == 0
    assert "Hearing Voices" not in page
    assert "Choose a region to see its groups" in page
    # Each region with its public groups only: the private ones are neither shown nor counted.
    assert choices(response) == [
        ("/calendar/?view=month&date=2026-03-01&region=metro-boston", "Metro Boston RLC", 1),
        ("/calendar/?view=month&date=2026-03-01&region=western", "Western Mass RLC", 1),
    ]
    assert "Inpatient" not in page
    # Its links lead to pages within the bound.
    assert shown(client.get(choices(response)[0][0])) == 5


def test_a_page_at_the_bound_shows_its_sessions(client, east, west, bound):
    bound(62)
    response = client.get(WHOLE_MONTH)
    assert (shown(response), choices(response)) == (10, [])


def test_the_bound_counts_the_days_each_view_shows(client, east, west, bound):
    bound(31)
    assert (shown(client.get(EAST_MONTH)), shown(client.get(WHOLE_LIST))) == (5, 2)
    assert choices(client.get(WHOLE_MONTH)) != []


def test_a_page_of_more_groups_than_a_request_builds_is_crowded(client, east, west, monkeypatch):
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", 1)  # 2 groups x 7 days is in bound
    assert (shown(client.get(WHOLE_LIST)), len(choices(client.get(WHOLE_LIST)))) == (0, 2)
    assert len(choices(client.get("/"))) == 2
    assert shown(client.get(WHOLE_LIST + "&region=western")) == 1


def test_a_crowded_page_expands_no_session(client, east, west, bound, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("a crowded page expanded its groups' sessions")

    monkeypatch.setattr(calendar_sessions, "sessions_on_dates", refused)
    monkeypatch.setattr(calendar_parts, "sessions_on_dates", refused)
    bound(61)
    assert choices(client.get(WHOLE_MONTH)) != []
    # "near" shows the groups nearest the place instead (tests/website/test_near_me.py).


def test_the_regions_offered_keep_the_visitors_other_choices(client, east, west, bound):
    bound(1)
    response = client.get(WHOLE_LIST + "&weekday=tue&audience=everyone")
    assert [href for href, _name, _count in choices(response)] == [
        "/calendar/?date=2026-03-01&region=metro-boston&audience=everyone&weekday=tue",
        "/calendar/?date=2026-03-01&region=western&audience=everyone&weekday=tue",
    ]


def test_one_region_past_the_bound_is_asked_to_narrow_the_search(client, east, west, bound):
    bound(30)
    response = client.get(EAST_MONTH)
    page = response.content.decode()
    assert (shown(response), choices(response)) == (0, [])
    assert "too many to show on one page" in page
    assert 'href="/calendar/?date=2026-03-01&amp;region=metro-boston"' in page  # a week at a time


def test_a_crowded_page_in_spanish(client, east, west, bound):
    bound(61)
    page = client.get("/es" + WHOLE_MONTH).content.decode()
    assert "Elija una región para ver sus grupos" in page


# The home page's "Coming up" lists every region's next seven days: the same bound.


def test_the_home_page_past_the_bound_offers_the_regions_not_their_sessions(
    client, east, west, bound
):
    bound(13)  # 2 public groups x 7 days
    response = client.get("/")
    page = response.content.decode()
    assert response.context["days"] == []
    assert "Hearing Voices" not in page
    assert "No groups are scheduled" not in page
    assert choices(response) == [
        ("/calendar/?region=metro-boston", "Metro Boston RLC", 1),
        ("/calendar/?region=western", "Western Mass RLC", 1),
    ]


def test_the_home_page_at_the_bound_lists_the_sessions(client, east, west, bound):
    bound(14)
    response = client.get("/")
    shown_days = response.context["days"]
    assert (sum(len(day.sessions) for day in shown_days), choices(response)) == (2, [])
    assert "Metro Boston Hearing Voices" in response.content.decode()


def test_a_crowded_home_page_expands_no_session(client, east, west, bound, monkeypatch):
    def refused(*args, **kwargs):
        raise AssertionError("a crowded home page expanded its groups' sessions")

    monkeypatch.setattr(home, "sessions_on_dates", refused)
    bound(13)
    assert len(choices(client.get("/"))) == 2
