"""A Spanish and a Portuguese visitor, in Chromium: a browser in their language lands on its pages,
the switcher changes it, and they search, filter, open a group, subscribe, send feedback and
apply as the English visitor does, with axe-core clean and nothing wider than a phone (390 px).

Every name the test looks for is the English one translated by the site's own catalogue, so the
test fails when a page shows English instead, and keeps passing when a translator improves a word.
"""

from importlib import import_module
from urllib.parse import parse_qs, urlsplit

import pytest
from django.apps import apps as django_apps
from django.conf import settings
from django.utils import timezone, translation

from facilitators.models import FacilitatorApplication
from groups.models import GroupFeedback, Language
from regions.models import Venue
from tests.browser.conftest import axe_violations
from tests.factories import (
    CoordinatorFactory,
    GroupFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
    weekly,
)

pytestmark = pytest.mark.django_db(transaction=True)
ACCESS_AND_LANGUAGES = import_module("groups.migrations.0002_access_features_and_languages")
# language: (the address's prefix, the browser's locale)
VISITORS = {"es": ("/es", "es-US"), "pt-br": ("/pt-br", "pt-BR")}
ANSWERS = {
    "Your own recovery": "Varios años, con buen apoyo.",
    "Your experience of groups": "Voy a un grupo de Escuchar Voces desde hace dos años.",
    "A regular commitment": "Los martes por la tarde.",
    "Working with others": "Primero escucho.",
    "Giving back": "Mis pares me ayudaron; quiero hacer lo mismo.",
}


def t(language: str, english: str, context: str | None = None) -> str:
    with translation.override(language):
        if context:
            return translation.pgettext(context, english)
        return translation.gettext(english)


@pytest.fixture
def network():
    ACCESS_AND_LANGUAGES.add(django_apps, None)  # put back what an earlier flush removed
    today = timezone.localdate()
    central = RegionFactory(slug="central", name="Central Mass RLC", phone="508-555-0101")
    CoordinatorFactory(region=central, user=UserFactory(email="kim@central.example.org"))
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
        recurrences=weekly(0, 1, 2, 3, 4, 5, 6),
    )
    spanish.languages.set([Language.objects.get(code="es")])
    GroupFactory(
        region=central,
        venue=library,
        title="Hearing Voices",
        slug="hearing-voices",
        start_date=today,
        recurrences=weekly(0, 1, 2, 3, 4, 5, 6),
    )


@pytest.fixture(params=list(VISITORS))
def visitor(request, browser):
    """A phone whose browser asks for Spanish (or Portuguese), and that language's code."""
    language = request.param
    context = browser.new_context(
        viewport={"width": 390, "height": 844}, locale=VISITORS[language][1]
    )
    page = context.new_page()
    page.language = language
    yield page
    context.close()


def prefix(page) -> str:
    return VISITORS[page.language][0]


def checked(page, axe_source):
    """The page is in the visitor's language, axe-clean and no wider than the phone."""
    assert page.locator("html").get_attribute("lang") == page.language
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe_violations(page, axe_source) == []


def go(page, name: str, *, role="button"):
    with page.expect_navigation() as navigation:
        page.get_by_role(role, name=t(page.language, name)).first.click()
    return navigation.value.status


def test_the_browser_language_leads_and_the_switcher_changes_it(
    live_server, network, visitor, axe_source
):
    visitor.goto(f"{live_server.url}/")
    assert visitor.url == f"{live_server.url}{prefix(visitor)}/"
    checked(visitor, axe_source)
    switcher = visitor.get_by_role("navigation", name=t(visitor.language, "Language"))
    with visitor.expect_navigation():
        switcher.get_by_role("link", name="English").click()
    assert visitor.url == f"{live_server.url}/"
    assert visitor.locator("html").get_attribute("lang") == "en"
    # The choice is kept: an English address no longer leads back to the browser's language.
    visitor.goto(f"{live_server.url}/calendar/")
    assert visitor.url == f"{live_server.url}/calendar/"
    own = dict(settings.LANGUAGES)[visitor.language]
    with visitor.expect_navigation():
        visitor.get_by_role("navigation", name="Language").get_by_role("link", name=own).click()
    assert visitor.url == f"{live_server.url}{prefix(visitor)}/calendar/"
    checked(visitor, axe_source)


def test_search_filters_group_page_and_subscribing(live_server, network, visitor, axe_source):
    language = visitor.language
    visitor.goto(f"{live_server.url}{prefix(visitor)}/calendar/")
    visitor.get_by_label(t(language, "Search by name, place, town, language or access")).fill(
        "español"
    )
    assert go(visitor, "Show groups") == 200
    assert urlsplit(visitor.url).path == f"{prefix(visitor)}/calendar/"
    assert parse_qs(urlsplit(visitor.url).query)["q"] == ["español"]
    found = visitor.locator(".calendar article.session h3 a")
    assert set(found.all_inner_texts()) == {"Grupo de Apoyo"}
    checked(visitor, axe_source)
    # The filters: one region, from the panel.
    visitor.locator("summary").click()
    visitor.get_by_label("Central Mass RLC").check()
    with visitor.expect_navigation():
        visitor.locator("details").get_by_role("button", name=t(language, "Show groups")).click()
    assert parse_qs(urlsplit(visitor.url).query)["region"] == ["central"]
    assert set(found.all_inner_texts()) == {"Grupo de Apoyo"}
    checked(visitor, axe_source)
    # The group's page, in the same language.
    with visitor.expect_navigation():
        found.first.click()
    assert urlsplit(visitor.url).path == f"{prefix(visitor)}/groups/grupo-de-apoyo/"
    assert visitor.locator("h1").inner_text() == "Grupo de Apoyo"
    checked(visitor, axe_source)
    # Subscribing: the feed's address is the one every language shares.
    feeds = [link.get_attribute("href") for link in visitor.locator("a[href^='webcal://']").all()]
    assert feeds
    assert all(urlsplit(href).path == "/groups/grupo-de-apoyo/calendar.ics" for href in feeds)


def test_feedback_on_a_group_page(live_server, network, visitor, axe_source):
    language = visitor.language
    visitor.goto(f"{live_server.url}{prefix(visitor)}/groups/hearing-voices/")
    assert visitor.get_by_role("heading", name=t(language, "How was this group?")).count() == 1
    assert go(visitor, "Send my feedback") == 400
    checked(visitor, axe_source)
    visitor.get_by_label(t(language, "4: good", "how a session was")).check()
    assert go(visitor, "Send my feedback") == 200
    assert urlsplit(visitor.url).path == f"{prefix(visitor)}/groups/hearing-voices/"
    assert visitor.get_by_role("status").count() == 1
    checked(visitor, axe_source)
    assert list(GroupFeedback.objects.values_list("rating", flat=True)) == [4]


def test_applying_to_become_a_facilitator(live_server, network, visitor, axe_source):
    language = visitor.language
    visitor.goto(f"{live_server.url}{prefix(visitor)}/")
    assert go(visitor, "Become a peer facilitator", role="link") == 200
    assert urlsplit(visitor.url).path == f"{prefix(visitor)}/become-a-facilitator/"
    checked(visitor, axe_source)
    assert go(visitor, "Send my application") == 400
    checked(visitor, axe_source)
    visitor.get_by_label(t(language, "First name"), exact=True).fill("Rosa")
    visitor.get_by_label(t(language, "Last name"), exact=True).fill("Martínez")
    visitor.get_by_label(t(language, "Email address"), exact=True).fill("rosa@example.org")
    visitor.get_by_label(t(language, "Which RLC would you like to facilitate with?")).select_option(
        label="Central Mass RLC"
    )
    for label, answer in ANSWERS.items():
        visitor.get_by_label(t(language, label), exact=True).fill(answer)
    assert go(visitor, "Send my application") == 200
    assert urlsplit(visitor.url).path == f"{prefix(visitor)}/become-a-facilitator/thanks/"
    assert visitor.locator("h1").inner_text() == t(language, "Thank you for applying")
    checked(visitor, axe_source)
    assert list(FacilitatorApplication.objects.values_list("first_name", "region__slug")) == [
        ("Rosa", "central")
    ]
