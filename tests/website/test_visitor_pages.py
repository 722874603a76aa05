"""Whole public pages kept for visitors not signed in (website/visitor_pages.py).

A kept page is the same bytes for everyone it is for and never anyone else's: not a signed-in
user's menu, not another visitor's CSRF token or form code, not another address's language
links, not a page of problems; and it moves with the data it shows and the site's build.
"""

import datetime as dt
import re
import time

import pytest
from django.db import connection
from django.test import Client

from groups import versions
from groups.models import GroupFeedback
from groups.services import ANY_VERSION, group_update
from groups.sessions import session_cancel
from regions.services import venue_update
from tests.caches import clear_caches
from tests.two_regions import TUESDAY
from website import visitor_pages

pytestmark = pytest.mark.django_db

WEEK = "/calendar/?view=week&date=2026-03-02&region=metro-boston"
TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
CODE = re.compile(r'name="submission" value="([^"]+)"')


def group_url(side):
    return f"/groups/{side.group.slug}/"


def language_links(response) -> list[str]:
    return re.findall(r'href="(/language/[^"]*)"', response.content.decode())


def test_a_kept_calendar_page_reads_only_its_versions(
    client, east, west, django_assert_num_queries
):
    first = client.get(WEEK)
    with django_assert_num_queries(1):
        again = client.get(WEEK)
    assert (again.status_code, again.content) == (200, first.content)
    assert again.context is None  # nothing rendered


def test_a_change_anywhere_moves_the_kept_calendar_page(client, east, west):
    client.get(WEEK)
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow", notify=False)
    assert "Snow" in client.get(WEEK).content.decode()
    # A venue's new name, with no group at it: the page of that venue names it.
    page = f"{WEEK}&venue={east.other_venue.slug}"
    assert east.other_venue.name in client.get(page).content.decode()
    venue_update(venue=east.other_venue, name="Metro Boston Drop-In")
    assert "Metro Boston Drop-In" in client.get(page).content.decode()


def test_a_signed_in_user_never_gets_or_leaves_a_kept_page(client, east, west):
    assert "Sign in" in client.get(WEEK).content.decode()
    coordinator = Client()
    coordinator.force_login(east.coordinator)
    page = coordinator.get(WEEK).content.decode()
    assert ("Console" in page, "Sign out" in page) == (True, True)
    page = client.get(WEEK).content.decode()
    assert ("Console" in page, "Sign out" in page, "Sign in" in page) == (False, False, True)


def test_each_address_keeps_its_own_language_links(client, east, west):
    """The language links repeat the address asked for: a parameter the page does not read
    (a tracking tag) is never kept, and each spelling of an address has its own page."""
    tagged = client.get(f"{WEEK}&utm_source=flyer")
    assert all("utm_source" in link for link in language_links(tagged))
    plain = client.get(WEEK)
    assert [link for link in language_links(plain) if "utm_source" in link] == []
    reordered = "/calendar/?region=metro-boston&view=week&date=2026-03-02"
    links = language_links(client.get(reordered))
    assert len(links) == 2
    assert all("region%3Dmetro-boston%26view%3Dweek" in link for link in links)


def test_a_page_of_problems_is_answered_not_kept(client, east, west):
    assert client.get("/calendar/?date=someday").status_code == 400
    again = client.get("/calendar/?date=someday")
    assert again.status_code == 400
    assert again.context["problems"]  # rendered again, not taken from a cache


def test_a_new_build_of_the_site_is_never_served_an_old_page(client, east, west, monkeypatch):
    client.get(WEEK)
    monkeypatch.setattr(visitor_pages, "site_build", lambda: "another build")
    response = client.get(WEEK)
    assert response.context is not None  # rendered for the new build


def test_each_visitor_gets_their_own_token_and_code_and_both_forms_are_kept(east, west):
    """Two visitors, each with the CSRF check on, send the feedback form of the one kept page."""
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    pages = [visitor.get(group_url(east)) for visitor in visitors]
    tokens = [TOKEN.search(page.content.decode()).group(1) for page in pages]
    codes = [CODE.search(page.content.decode()).group(1) for page in pages]
    assert (pages[1].context, len(set(tokens)), len(set(codes))) == (None, 2, 2)
    for visitor, token, code in zip(visitors, tokens, codes, strict=True):
        sent = visitor.post(
            f"{group_url(east)}feedback/",
            {"rating": "5", "comment": "", "csrfmiddlewaretoken": token, "submission": code},
        )
        assert sent.status_code == 302
    assert GroupFeedback.objects.filter(group=east.group).count() == 2


def test_the_thanks_goes_to_its_sender_only(east, west):
    sender, other = Client(), Client()
    sender.get(group_url(east))
    page = sender.get(group_url(east)).content.decode()
    sent = sender.post(
        f"{group_url(east)}feedback/",
        {"rating": "4", "comment": "", "submission": CODE.search(page).group(1)},
        follow=True,
    )
    assert "Thank you for telling us." in sent.content.decode()
    assert "Thank you for telling us." not in other.get(group_url(east)).content.decode()
    assert "Thank you for telling us." not in sender.get(group_url(east)).content.decode()


def test_text_typed_into_a_group_cannot_make_a_mark(client, east, west):
    marks = f"{visitor_pages.CSRF_MARK} {visitor_pages.SUBMISSION_MARK}"
    group_update(group=east.group, expected_version=ANY_VERSION, description=marks)
    client.get(group_url(east))
    page = client.get(group_url(east)).content.decode()
    assert "&lt;peerhub-csrf-token&gt; &lt;peerhub-submission-code&gt;" in page
    assert len(TOKEN.findall(page)) == 1


def test_a_group_made_private_is_gone_at_once_and_its_page_comes_back_new(client, east, west):
    client.get(group_url(east))
    group_update(group=east.group, expected_version=ANY_VERSION, is_public=False)
    assert client.get(group_url(east)).status_code == 404
    group_update(group=east.group, expected_version=ANY_VERSION, is_public=True, title="Voices")
    assert "Voices" in client.get(group_url(east)).content.decode()


def test_with_every_cache_gone_the_page_is_the_same(client, east, west):
    kept = [client.get(WEEK).content, client.get(group_url(west)).content]
    clear_caches()
    again = [client.get(WEEK).content, client.get(group_url(west)).content]
    assert again[0] == kept[0]
    mine = [CODE.sub("", TOKEN.sub("", page.decode())) for page in (again[1], kept[1])]
    assert mine[0] == mine[1]


POSTGRES = connection.vendor == "postgresql"


@pytest.fixture
def listening(settings):
    """The versions in this worker's memory, dropped by NOTIFY as each change commits."""
    settings.FEED_VERSIONS_LISTEN = True
    memo = versions.active_memo()
    deadline = time.monotonic() + 5
    while not memo.listening and time.monotonic() < deadline:
        time.sleep(0.02)
    assert memo.listening
    yield
    versions.stop()
    clear_caches()


@pytest.mark.skipif(not POSTGRES, reason="LISTEN/NOTIFY: PostgreSQL only")
@pytest.mark.django_db(transaction=True)
def test_with_the_versions_in_memory_a_kept_group_page_reads_nothing(
    east, west, listening, django_assert_num_queries
):
    client = Client()
    client.get(group_url(east))
    with django_assert_num_queries(0):
        assert client.get(group_url(east)).status_code == 200
    group_update(group=east.group, expected_version=ANY_VERSION, is_public=False)
    time.sleep(0.5)  # PostgreSQL's delivery to the listening connection (README)
    assert client.get(group_url(east)).status_code == 404


@pytest.mark.parametrize(
    ("now", "midnight"),
    [
        ("2026-02-28T12:00", "2026-03-01T00:00-05:00"),  # a month's end
        ("2026-03-07T23:59", "2026-03-08T00:00-05:00"),  # the night the clocks go forward
        ("2026-03-08T12:00", "2026-03-09T00:00-04:00"),  # a day of 23 hours
        ("2026-11-01T00:30", "2026-11-02T00:00-05:00"),  # a day of 25 hours
    ],
)
def test_a_page_kept_whole_in_the_worker_lasts_until_the_next_local_midnight(
    monkeypatch, now, midnight
):
    """A page kept whole shows today's date ("Today", "Tomorrow"): kept no later than the next
    midnight where the site dates its pages (groups/kept_answers.py, ``until``)."""
    from zoneinfo import ZoneInfo

    from django.utils import timezone

    moment = dt.datetime.fromisoformat(now).replace(tzinfo=ZoneInfo("America/New_York"))
    monkeypatch.setattr(timezone, "now", lambda: moment)
    expected = dt.datetime.fromisoformat(midnight).timestamp()
    assert visitor_pages._next_midnight() == expected
