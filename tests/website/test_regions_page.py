"""/regions/: every RLC, its towns, how to reach it and its feed, one page to find your RLC."""

import re
from html import unescape

import pytest

from regions.models import Venue
from tests.factories import GroupFactory, RegionFactory, VenueFactory
from tests.page_clock import SITE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


@pytest.fixture
def rlcs():
    central = RegionFactory(
        name="Central RLC",
        slug="central",
        description="Peer-run, free, and open to you as you are.",
        phone="508-555-0100",
        email="hello@central.example.org",
        website="https://central.example.org",
        address="12 Front Street, Worcester",
    )
    western = RegionFactory(name="Western RLC", slug="western", phone="413-555-0100")
    VenueFactory(region=central, slug="lib", name="Main Library", town="Worcester")
    VenueFactory(region=central, slug="hall", name="Church Hall", town="Fitchburg")
    VenueFactory(
        region=central,
        slug="shelter",
        name="Harbor Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        address_is_public=False,
    )
    VenueFactory(
        region=central,
        slug="room",
        name="Online Room",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/secret-room",
    )
    VenueFactory(region=central, slug="closed", name="Closed", town="Leominster", is_active=False)
    VenueFactory(region=western, slug="springfield", name="Peer Centre", town="Springfield")
    RegionFactory(name="Quiet RLC", slug="quiet", phone="", email="", website="", address="")
    return central, western


def html_of(response):
    assert response.status_code == 200, response.status_code
    return unescape(response.content.decode())


def section_of(html, slug):
    match = re.search(
        rf'<li class="region-card" id="rlc-{slug}">(.*?)</li>\s*<!-- /rlc -->', html, re.S
    )
    assert match, f"no card for {slug}"
    return match.group(1)


def test_every_rlc_has_its_card_in_name_order(client, rlcs):
    html = html_of(client.get("/regions/"))
    assert "<title>Find your RLC: Recovery Learning Communities | PeerHub</title>" in html
    assert re.findall(r'<h2 id="rlc-[a-z-]+-name"><a href="/regions/([a-z-]+)/">', html) == [
        "central",
        "quiet",
        "western",
    ]


def test_a_card_has_the_towns_contacts_and_feed(client, rlcs):
    card = section_of(html_of(client.get("/regions/")), "central")
    # Towns of its active venues, once each, in order; never an inactive venue's town.
    assert "<dt>Towns</dt><dd>Fitchburg, Worcester</dd>" in card
    assert "Leominster" not in card
    assert '<a href="tel:508-555-0100">508-555-0100</a>' in card
    assert '<a href="mailto:hello@central.example.org">hello@central.example.org</a>' in card
    assert '<a href="https://central.example.org">central.example.org</a>' in card
    assert "<dt>Office</dt><dd>12 Front Street, Worcester</dd>" in card
    assert 'href="webcal://peerhub.example.org/regions/central/calendar.ics"' in card
    assert f'href="{SITE}/regions/central/calendar.ics"' in card
    assert 'href="/calendar/?region=central"' in card
    # A private address is never shown, nor an online room's link.
    assert "Hidden Lane" not in card
    assert "secret-room" not in card


def test_an_rlc_without_venues_or_contacts_says_so_kindly(client, rlcs):
    card = section_of(html_of(client.get("/regions/")), "quiet")
    assert "Towns" not in card
    assert "tel:" not in card
    assert 'href="webcal://peerhub.example.org/regions/quiet/calendar.ics"' in card


def test_the_page_is_in_the_header_nav(client, rlcs):
    html = html_of(client.get("/"))
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    assert '<a href="/regions/">Find your RLC</a>' in nav
    html = html_of(client.get("/regions/"))
    nav = re.search(r'<nav class="site-nav" aria-label="Main">(.*?)</nav>', html, re.S).group(1)
    assert '<a href="/regions/" aria-current="page">Find your RLC</a>' in nav


def test_no_regions_yet(client):
    html = html_of(client.get("/regions/"))
    assert "No RLCs are listed yet." in html


def test_only_get_and_head(client, rlcs):
    assert client.post("/regions/").status_code == 405
    assert client.head("/regions/").status_code == 200


@pytest.mark.parametrize("count", [1, 4])
def test_query_count_is_fixed(client, django_assert_num_queries, count):
    for n in range(count):
        region = RegionFactory(slug=f"rlc-{n}")
        for town in ("Ayer", "Boston"):
            VenueFactory(region=region, town=town)
        GroupFactory(region=region)
    # the regions, their active venues
    with django_assert_num_queries(2):
        response = client.get("/regions/")
    assert len(response.context["regions"]) == count
