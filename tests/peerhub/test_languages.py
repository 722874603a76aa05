"""Which language each answer is in: the address, the choice, the browser (peerhub/languages.py)."""

import re

import pytest
from django.conf import settings

from tests.factories import GroupFactory, RegionFactory
from tests.page_clock import SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


@pytest.fixture
def group():
    region = RegionFactory(slug="central", name="Central RLC")
    return GroupFactory(region=region, slug="hearing-voices", title="Hearing Voices")


def test_english_by_default(client, group):
    response = client.get("/calendar/")
    assert response.status_code == 200
    assert html_lang(response) == "en"
    assert response["Content-Language"] == "en"


@pytest.mark.parametrize(
    ("header", "prefix", "lang"),
    [
        ("es", "/es", "es"),
        ("es-MX,es;q=0.9,en;q=0.5", "/es", "es"),
        ("pt-BR", "/pt-br", "pt-br"),
        ("pt-BR,pt;q=0.9", "/pt-br", "pt-br"),
        ("pt", "/pt-br", "pt-br"),
    ],
)
def test_browser_language_gets_its_page_after_one_redirect(client, group, header, prefix, lang):
    response = client.get("/groups/hearing-voices/?from=share", HTTP_ACCEPT_LANGUAGE=header)
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/groups/hearing-voices/?from=share"
    assert "Accept-Language" in response["Vary"]
    followed = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE=header)
    assert followed.status_code == 200
    assert html_lang(followed) == lang
    assert followed["Content-Language"] == lang


def test_english_or_unknown_browser_language_stays(client, group):
    for header in ("en-US,en;q=0.9", "fr-FR", "de,ht;q=0.5", ""):
        response = client.get("/calendar/", HTTP_ACCEPT_LANGUAGE=header)
        assert (response.status_code, html_lang(response)) == (200, "en"), header
        assert "Accept-Language" in response["Vary"]


def test_address_wins_over_the_browser(client, group):
    response = client.get("/pt-br/calendar/", HTTP_ACCEPT_LANGUAGE="es")
    assert (response.status_code, html_lang(response)) == (200, "pt-br")
    assert "Accept-Language" not in response.get("Vary", "")


def test_switcher_links_each_language_by_its_own_name(client, group):
    page = client.get("/es/groups/hearing-voices/?x=1").content.decode()
    switcher = re.search(r'<nav class="languages".*?</nav>', page, re.S).group(0)
    links = re.findall(r'<a href="([^"]+)" lang="([^"]+)" hreflang="[^"]+">([^<]+)</a>', switcher)
    assert links == [
        ("/language/?lang=en&amp;next=/es/groups/hearing-voices/%3Fx%3D1", "en", "English"),
        ("/language/?lang=pt-br&amp;next=/es/groups/hearing-voices/%3Fx%3D1", "pt-br", "Português"),
    ]
    assert 'aria-current="true" lang="es">Español</span>' in switcher


@pytest.mark.parametrize(
    ("lang", "next_url", "target"),
    [
        ("es", "/groups/hearing-voices/?x=1", "/es/groups/hearing-voices/?x=1"),
        ("en", "/es/groups/hearing-voices/", "/groups/hearing-voices/"),
        ("pt-br", "/es/calendar/?view=week", "/pt-br/calendar/?view=week"),
        ("es", "/me/", "/me/"),
        ("es", "https://elsewhere.example/", "/es/"),
        ("es", "//elsewhere.example/", "/es/"),
    ],
)
def test_switcher_remembers_the_choice(client, group, lang, next_url, target):
    response = client.get("/language/", {"lang": lang, "next": next_url})
    assert response.status_code == 302
    assert response["Location"] == target
    cookie = response.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == lang
    assert cookie["samesite"] == "Lax"
    assert "no-store" in response["Cache-Control"]


def test_english_chosen_on_a_spanish_browser_is_not_sent_back(client, group):
    client.get("/language/", {"lang": "en", "next": "/calendar/"})
    response = client.get("/calendar/", HTTP_ACCEPT_LANGUAGE="es")
    assert (response.status_code, html_lang(response)) == (200, "en")


def test_a_chosen_language_sends_english_addresses_to_it(client, group):
    client.get("/language/", {"lang": "pt-br", "next": "/"})
    response = client.get("/regions/")
    assert (response.status_code, response["Location"]) == (302, "/pt-br/regions/")


@pytest.mark.parametrize("lang", ["", "fr", "ES", "es-es"])
def test_switcher_refuses_an_unknown_language_by_name(client, lang):
    response = client.get("/language/", {"lang": lang, "next": "/"})
    assert response.status_code == 400
    assert "lang" in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


def test_feeds_and_api_stay_english_and_unprefixed(client, group):
    for path in ("/calendar.ics", "/groups/hearing-voices/calendar.ics", "/api/v1/groups.json"):
        response = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
        assert response.status_code == 200, path
        assert response["Content-Language"] == "en"
        assert "Accept-Language" not in response.get("Vary", "")
    assert client.get("/es/calendar.ics").status_code == 404
    assert client.get("/es/api/v1/groups.json").status_code == 404


def test_me_follows_the_chosen_language_at_one_address(client, group):
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert (response.status_code, html_lang(response)) == (200, "es")
    client.get("/language/", {"lang": "pt-br", "next": "/accounts/login/"})
    response = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="es")
    assert (response.status_code, html_lang(response)) == (200, "pt-br")


def test_console_stays_english(client, group):
    response = client.get("/manage/", HTTP_ACCEPT_LANGUAGE="es")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert response["Content-Language"] == "en"


def test_each_page_names_its_address_in_every_language(client, group):
    page = client.get("/pt-br/groups/hearing-voices/?x=1").content.decode()
    assert re.findall(r'<link rel="alternate" hreflang="([^"]+)" href="([^"]+)">', page) == [
        ("en", f"{SITE}/groups/hearing-voices/?x=1"),
        ("es", f"{SITE}/es/groups/hearing-voices/?x=1"),
        ("pt-br", f"{SITE}/pt-br/groups/hearing-voices/?x=1"),
    ]
    login = client.get("/accounts/login/").content.decode()
    assert 'hreflang="' not in login.split("</head>")[0]


def test_one_session_file_has_one_english_address(client, group):
    """Its text is cached and shared with the feeds: it is never built in another language."""
    page = client.get("/es/groups/hearing-voices/").content.decode()
    links = set(re.findall(r'href="([^"]*/sessions/[^"]*\.ics)"', page))
    assert links, "the Spanish group page links to its sessions' files"
    assert all(link.startswith("/groups/hearing-voices/sessions/") for link in links)
    path = sorted(links)[0]
    assert client.get(path, HTTP_ACCEPT_LANGUAGE="es")["Content-Language"] == "en"
    assert client.get(f"/es{path}").status_code == 404
