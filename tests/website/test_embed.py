"""The pages a partner's site frames (/embed/...): next sessions, framing allowed only there."""

import datetime as dt
import re
from html import unescape

import pytest
from django.utils import translation

from groups import sessions
from groups.models import Group, GroupTranslation
from regions.models import Venue
from tests.factories import GroupFactory, VenueFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

MOVED = dt.date(2026, 3, 17)


@pytest.fixture
def world(east, west):
    """Both regions of tests/two_regions.py, and in the east a shelter with a private address
    holding a public and a private group, a cancelled and a moved session; all built before any
    page is read."""
    shelter = VenueFactory(
        region=east.region,
        slug="harbor-shelter",
        name="Harbor Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Quincy",
        address_is_public=False,
    )
    circle = GroupFactory(
        region=east.region, venue=shelter, slug="shelter-circle", title="Shelter Circle"
    )
    GroupFactory(
        region=east.region,
        venue=shelter,
        slug="shelter-inpatient",
        title="Shelter Inpatient Circle",
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
    )
    GroupFactory(region=east.region, venue=shelter, slug="paused", title="Paused", status="paused")
    VenueFactory(region=east.region, slug="closed-hall", name="Closed Hall", is_active=False)
    sessions.session_cancel(
        group=circle, original_date=dt.date(2026, 3, 10), public_note="Staff day", notify=False
    )
    sessions.session_move(
        group=east.group, original_date=MOVED, new_start_time=dt.time(19, 0), notify=False
    )
    return {"east": east, "west": west, "shelter": shelter, "circle": circle}


def page(client, path: str) -> str:
    response = client.get(path)
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def rows(html: str) -> list[tuple[str, str, str]]:
    """Each session listed: (when, group, badge or "")."""
    found = []
    for item in re.findall(r'<li class="embed__session[^"]*">(.*?)</li>', html, re.S):
        when = re.search(r"<time [^>]*>(.*?)</time>", item).group(1)
        title = re.search(r'target="_top">(.*?)</a>', item).group(1)
        badge = re.search(r'<strong class="embed__badge">(.*?)</strong>', item)
        found.append((unescape(when), unescape(title), badge.group(1) if badge else ""))
    return found


def test_region_embed_lists_the_next_four_weeks_of_its_public_sessions(client, world):
    html = page(client, "/embed/regions/metro-boston/")
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == "Peer support with Metro Boston RLC"
    assert rows(html) == [
        ("Tuesday 3 March, 6:00 to 7:30 pm", "Metro Boston Hearing Voices", ""),
        ("Tuesday 3 March, 6:00 to 7:30 pm", "Shelter Circle", ""),
        ("Tuesday 10 March, 6:00 to 7:30 pm", "Metro Boston Hearing Voices", ""),
        ("Tuesday 10 March, 6:00 to 7:30 pm", "Shelter Circle", "Cancelled"),
        ("Tuesday 17 March, 6:00 to 7:30 pm", "Shelter Circle", ""),
        ("Tuesday 17 March, 7:00 to 8:30 pm", "Metro Boston Hearing Voices", "Changed"),
        ("Tuesday 24 March, 6:00 to 7:30 pm", "Metro Boston Hearing Voices", ""),
        ("Tuesday 24 March, 6:00 to 7:30 pm", "Shelter Circle", ""),
    ]
    assert '<del><a href="/groups/shelter-circle/" target="_top">Shelter Circle</a></del>' in html
    assert '<a href="/regions/metro-boston/" target="_top">' in html
    assert '<html lang="en">' in html
    assert '<meta name="robots" content="noindex">' in html
    # Standalone: none of the site's header, navigation or footer.
    assert ("site-header" in html, "skip-link" in html, "site-footer" in html) == (
        False,
        False,
        False,
    )


def test_region_embed_shows_only_its_own_region(client, world):
    html = page(client, "/embed/regions/western/")
    assert {title for _when, title, _badge in rows(html)} == {"Western Mass Hearing Voices"}


def test_venue_embed_with_a_private_address_gives_the_town_only(client, world):
    html = page(client, "/embed/venues/harbor-shelter/")
    assert [(title, badge) for _when, title, badge in rows(html)] == [
        ("Shelter Circle", ""),
        ("Shelter Circle", "Cancelled"),
        ("Shelter Circle", ""),
        ("Shelter Circle", ""),
    ]
    assert re.findall(r'<p class="embed__where">(.*?)</p>', html) == ["Harbor Shelter, Quincy"] * 4
    assert '<a href="/venues/harbor-shelter/" target="_top">All groups at Harbor Shelter</a>' in (
        html
    )


def test_group_embed_lists_the_group_alone(client, world):
    html = page(client, "/embed/groups/western-hearing-voices/")
    assert rows(html) == [
        (f"Tuesday {day} March, 6:00 to 7:30 pm", "Western Mass Hearing Voices", "")
        for day in (3, 10, 17, 24)
    ]
    places = re.findall(r'<p class="embed__where">(.*?)</p>', html)
    assert places == ["Western Mass Library, 1 Main Street, Worcester"] * 4


SECRETS = [
    "Inpatient",
    "Paused",
    "Hidden Lane",
    "Private:",
    "Closed Hall",
    "Lead1",
    "Spare1",
    "coordinator.",
]


@pytest.mark.parametrize(
    "path",
    [
        "/embed/regions/metro-boston/",
        "/embed/venues/harbor-shelter/",
        "/embed/venues/metro-boston-center/",
        "/embed/groups/metro-boston-hearing-voices/",
        "/es/embed/regions/metro-boston/",
    ],
)
def test_embeds_never_show_private_groups_addresses_or_people(client, world, path):
    text = unescape(page(client, path))
    assert [secret for secret in SECRETS if secret in text] == []


def test_a_venue_with_only_private_groups_says_nothing_is_scheduled(client, world):
    html = page(client, "/embed/venues/metro-boston-center/")
    assert (rows(html), "Nothing is scheduled in the coming weeks." in html) == ([], True)


@pytest.mark.parametrize(
    "path",
    [
        "/embed/regions/nowhere/",
        "/embed/venues/nowhere/",
        "/embed/venues/closed-hall/",
        "/embed/groups/nowhere/",
        "/embed/groups/metro-boston-inpatient/",
        "/embed/groups/shelter-inpatient/",
        "/embed/groups/paused/",
    ],
)
def test_unknown_private_or_inactive_things_are_a_404_a_partner_may_frame(client, world, path):
    response = client.get(path)
    html = response.content.decode()
    assert (response.status_code, directives(response)["frame-ancestors"]) == (404, "*")
    assert response.get("X-Frame-Options") is None
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == (
        "These sessions are no longer listed here"
    )
    assert '<a href="/calendar/" target="_top">Find a group in the calendar</a>' in html
    assert [secret for secret in SECRETS if secret in unescape(html)] == []


def test_a_missing_embed_is_in_the_language_of_its_address(client, world):
    response = client.get("/es/embed/groups/nowhere/")
    assert response.status_code == 404
    assert '<html lang="es">' in response.content.decode()
    assert '<a href="/es/calendar/" target="_top">' in response.content.decode()


def directives(response) -> dict[str, str]:
    policy = response["Content-Security-Policy"]
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


@pytest.mark.parametrize(
    "path",
    [
        "/embed/regions/metro-boston/",
        "/embed/venues/metro-boston-library/",
        "/embed/groups/metro-boston-hearing-voices/",
        "/pt-br/embed/groups/metro-boston-hearing-voices/",
    ],
)
def test_embed_pages_may_be_framed_by_any_site(client, world, path):
    response = client.get(path)
    assert (response.status_code, directives(response)["frame-ancestors"]) == (200, "*")
    assert response.get("X-Frame-Options") is None
    # The rest of the policy is the site's own: only its own scripts and styles.
    assert (directives(response)["script-src"], directives(response)["style-src"]) == (
        "'self'",
        "'self'",
    )


@pytest.mark.parametrize(
    "path",
    ["/", "/regions/metro-boston/", "/groups/metro-boston-hearing-voices/", "/groups/x/"],
)
def test_every_other_page_still_refuses_to_be_framed(client, world, path):
    response = client.get(path)
    assert (directives(response)["frame-ancestors"], response["X-Frame-Options"]) == (
        "'none'",
        "DENY",
    )


@pytest.mark.parametrize(("prefix", "language"), [("/es", "es"), ("/pt-br", "pt-br")])
def test_embeds_are_in_the_language_of_their_address(client, world, prefix, language):
    GroupTranslation.objects.create(
        group=world["circle"], language=language, title=f"Círculo ({language})"
    )
    html = page(client, f"{prefix}/embed/regions/metro-boston/")
    with translation.override(language):
        heading = translation.gettext("Peer support with %(name)s") % {"name": "Metro Boston RLC"}
        cancelled = translation.pgettext("session", "Cancelled")
        all_words = translation.gettext("All groups and sessions of %(name)s") % {
            "name": "Metro Boston RLC"
        }
    assert f'<html lang="{language}">' in html
    assert re.search(r"<h1[^>]*>(.*?)</h1>", html).group(1) == heading
    assert ("Cancelled" in html, cancelled in html) == (False, True)
    assert f'<a href="{prefix}/regions/metro-boston/" target="_top">{all_words}</a>' in unescape(
        html
    )
    assert f'<a href="{prefix}/groups/shelter-circle/" target="_top">Círculo ({language})</a>' in (
        html
    )


@pytest.mark.parametrize("count", [1, 3])
def test_region_embed_query_count_is_fixed(client, django_assert_num_queries, count, east):
    for number in range(count):
        GroupFactory(region=east.region, venue=east.venue, slug=f"extra-{number}")
    # The region, its public groups, their session changes; in Spanish, their translations too.
    with django_assert_num_queries(3):
        assert client.get("/embed/regions/metro-boston/").status_code == 200
    with django_assert_num_queries(4):
        assert client.get("/es/embed/regions/metro-boston/").status_code == 200


@pytest.mark.parametrize("count", [1, 3])
def test_venue_embed_query_count_is_fixed(client, django_assert_num_queries, count, east):
    for number in range(count):
        GroupFactory(region=east.region, venue=east.venue, slug=f"extra-{number}")
    with django_assert_num_queries(3):
        assert client.get("/embed/venues/metro-boston-library/").status_code == 200


def test_group_embed_query_count_is_fixed(client, django_assert_num_queries, east):
    # The group, its session changes; in Spanish, its translation too.
    with django_assert_num_queries(2):
        assert client.get("/embed/groups/metro-boston-hearing-voices/").status_code == 200
    with django_assert_num_queries(3):
        assert client.get("/es/embed/groups/metro-boston-hearing-voices/").status_code == 200


def test_embed_answers_only_reading(client, world):
    assert client.post("/embed/regions/metro-boston/").status_code == 405
