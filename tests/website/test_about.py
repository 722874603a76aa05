"""“About peer support” and the accessibility statement, in three languages."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from tests.factories import RegionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

LANGUAGES = [("", "en"), ("/es", "es"), ("/pt-br", "pt-br")]


def h2s(html):
    return [
        unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(r"<h2[^>]*>(.*?)</h2>", html, re.S)
    ]


def in_language(language, *msgids):
    with translation.override(language):
        return [gettext(msgid) for msgid in msgids]


ABOUT_HEADINGS = [
    "What peer support is",
    "What a group is like",
    "Peer facilitators",
    "Peer Worker Support Groups",
    "Peer Support 101",
    "The Recovery Learning Communities",
    "Taking part your way",
]
ACCESSIBILITY_HEADINGS = [
    "What we do",
    "What we know falls short",
    "Asking for an accommodation at a group",
    "Telling us about a barrier",
]


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_the_about_page_in_each_language(client, prefix, language):
    response = client.get(f"{prefix}/about/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert h2s(html)[: len(ABOUT_HEADINGS)] == in_language(language, *ABOUT_HEADINGS)
    [title] = in_language(language, "About peer support")
    assert f"<h1>{title}</h1>" in html
    # It links to the pages it speaks of, in the same language.
    for path in ("/become-a-facilitator/", "/regions/", "/calendar/", "/accessibility/"):
        assert f'href="{prefix}{path}"' in html


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES[1:])
def test_the_about_page_is_translated_not_english(client, prefix, language):
    html = client.get(f"{prefix}/about/").content.decode()
    english = ABOUT_HEADINGS + ["You can just listen.", "Come as you are."]
    assert [text for text in english if text in html and text != "Peer Support 101"] == []


def test_the_about_page_says_what_it_must(client):
    text = " ".join(
        unescape(re.sub(r"<[^>]+>", " ", client.get("/about/").content.decode())).split()
    )
    for words in (
        "mutual",
        "voluntary",
        "not clinical",
        "It is free.",
        "Come as you are.",
        "You can just listen.",
        "What is said in the group stays in the group.",
        "You don't need a diagnosis",
        "Peer Support 101 is a 3-hour class",
        "for people in recovery, for providers who work alongside peers, and for family and "
        "community members",
        "a requirement for certification as a peer specialist",
        "peer staff",
        "six Recovery Learning Communities (RLCs)",
    ):
        assert (words, words in text) == (words, True)


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_the_accessibility_statement_in_each_language(client, prefix, language):
    RegionFactory(name="Central RLC", slug="central", phone="508-555-0100", email="c@example.org")
    response = client.get(f"{prefix}/accessibility/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}">' in html
    assert h2s(html) == in_language(language, *ACCESSIBILITY_HEADINGS)
    # Where to report a barrier or ask for an accommodation: every RLC, with its contacts.
    assert 'href="tel:508-555-0100"' in html
    assert 'href="mailto:c@example.org"' in html
    assert f'href="{prefix}/regions/central/accommodation/"' in html


def test_the_accessibility_statement_says_what_it_must(client):
    html = client.get("/accessibility/").content.decode()
    text = " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())
    for words in (
        "WCAG) 2.1 at level AA",
        "axe-core",
        "in a real web browser",
        "without JavaScript",
        "fit a phone screen",
        "print cleanly on paper",
        "plain language",
        "English, Spanish and Portuguese",
        "it is deleted 30 days later",
    ):
        assert (words, words in text) == (words, True)


@pytest.mark.parametrize(
    "path", ["/", "/calendar/", "/regions/", "/about/", "/become-a-facilitator/"]
)
@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_every_page_footer_links_to_both(client, path, prefix, language):
    html = client.get(prefix + path).content.decode()
    [footer] = re.findall(r'<footer class="site-footer">.*?</footer>', html, re.S)
    about, accessibility = in_language(
        language, "About peer support", "Accessibility and accommodations"
    )
    assert f'<a href="{prefix}/about/">{about}</a>' in footer
    assert f'<a href="{prefix}/accessibility/">{accessibility}</a>' in footer


@pytest.mark.parametrize(("prefix", "language"), LANGUAGES)
def test_the_home_page_links_to_the_about_page(client, prefix, language):
    html = client.get(f"{prefix}/").content.decode()
    [words] = in_language(language, "New to peer support? What a group is like")
    assert f'<p class="about-link"><a href="{prefix}/about/">{words}</a></p>' in html


@pytest.mark.parametrize("path", ["/about/", "/accessibility/"])
def test_the_pages_take_no_post(client, path):
    assert client.post(path).status_code == 405


def test_a_spanish_browser_is_sent_to_the_spanish_page(client):
    response = client.get("/about/", headers={"Accept-Language": "es"})
    assert (response.status_code, response["Location"]) == (302, "/es/about/")
