"""The public pages in Spanish and Portuguese: their words, and links that keep the language.

The feeds stay English at their one address: the same bytes whatever the reader's language, with
the English page's address in them (README "Languages").
"""

import datetime as dt
import re

import pytest
from django.utils import timezone, translation
from django.utils.html import escape
from django.utils.translation import gettext, pgettext

from regions.models import Venue
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly
from tests.page_clock import NOW, SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

PREFIXES = {"es": "/es", "pt-br": "/pt-br"}
# Addresses that are the same in every language: files, the switcher, the signed-in areas.
ONE_ADDRESS = ("/static/", "/language/", "/me/", "/accounts/", "/manage/", "/admin/")
# A session's .ics, like the feeds, has one English address (peerhub/languages.py).
FILES = (".ics", ".json", ".xml", ".txt", ".atom")
TOMORROW = NOW.date() + dt.timedelta(days=1)  # the group below meets then
LINK = re.compile(r'\s(?:href|action)="(/[^/"][^"]*|/)"')


@pytest.fixture
def world(page_clock):
    """An RLC with a venue, and a weekly group that meets there tomorrow evening."""
    region = RegionFactory(name="Central RLC", slug="central", phone="508-555-0100")
    venue = VenueFactory(
        region=region, slug="library", name="Main Library", town="Worcester", kind=Venue.Kind.OTHER
    )
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    group = GroupFactory(
        region=region,
        venue=venue,
        slug="hearing-voices",
        title="Hearing Voices",
        start_date=tomorrow,
        recurrences=weekly(tomorrow.weekday()),
    )
    return {"region": region, "venue": venue, "group": group, "day": tomorrow}


def html_lang(html: str) -> str:
    return re.search(r'<html lang="([^"]+)"', html).group(1)


def page_links(html: str) -> list[str]:
    """Every address on this site that the page links to or sends a form to."""
    return [
        link
        for link in LINK.findall(html)
        if not link.startswith(ONE_ADDRESS) and not link.split("?")[0].endswith(FILES)
    ]


def said(language: str, english: str, context: str | None = None) -> str:
    """``english`` as the page shows it in ``language`` (escaped, as templates write it)."""
    with translation.override(language):
        words = pgettext(context, english) if context else gettext(english)
    assert words != english, f"{english!r} has no translation in {language}"
    return escape(words)


# Each public page, and words it must show in the page's language.
PAGES = {
    "home": ("/", ["Peer support groups near you", "Your local RLC", "See the full calendar"]),
    "calendar": ("/calendar/", ["Keep these groups in your own calendar", "Show groups"]),
    "week": ("/calendar/?view=week", ["Print this schedule", "Earlier and later dates"]),
    "month": (f"/calendar/?view=month&date={TOMORROW}", ["Mon", "Sun", "What the marks mean"]),
    "group": ("/groups/hearing-voices/", ["About this group", "How to join", "Next dates"]),
    "region": ("/regions/central/", ["Places we meet", "All groups", "Get in touch"]),
    "regions": ("/regions/", ["Find your RLC: Recovery Learning Communities", "Towns"]),
    "venue": ("/venues/library/", ["Groups that meet here", "Add the groups here to my calendar"]),
    "apply": ("/become-a-facilitator/", ["Your answers are private", "Send my application"]),
    "host": ("/host-a-class/", ["Host a Peer Support 101 class", "Who should the RLC talk to?"]),
    "host-thanks": ("/host-a-class/thanks/?region=central", ["What happens next", "Questions?"]),
}


@pytest.mark.parametrize("language", ["es", "pt-br"])
@pytest.mark.parametrize("page", PAGES)
def test_each_public_page_is_in_its_language_and_links_to_pages_in_it(
    client, world, language, page
):
    path, words = PAGES[page]
    prefix = PREFIXES[language]
    response = client.get(prefix + path)
    html = response.content.decode()
    assert (response.status_code, html_lang(html)) == (200, language)
    assert response["Content-Language"] == language
    for english in words:
        assert said(language, english) in html, english
    links = page_links(html)
    assert links, "the page links to no other page"
    assert [link for link in links if not link.startswith(f"{prefix}/")] == []
    assert re.findall(r'href="/(?:groups|calendar)/[^"]*/"', html) == []


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_a_session_shows_its_words_and_its_group_in_the_language(client, world, language):
    prefix = PREFIXES[language]
    html = client.get(f"{prefix}/").content.decode()
    assert f'<a href="{prefix}/groups/hearing-voices/">Hearing Voices</a>' in html
    assert said(language, "Tomorrow") in html
    group_page = client.get(f"{prefix}/groups/hearing-voices/").content.decode()
    assert said(language, "Free", "costs nothing") in group_page
    with translation.override(language):
        title = gettext("%(title)s in %(town)s") % {"title": "Hearing Voices", "town": "Worcester"}
    assert f"<title>{escape(title)} | PeerHub</title>" in group_page
    # The page's own address in its structured data, the feed's in its subscribe box.
    assert f'"url": "{SITE}{prefix}/groups/hearing-voices/"' in group_page
    assert f'value="{SITE}/groups/hearing-voices/calendar.ics"' in group_page


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_calendar_counts_and_pages_in_the_language(client, world, language):
    prefix = PREFIXES[language]
    html = client.get(f"{prefix}/calendar/?view=week").content.decode()
    with translation.override(language):
        count = translation.ngettext("%(counter)s session.", "%(counter)s sessions.", 1)
        later = pgettext("pager", "Next week")
    assert count % {"counter": 1} in html
    assert f'rel="next">{escape(later)}' in html
    assert f'action="{prefix}/calendar/"' in html


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_not_found_is_in_the_language_and_sends_on_to_pages_in_it(client, world, language):
    prefix = PREFIXES[language]
    for path in ("/no-such-page/", "/groups/no-such-group/"):
        response = client.get(prefix + path)
        html = response.content.decode()
        assert (response.status_code, html_lang(html)) == (404, language)
        assert said(language, "Sorry, this page isn't here") in html
        assert f'<a href="{prefix}/calendar/">' in html
        assert [link for link in page_links(html) if not link.startswith(f"{prefix}/")] == []


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_the_feedback_form_comes_back_to_the_page_in_its_language(client, world, language):
    prefix = PREFIXES[language]
    response = client.get(f"{prefix}/groups/hearing-voices/feedback/")
    assert response.status_code == 302
    assert response["Location"] == f"{prefix}/groups/hearing-voices/#feedback"


def test_the_english_pages_keep_their_english_words_and_addresses(client, world):
    html = client.get("/").content.decode()
    assert html_lang(html) == "en"
    assert "Peer support groups near you" in html
    assert '<a href="/groups/hearing-voices/">Hearing Voices</a>' in html
    assert [link for link in page_links(html) if link.startswith(("/es/", "/pt-br/"))] == []


FEEDS = ["/calendar.ics", "/groups/hearing-voices/calendar.ics", "/regions/central/calendar.ics"]
READERS = [
    {},
    {"HTTP_ACCEPT_LANGUAGE": "es-MX,es;q=0.9"},
    {"HTTP_ACCEPT_LANGUAGE": "pt-BR,pt;q=0.9"},
    {"HTTP_ACCEPT_LANGUAGE": "en-US"},
]


@pytest.mark.parametrize("feed", FEEDS)
def test_a_feed_is_the_same_bytes_for_every_reader_language(client, world, feed):
    # A Spanish and a Portuguese visit first, to fill every cache they could fill.
    for prefix in PREFIXES.values():
        assert client.get(f"{prefix}/groups/hearing-voices/").status_code == 200
        ics = f"/groups/hearing-voices/sessions/{world['day'].isoformat()}.ics"
        assert client.get(ics, HTTP_ACCEPT_LANGUAGE=prefix[1:]).status_code == 200
    bodies = set()
    for headers in READERS:
        response = client.get(feed, **headers)
        assert response.status_code == 200
        bodies.add(response.getvalue())
    client.cookies["django_language"] = "es"
    bodies.add(client.get(feed).getvalue())
    [body] = bodies
    text = body.decode()
    assert f"URL:{SITE}/groups/hearing-voices/" in text.replace("\r\n ", "")
    assert "/es/" not in text
    assert "/pt-br/" not in text


@pytest.mark.parametrize("language", ["es", "pt-br"])
def test_a_sessions_file_from_a_page_in_another_language_names_the_english_page(
    client, world, language
):
    day = world["day"].isoformat()
    page = client.get(f"{PREFIXES[language]}/groups/hearing-voices/").content.decode()
    path = f"/groups/hearing-voices/sessions/{day}.ics"
    assert f'href="{path}"' in page
    assert client.get(f"{PREFIXES[language]}{path}").status_code == 404
    response = client.get(path, HTTP_ACCEPT_LANGUAGE=language)
    text = response.content.decode().replace("\r\n ", "")
    assert response.status_code == 200
    assert f"URL:{SITE}/groups/hearing-voices/" in text
    assert f"/{language}/" not in text


def test_the_api_names_the_english_pages_whatever_the_reader(client, world):
    answers = {
        client.get("/api/v1/groups.json", HTTP_ACCEPT_LANGUAGE=header).content
        for header in ("es", "pt-BR", "en")
    }
    [answer] = answers
    assert f"{SITE}/groups/hearing-voices/".encode() in answer
    assert b"/es/" not in answer
