"""A visitor searching the calendar in Chromium, on a wide screen (1280 px) and a phone (390 px):
a language typed in English or in its own words, a group with nothing in the days shown (the
next sessions instead), the filter panel's count, axe-core (WCAG 2.1 AA) on every result page,
and the same search with JavaScript off (the form is a plain GET).
"""

import datetime as dt
from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.utils import timezone

from groups.models import Group, Language
from regions.models import Venue
from tests.browser.conftest import axe_violations
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly

# The live server reads committed data, so these tests commit, and each ends in a flush of every
# table, the access features and languages of the data migration included.
pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")
NAMES_IN_THEMSELVES = import_module("groups.migrations.0011_language_name_local")
SEARCH_BOX = "Search by name, place, town, language or access"
EVERY_DAY = weekly(0, 1, 2, 3, 4, 5, 6)


@pytest.fixture
def network():
    """A Spanish group every day from today, and Peer Support 101 only from three weeks on."""
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    NAMES_IN_THEMSELVES.name_in_itself(django_apps, None)
    today = timezone.localdate()
    central = RegionFactory(slug="central", name="Central Mass RLC", phone="508-555-0101")
    RegionFactory(slug="western", name="Western Mass RLC", phone="413-555-0106")
    library = VenueFactory(
        region=central, slug="library", kind=Venue.Kind.LIBRARY, town="Worcester"
    )
    spanish = GroupFactory(
        region=central,
        venue=library,
        title="Grupo de Apoyo",
        slug="grupo-de-apoyo",
        start_date=today,
        recurrences=EVERY_DAY,
    )
    spanish.languages.set([Language.objects.get(code="es")])
    english = GroupFactory(
        region=central,
        venue=library,
        title="Hearing Voices",
        slug="hearing-voices",
        start_date=today,
        recurrences=EVERY_DAY,
    )
    english.languages.set([Language.objects.get(code="en")])
    first = today + dt.timedelta(days=21)
    GroupFactory(
        region=central,
        venue=library,
        title="Peer Support 101",
        slug="peer-support-101",
        kind=Group.Kind.CLASS,
        start_date=first,
        recurrences=weekly(first.weekday()),
    )
    return first


@pytest.fixture(params=[1280, 390], ids=["wide", "phone"])
def screen(request, browser):
    context = browser.new_context(viewport={"width": request.param, "height": 900})
    page = context.new_page()
    page.width = request.param
    yield page
    context.close()


def search(page, words: str) -> int:
    """Type ``words`` in the search box and send the form; the status of the page it leads to."""
    page.get_by_label(SEARCH_BOX).fill(words)
    with page.expect_navigation() as navigation:
        page.get_by_role("button", name="Show groups").first.click()
    return navigation.value.status


def found(page) -> list[str]:
    return page.locator(".calendar article.session h3 a").all_inner_texts()


def fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth") <= page.width


@pytest.mark.parametrize("words", ["Spanish", "español", "espanol"])
def test_a_language_typed_in_english_or_its_own_words_finds_its_group(
    live_server, network, screen, axe_source, words
):
    screen.goto(f"{live_server.url}/calendar/")
    assert search(screen, words) == 200
    assert parse_qs(urlsplit(screen.url).query)["q"] == [words]
    assert set(found(screen)) == {"Grupo de Apoyo"}
    assert screen.get_by_label(SEARCH_BOX).input_value() == words
    assert fits(screen)
    assert axe_violations(screen, axe_source) == []


def test_a_group_with_nothing_in_the_days_shown_offers_its_next_sessions(
    live_server, network, screen, axe_source
):
    screen.goto(f"{live_server.url}/calendar/")
    assert search(screen, "Peer Support 101") == 200
    assert screen.locator(".empty__lead").inner_text().startswith("Nothing matches your choices")
    assert screen.get_by_role("heading", name="The next sessions that match").count() == 1
    upcoming = screen.locator("ol.next-sessions > li")
    assert upcoming.count() == 5
    first = upcoming.first
    assert first.get_by_role("link", name="Peer Support 101").get_attribute("href") == (
        "/groups/peer-support-101/"
    )
    assert first.locator("time").get_attribute("datetime").startswith(network.isoformat())
    day = f"See {network:%A %-d %B %Y} in the calendar"
    assert fits(screen)
    assert axe_violations(screen, axe_source) == []
    # the day's link shows that day, still searching
    with screen.expect_navigation():
        first.get_by_role("link", name=day).click()
    assert parse_qs(urlsplit(screen.url).query) == {
        "view": ["list"],
        "date": [network.isoformat()],
        "q": ["Peer Support 101"],
    }
    assert found(screen)[0] == "Peer Support 101"


def test_more_choices_counts_only_what_is_inside_the_panel(live_server, network, screen):
    screen.goto(f"{live_server.url}/calendar/")
    search(screen, "Spanish")
    summary = screen.locator("summary")
    assert summary.inner_text() == "More choices: region, day, time, access and language"
    summary.click()
    screen.get_by_label("Central Mass RLC").check()
    screen.get_by_label("Español", exact=True).check()
    with screen.expect_navigation():
        screen.locator("details").get_by_role("button", name="Show groups").click()
    assert summary.inner_text() == (
        "More choices: region, day, time, access and language (2 chosen)"
    )
    assert set(found(screen)) == {"Grupo de Apoyo"}


def test_the_panel_offers_no_language_no_public_group_has(live_server, network, page):
    page.goto(f"{live_server.url}/calendar/")
    page.locator("summary").click()
    assert page.get_by_label("Español", exact=True).count() == 1
    assert page.get_by_label("Tiếng Việt", exact=True).count() == 0


def test_searching_works_without_javascript_on_a_phone(live_server, network, browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, java_script_enabled=False)
    page = context.new_page()
    page.width = 390
    page.goto(f"{live_server.url}/calendar/")
    assert search(page, "español") == 200
    assert set(found(page)) == {"Grupo de Apoyo"}
    assert search(page, "Peer Support 101") == 200
    assert page.locator("ol.next-sessions > li").count() == 5
    assert fits(page)
    context.close()
