"""The public group page, the one-session .ics, the sitemap, robots.txt and the error pages."""

import datetime as dt
import gzip
import json
import re
from html import unescape
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.sites.models import Site
from django.utils.http import http_date
from icalendar import Calendar

from groups import sessions
from groups.models import AccessFeature, Group, Language
from regions.models import Region, Venue
from tests.caches import clear_caches
from tests.factories import (
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
)
from tests.page_clock import BOSTON, SITE
from tests.sitemaps import NAMESPACE as SITEMAP_NAMESPACE
from tests.sitemaps import SITEMAP_PATHS, parsed, sitemap_locations, sitemap_pages, sitemap_urls
from website.pages import json_ld
from website.sitemaps import PublicSitemap

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


@pytest.fixture
def world():
    """Two regions, with everything that could leak built before any page is fetched."""
    central = RegionFactory(
        name="Central RLC",
        slug="central",
        phone="508-555-0100",
        email="hello@central.example.org",
        website="https://central.example.org",
    )
    western = RegionFactory(name="Western RLC", slug="western", phone="413-555-0106")
    hospital = VenueFactory(
        region=central,
        slug="hospital",
        name="State Hospital",
        kind=Venue.Kind.STATE_HOSPITAL,
        address="100 Secret Road, Unit B",
        town="Westborough",
        address_is_public=False,
        latitude="42.270001",
        longitude="-71.610001",
    )
    shelter = VenueFactory(
        region=central,
        slug="shelter",
        name="Harbor Shelter",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Worcester",
        address_is_public=False,
        latitude="42.262593",
        longitude="-71.802293",
        accessibility_notes="Step-free entrance at the side door.",
    )
    online = VenueFactory(
        region=central,
        slug="online",
        name="Central Online Room",
        kind=Venue.Kind.ONLINE,
        address="",
        town="",
        join_details="https://meet.example.org/secret-room",
    )
    library = VenueFactory(
        region=central,
        slug="library",
        name="Main Library",
        address="1 Main Street",
        town="Worcester",
        latitude="42.263000",
        longitude="-71.800000",
        accessibility_notes="Lift to the second floor.",
    )
    hidden = GroupFactory(
        region=central,
        venue=hospital,
        slug="inpatient-circle",
        title="Inpatient Circle",
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
    )
    paused = GroupFactory(
        region=central, venue=library, slug="paused", title="Paused Circle", status="paused"
    )
    wrap = GroupFactory(
        region=central,
        venue=library,
        slug="wrap",
        title="WRAP Group",
        description="Build your own Wellness Recovery Action Plan with peers.",
        how_to_join="Just drop in; no need to sign up.",
        last_confirmed_on=dt.date(2026, 2, 1),
    )
    wrap.languages.set(Language.objects.filter(code__in=["en", "es"]))
    wrap.access_features.set(AccessFeature.objects.filter(slug__in=["wheelchair", "transit"]))
    shelter_group = GroupFactory(
        region=central, venue=shelter, slug="shelter-group", title="Shelter Peer Circle"
    )
    online_group = GroupFactory(
        region=central, venue=online, slug="online-group", title="Online Peer Support"
    )
    western_group = GroupFactory(region=western, slug="western-group", title="Western Group")
    maria = FacilitatorFactory(
        user=UserFactory(email="maria.private@example.org"),
        display_name="Maria S.",
        private_phone="508-555-0199",
    )
    for group in (hidden, wrap, shelter_group, online_group):
        GroupFacilitatorFactory(group=group, facilitator=maria)
    sessions.session_cancel(
        group=wrap,
        original_date=dt.date(2026, 3, 17),
        public_note="Closed for St Patrick's Day",
        private_note="Private: the facilitator is unwell",
    )
    sessions.session_move(
        group=wrap,
        original_date=dt.date(2026, 3, 24),
        new_start_time=dt.time(19, 0),
        public_note="An hour later this week",
        private_note="Private: room double-booked",
    )
    for group in (wrap, shelter_group, online_group, western_group):
        group.refresh_from_db()
    return {
        "central": central,
        "western": western,
        "wrap": wrap,
        "shelter_group": shelter_group,
        "online_group": online_group,
        "western_group": western_group,
        "hidden": hidden,
        "paused": paused,
        "maria": maria,
    }


def html_of(response):
    assert response.status_code == 200, response.status_code
    return response.content.decode()


def ld_json(html):
    [found] = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    return json.loads(found)


def sessions_listed(response):
    return [
        (item["session"].occurrence.original_date, item["session"].occurrence.status)
        for item in response.context["next_dates"]
    ]


# Privacy --------------------------------------------------------------------------------------

PUBLIC_PAGES = [
    "/groups/wrap/",
    "/groups/shelter-group/",
    "/groups/online-group/",
    "/groups/western-group/",
    "/groups/wrap/sessions/2026-03-03.ics",
    "/groups/shelter-group/sessions/2026-03-03.ics",
    "/groups/online-group/sessions/2026-03-03.ics",
    "/regions/central/",
    "/regions/western/",
    "/venues/hospital/",
    "/venues/shelter/",
    "/venues/online/",
    "/venues/library/",
    *SITEMAP_PATHS,
]
SECRETS = [
    "Inpatient Circle",
    "inpatient-circle",
    "Paused Circle",
    "Secret Road",
    "Hidden Lane",
    "42.262593",
    "42.270001",
    "secret-room",
    "508-555-0199",
    "maria.private@example.org",
    "Private:",
]


@pytest.mark.parametrize("url", PUBLIC_PAGES)
def test_public_pages_never_show_private_groups_addresses_or_contact_details(client, world, url):
    text = unescape(client.get(url).content.decode().replace("\r\n ", ""))
    assert [secret for secret in SECRETS if secret in text] == []


@pytest.mark.parametrize("slug", ["inpatient-circle", "paused", "no-such-group"])
def test_private_paused_or_unknown_group_page_is_a_friendly_404(client, world, slug):
    response = client.get(f"/groups/{slug}/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "We couldn't find that page. The group may have ended or moved." in html
    assert 'href="/calendar/"' in html
    assert "Inpatient Circle" not in html


# The group page -------------------------------------------------------------------------------


def test_group_page_says_what_the_group_is_and_who_it_is_for(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert "<h1>WRAP Group</h1>" in html
    assert "Build your own Wellness Recovery Action Plan with peers." in html
    assert "<dt>Who it is for</dt><dd>Open to all</dd>" in html
    assert "<dt>Kind of group</dt><dd>Self-help group</dd>" in html
    assert "<dt>Languages</dt><dd>English, Español</dd>" in html
    assert "<li>Near public transit</li><li>Wheelchair accessible</li>" in html
    assert "<dt>Facilitated by</dt><dd>Maria S.</dd>" in html
    assert "<dt>When</dt><dd>Every Tuesday, 6:00 to 7:30 pm</dd>" in html
    assert "Just drop in; no need to sign up." in html
    assert "Last confirmed as running on 1 February 2026." in html


def test_group_page_title_and_description_say_what_and_where(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert "<title>WRAP Group in Worcester | PeerHub</title>" in html
    assert (
        '<meta name="description" content="Build your own Wellness Recovery Action Plan with '
        'peers. Every Tuesday, 6:00 to 7:30 pm. Free, in Worcester, Central RLC.">'
    ) in html
    online = html_of(client.get("/groups/online-group/"))
    assert "<title>Online Peer Support online | PeerHub</title>" in online


def test_group_page_lists_the_next_eight_weeks_with_changes_marked(client, world):
    response = client.get("/groups/wrap/")
    assert sessions_listed(response) == [
        (dt.date(2026, 3, 3), "confirmed"),
        (dt.date(2026, 3, 10), "confirmed"),
        (dt.date(2026, 3, 17), "cancelled"),
        (dt.date(2026, 3, 24), "confirmed"),
        (dt.date(2026, 3, 31), "confirmed"),
        (dt.date(2026, 4, 7), "confirmed"),
        (dt.date(2026, 4, 14), "confirmed"),
        (dt.date(2026, 4, 21), "confirmed"),
    ]
    html = html_of(response)
    assert "<del><time" in html
    assert "Closed for St Patrick&#x27;s Day" in html
    assert '<strong class="badge badge--moved">Changed</strong>' in html
    assert "An hour later this week" in html


def test_group_page_offers_downloads_for_sessions_that_are_not_cancelled(client, world):
    response = client.get("/groups/wrap/")
    assert [item["ics_path"] for item in response.context["next_dates"]] == [
        "/groups/wrap/sessions/2026-03-03.ics",
        "/groups/wrap/sessions/2026-03-10.ics",
        None,
        "/groups/wrap/sessions/2026-03-24.ics",
        "/groups/wrap/sessions/2026-03-31.ics",
        "/groups/wrap/sessions/2026-04-07.ics",
        "/groups/wrap/sessions/2026-04-14.ics",
        "/groups/wrap/sessions/2026-04-21.ics",
    ]
    html = html_of(response)
    assert "/groups/wrap/sessions/2026-03-17.ics" not in html
    assert (
        '<a href="/groups/wrap/sessions/2026-03-03.ics" download>Download (.ics)'
        '<span class="visually-hidden"> for Tuesday 3 March</span></a>'
    ) in html


def test_google_calendar_link_has_utc_times_and_the_public_location(client, world):
    response = client.get("/groups/wrap/")
    links = [item["google_link"] for item in response.context["next_dates"]]
    first, second = (urlsplit(link) for link in links[:2])
    assert (first.scheme, first.netloc, first.path) == (
        "https",
        "calendar.google.com",
        "/calendar/render",
    )
    assert parse_qs(first.query) == {
        "action": ["TEMPLATE"],
        "text": ["WRAP Group"],
        "dates": ["20260303T230000Z/20260304T003000Z"],
        "details": [
            f"Build your own Wellness Recovery Action Plan with peers.\n\n{SITE}/groups/wrap/"
        ],
        "location": ["Main Library, 1 Main Street, Worcester"],
        "ctz": ["America/New_York"],
    }
    # After the clocks go forward, 6 pm is 22:00 UTC.
    assert parse_qs(second.query)["dates"] == ["20260310T220000Z/20260310T233000Z"]
    moved = parse_qs(urlsplit(links[3]).query)["dates"]
    assert moved == ["20260324T230000Z/20260325T003000Z"]


def test_google_calendar_link_of_a_shelter_group_gives_its_name_and_town_only(client, world):
    response = client.get("/groups/shelter-group/")
    link = response.context["next_dates"][0]["google_link"]
    assert parse_qs(urlsplit(link).query)["location"] == ["Harbor Shelter, Worcester"]


def test_group_page_venue_with_a_public_address(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert '<a href="/venues/library/">Main Library</a><br>1 Main Street, Worcester' in html
    assert "Lift to the second floor." in html
    assert "The address is shared when you contact" not in html


def test_group_page_venue_with_a_private_address_gives_the_town_and_the_rlc(client, world):
    html = html_of(client.get("/groups/shelter-group/"))
    assert '<a href="/venues/shelter/">Harbor Shelter</a><br>Worcester</p>' in html
    assert "The address is shared when you contact Central RLC." in html
    assert "Step-free entrance at the side door." in html


def how_to_join_of(html):
    """The "How to join" section, its white space squeezed to single spaces."""
    found = re.search(r'<section aria-labelledby="how-to-join">(.*?)</section>', html, re.S)
    return re.sub(r"\s+", " ", found.group(1)).strip()


def test_a_drop_in_group_at_a_private_address_asks_for_the_address_first(client, world):
    Group.objects.filter(slug="shelter-group").update(how_to_join="Just drop in.\nNo sign-up.")
    html = html_of(client.get("/groups/shelter-group/"))
    assert "<p>The address is shared when you contact Central RLC.</p>" in html
    assert how_to_join_of(html) == (
        '<h2 id="how-to-join">How to join</h2> <ol class="join-steps"> '
        "<li>Get in touch with Central RLC first: they will tell you the address.</li> "
        "<li>Just drop in.<br>No sign-up.</li> </ol> "
        "<p>Questions before you come? Central RLC is happy to help.</p>"
    )


def test_a_drop_in_group_at_a_public_address_just_says_so(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert how_to_join_of(html) == (
        '<h2 id="how-to-join">How to join</h2> '
        '<div class="prose"><p>Just drop in; no need to sign up.</p></div> '
        "<p>Questions before you come? Central RLC is happy to help.</p>"
    )


def test_an_online_group_asks_for_the_link_first(client, world):
    html = html_of(client.get("/groups/online-group/"))
    assert "Get in touch with Central RLC first: they will send you the link." in how_to_join_of(
        html
    )


def test_group_page_online_venue_says_the_rlc_sends_the_link(client, world):
    html = html_of(client.get("/groups/online-group/"))
    assert "Online — Central RLC will send you the link." in html


def test_group_page_shows_the_rlc_contact(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert '<h2 id="contact">Contact Central RLC</h2>' in html
    assert '<a href="tel:508-555-0100">508-555-0100</a>' in html
    assert '<a href="mailto:hello@central.example.org">hello@central.example.org</a>' in html
    assert '<a href="https://central.example.org">Central RLC website</a>' in html
    assert '<a href="/regions/central/">All groups of Central RLC</a>' in html


def test_group_page_leaves_out_facilitators_who_stopped(client, world):
    stopped = FacilitatorFactory(display_name="Jo K.", is_active=False)
    GroupFacilitatorFactory(group=world["wrap"], facilitator=stopped, role="co")
    response = client.get("/groups/wrap/")
    assert response.context["facilitators"] == ["Maria S."]


def test_group_page_subscribe_block(client, world):
    html = html_of(client.get("/groups/wrap/"))
    assert '<label for="feed-url">Calendar address for WRAP Group</label>' in html
    assert (
        f'<input id="feed-url" type="url" value="{SITE}/groups/wrap/calendar.ics" readonly'
    ) in html
    assert 'href="webcal://peerhub.example.org/groups/wrap/calendar.ics"' in html
    assert (
        '<button type="button" class="button button--secondary" hidden '
        'data-copy-target="feed-url">Copy link</button>'
    ) in html
    assert 'aria-live="polite"' in html
    assert "<summary>How to add it to Google Calendar, Outlook or Apple Calendar</summary>" in html
    assert "Add Subscribed Calendar" in html
    assert 'src="/static/js/copy.js"' in html
    assert 'href="/static/css/pages.css"' in html


def test_group_page_empty_state_when_there_are_no_coming_dates(client, world):
    GroupFactory(
        slug="ended-class",
        title="Spring Class",
        start_date=dt.date(2026, 1, 6),
        end_date=dt.date(2026, 1, 27),
        region=world["central"],
    )
    response = client.get("/groups/ended-class/")
    html = html_of(response)
    assert response.context["next_dates"] == []
    assert "There are no dates in the next 8 weeks." in html
    assert "application/ld+json" not in html


@pytest.mark.parametrize("count", [1, 3])
def test_group_page_query_count_is_fixed(client, django_assert_num_queries, count):
    group = GroupFactory(slug="counted")
    for number in range(count):
        GroupFacilitatorFactory(
            group=group, facilitator=FacilitatorFactory(display_name=f"Sam {'ABC'[number]}.")
        )
        sessions.session_cancel(
            group=group, original_date=dt.date(2026, 3, 3) + dt.timedelta(weeks=number)
        )
    group.languages.set(Language.objects.all()[:count])
    group.access_features.set(AccessFeature.objects.all()[:count])
    # the group's version, the group with region and venue, facilitators, languages, access
    # features, changes, one-session substitutes
    with django_assert_num_queries(7):
        response = client.get("/groups/counted/")
    assert len(response.context["facilitators"]) == count


# Schema.org Event -----------------------------------------------------------------------------


def test_group_page_event_data(client, world):
    data = ld_json(html_of(client.get("/groups/wrap/")))
    assert data == {
        "@context": "https://schema.org",
        "@type": "Event",
        "name": "WRAP Group",
        "description": "Build your own Wellness Recovery Action Plan with peers.",
        "startDate": "2026-03-03T18:00:00-05:00",
        "endDate": "2026-03-03T19:30:00-05:00",
        "eventStatus": "https://schema.org/EventScheduled",
        "eventAttendanceMode": "https://schema.org/OfflineEventAttendanceMode",
        "location": {
            "@type": "Place",
            "name": "Main Library",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Worcester",
                "streetAddress": "1 Main Street",
            },
        },
        "organizer": {
            "@type": "Organization",
            "name": "Central RLC",
            "url": "https://central.example.org",
            "telephone": "508-555-0100",
        },
        "isAccessibleForFree": True,
        "url": f"{SITE}/groups/wrap/",
    }


def test_event_data_of_a_shelter_group_has_the_town_only(client, world):
    data = ld_json(html_of(client.get("/groups/shelter-group/")))
    assert data["location"] == {
        "@type": "Place",
        "name": "Harbor Shelter",
        "address": {"@type": "PostalAddress", "addressLocality": "Worcester"},
    }


def test_event_data_of_an_online_group_points_to_the_group_page(client, world):
    data = ld_json(html_of(client.get("/groups/online-group/")))
    assert (data["eventAttendanceMode"], data["location"]) == (
        "https://schema.org/OnlineEventAttendanceMode",
        {"@type": "VirtualLocation", "url": f"{SITE}/groups/online-group/"},
    )


def test_event_data_when_the_next_session_is_cancelled_or_moved(client, world):
    group = world["western_group"]
    cancel = sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 3))
    data = ld_json(html_of(client.get("/groups/western-group/")))
    assert (data["startDate"], data["eventStatus"]) == (
        "2026-03-03T18:00:00-05:00",
        "https://schema.org/EventCancelled",
    )
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "Western RLC",
        "url": f"{SITE}/regions/western/",
        "telephone": "413-555-0106",
    }
    # A cancelled session is not moved: the cancellation is undone first.
    sessions.session_change_undo(change=cancel)
    sessions.session_move(
        group=group, original_date=dt.date(2026, 3, 3), new_start_time=dt.time(17, 0)
    )
    data = ld_json(html_of(client.get("/groups/western-group/")))
    assert (data["startDate"], data["previousStartDate"], data["eventStatus"]) == (
        "2026-03-03T17:00:00-05:00",
        "2026-03-03T18:00:00-05:00",
        "https://schema.org/EventRescheduled",
    )


def test_event_data_of_a_session_moved_to_another_venue_gives_its_place(client, world):
    group = world["western_group"]
    hall = VenueFactory(region=group.region, name="Town Hall", address="5 Elm St", town="Lee")
    sessions.session_move(group=group, original_date=dt.date(2026, 3, 3), new_venue=hall)
    data = ld_json(html_of(client.get("/groups/western-group/")))
    assert "previousStartDate" not in data
    assert (data["eventStatus"], data["location"]) == (
        "https://schema.org/EventRescheduled",
        {
            "@type": "Place",
            "name": "Town Hall",
            "address": {
                "@type": "PostalAddress",
                "addressLocality": "Lee",
                "streetAddress": "5 Elm St",
            },
        },
    )


def test_event_data_cannot_break_out_of_its_script_element(client):
    title = 'Peer </script><script>alert("x")</script> & <!-- Friends'
    GroupFactory(slug="tricky", title=title, description="</SCRIPT>")
    html = html_of(client.get("/groups/tricky/"))
    assert "<script>alert" not in html
    assert "</SCRIPT>" not in html
    data = ld_json(html)
    assert (data["name"], data["description"]) == (title, "</SCRIPT>")


def test_json_ld_escapes_markup_characters():
    assert str(json_ld({"a": "</script>&\u2028"})) == (
        '{\n "a": "\\u003c/script\\u003e\\u0026\\u2028"\n}'
    )


# One session as .ics --------------------------------------------------------------------------


def parse_ics(response):
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


def test_one_session_download_has_just_that_session(client, world):
    wrap = world["wrap"]
    response = client.get("/groups/wrap/sessions/2026-03-10.ics")
    assert response["Content-Disposition"] == 'attachment; filename="wrap-2026-03-10.ics"'
    calendar = parse_ics(response)
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == f"{wrap.uuid}-20260310@peerhub"
    assert str(event["UID"]) != wrap.ical_uid
    assert event["DTSTART"].dt == dt.datetime(2026, 3, 10, 18, 0, tzinfo=BOSTON)
    assert event["DTEND"].dt == dt.datetime(2026, 3, 10, 19, 30, tzinfo=BOSTON)
    assert str(event["SUMMARY"]) == "WRAP Group"
    assert str(event["LOCATION"]) == "Main Library, 1 Main Street, Worcester"
    assert "RRULE" not in event
    text = response.content.decode().replace("\r\n ", "")
    assert "DTSTART;TZID=America/New_York:20260310T180000" in text.split("\r\n")
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]


def test_one_session_download_of_a_moved_session_has_its_new_time(client, world):
    calendar = parse_ics(client.get("/groups/wrap/sessions/2026-03-24.ics"))
    [event] = calendar.walk("VEVENT")
    assert event["DTSTART"].dt == dt.datetime(2026, 3, 24, 19, 0, tzinfo=BOSTON)
    assert str(event["DESCRIPTION"]).startswith("Change: An hour later this week\n")


def test_one_session_download_of_a_shelter_group_gives_its_name_and_town_only(client, world):
    calendar = parse_ics(client.get("/groups/shelter-group/sessions/2026-03-03.ics"))
    [event] = calendar.walk("VEVENT")
    assert (str(event["LOCATION"]), event.get("GEO")) == ("Harbor Shelter, Worcester", None)


@pytest.mark.parametrize(
    "url",
    [
        "/groups/wrap/sessions/2026-03-17.ics",  # cancelled
        "/groups/wrap/sessions/2026-03-11.ics",  # a Wednesday: no session
        "/groups/wrap/sessions/2025-12-30.ics",  # before the first session
        "/groups/wrap/sessions/2026-02-30.ics",
        "/groups/wrap/sessions/2026-3-3.ics",
        "/groups/wrap/sessions/20260303.ics",
        "/groups/wrap/sessions/tomorrow.ics",
        "/groups/wrap/sessions/0000-01-01.ics",
        "/groups/wrap/sessions/9999-12-28.ics",  # a Tuesday, but far too far away
        "/groups/inpatient-circle/sessions/2026-03-03.ics",
        "/groups/paused/sessions/2026-03-03.ics",
        "/groups/nowhere/sessions/2026-03-03.ics",
    ],
)
def test_one_session_download_is_404_without_a_public_session(client, world, url):
    assert client.get(url).status_code == 404


def test_one_session_download_query_count(client, world, django_assert_num_queries):
    # the group, facilitators, access features, changes
    with django_assert_num_queries(4):
        response = client.get("/groups/wrap/sessions/2026-03-03.ics")
    assert response.status_code == 200


# Sitemap, robots.txt, error pages -------------------------------------------------------------


PREFIXES = ("", "/es", "/pt-br")


def test_sitemap_lists_exactly_the_public_pages(client, world):
    assert sitemap_pages(client) == [
        "/sitemap-pages.xml",
        "/sitemap-regions.xml",
        "/sitemap-venues.xml",
        "/sitemap-groups.xml",
    ]
    urls = sitemap_urls(client)
    locations = [url.find("s:loc", SITEMAP_NAMESPACE).text for url in urls]
    pages = [
        "/",
        "/calendar/",
        "/become-a-facilitator/",
        "/host-a-class/",
        "/regions/",
        "/about/",
        "/accessibility/",
        "/regions/central/",
        "/regions/western/",
        "/venues/hospital/",
        "/venues/library/",
        "/venues/online/",
        "/venues/shelter/",
        f"/venues/{world['western_group'].venue.slug}/",
        "/groups/online-group/",
        "/groups/shelter-group/",
        "/groups/western-group/",
        "/groups/wrap/",
    ]
    # Each page in English, Spanish and Portuguese, naming the others as its alternates.
    assert locations == [f"{SITE}{prefix}{page}" for page in pages for prefix in PREFIXES]
    alternates = [
        (link.get("hreflang"), link.get("href"))
        for link in urls[-1].findall("{http://www.w3.org/1999/xhtml}link")
    ]
    assert alternates == [
        ("en", f"{SITE}/groups/wrap/"),
        ("es", f"{SITE}/es/groups/wrap/"),
        ("pt-br", f"{SITE}/pt-br/groups/wrap/"),
        ("x-default", f"{SITE}/groups/wrap/"),
    ]


def test_sitemap_index_names_each_page_on_the_public_address_with_its_date(client, world):
    index = parsed(client.get("/sitemap.xml", headers={"host": "testserver"}))
    entries = [
        (
            entry.find("s:loc", SITEMAP_NAMESPACE).text,
            lastmod and dt.datetime.fromisoformat(lastmod),
        )
        for entry in index.findall("s:sitemap", SITEMAP_NAMESPACE)
        for lastmod in [entry.findtext("s:lastmod", None, SITEMAP_NAMESPACE)]
    ]
    latest_group = max(
        group.updated_at for group in Group.objects.filter(is_public=True, status="active")
    )
    assert entries == [
        (f"{SITE}/sitemap-pages.xml", None),
        (
            f"{SITE}/sitemap-regions.xml",
            max(r.updated_at for r in Region.objects.all()),
        ),
        (
            f"{SITE}/sitemap-venues.xml",
            max(v.updated_at for v in Venue.objects.filter(is_active=True)),
        ),
        (f"{SITE}/sitemap-groups.xml", latest_group),
    ]


def test_sitemap_pages_hold_at_most_their_limit_and_every_address_once(client, world, monkeypatch):
    # Five addresses a page: the 12 of the groups (4 in 3 languages) take 3 pages, the 21 of
    # the site's own pages 5; a page past the last is a 404, as is one that is not a number.
    everything = sitemap_locations(client)
    monkeypatch.setattr(PublicSitemap, "limit", 5)
    clear_caches()
    pages = sitemap_pages(client)
    assert pages == [
        "/sitemap-pages.xml",
        "/sitemap-pages.xml?p=2",
        "/sitemap-pages.xml?p=3",
        "/sitemap-pages.xml?p=4",
        "/sitemap-pages.xml?p=5",
        "/sitemap-regions.xml",
        "/sitemap-regions.xml?p=2",
        "/sitemap-venues.xml",
        "/sitemap-venues.xml?p=2",
        "/sitemap-venues.xml?p=3",
        "/sitemap-groups.xml",
        "/sitemap-groups.xml?p=2",
        "/sitemap-groups.xml?p=3",
    ]
    counts = [len(parsed(client.get(page)).findall("s:url", SITEMAP_NAMESPACE)) for page in pages]
    assert counts == [5, 5, 5, 5, 1, 5, 1, 5, 5, 5, 5, 5, 2]
    assert sitemap_locations(client) == everything
    assert (
        client.get("/sitemap-groups.xml?p=02").content
        == client.get("/sitemap-groups.xml?p=2").content
    )
    for missing in ("?p=4", "?p=0", "?p=two", "?p=-1", "?p=\u0662"):
        assert client.get(f"/sitemap-groups.xml{missing}").status_code == 404, missing
    assert client.get("/sitemap-nothing.xml").status_code == 404


def test_kept_sitemap_shows_every_change_at_once(client, world):
    first = sitemap_locations(client)
    # A new venue moves no feed, and has a page of its own.
    VenueFactory(region=Region.objects.get(slug="central"), slug="new-hall")
    with_hall = sitemap_locations(client)
    hall = [f"{SITE}{prefix}/venues/new-hall/" for prefix in PREFIXES]
    assert [location for location in with_hall if location in hall] == hall
    assert [location for location in with_hall if location not in hall] == first
    wrap = Group.objects.get(slug="wrap")
    wrap.is_public = False
    wrap.save()
    library = Venue.objects.get(slug="library")
    library.is_active = False
    library.save()
    gone = [
        f"{SITE}{prefix}{page}"
        for page in ("/venues/library/", "/groups/wrap/")
        for prefix in PREFIXES
    ]
    assert set(gone) <= set(with_hall)
    assert sitemap_locations(client) == [location for location in with_hall if location not in gone]


def test_sitemap_answers_again_with_304_and_compressed(client, world):
    for path in ("/sitemap.xml", "/sitemap-groups.xml"):
        plain = client.get(path)
        assert plain["X-Robots-Tag"] == "noindex, noodp, noarchive"
        etag = plain["ETag"]
        assert re.fullmatch(r'"[0-9a-f]{40}"', etag)
        again = client.get(path, headers={"if-none-match": etag})
        assert (again.status_code, again.content, again["ETag"]) == (304, b"", etag)
        packed = client.get(path, headers={"accept-encoding": "gzip"})
        assert (packed["Content-Encoding"], packed["ETag"]) == ("gzip", f'{etag[:-1]}-gzip"')
        assert gzip.decompress(packed.content) == plain.content
    # The page's date: that of its latest group.
    latest = max(
        group.updated_at for group in Group.objects.filter(is_public=True, status="active")
    )
    assert client.get("/sitemap-groups.xml")["Last-Modified"] == http_date(latest.timestamp())


def test_robots_txt_points_to_the_sitemap_and_keeps_out_of_private_areas(client):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode() == (
        "User-agent: *\n"
        "Disallow: /manage/\n"
        "Disallow: /me/\n"
        "Disallow: /feeds/\n"
        "Disallow: /admin/\n"
        "Disallow: /accounts/\n"
        "Disallow: /language/\n"
        "\n"
        f"Sitemap: {SITE}/sitemap.xml\n"
    )


def test_unknown_page_is_a_friendly_404(client, settings):
    settings.DEBUG = False
    response = client.get("/no/such/page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "<title>Page not found | PeerHub</title>" in html
    assert "Try the calendar or call your local RLC." in html
    assert '<a href="/regions/">Call or email your local RLC</a>' in html


def test_bad_request_is_a_friendly_400(client, settings):
    settings.DEBUG = False
    response = client.get("/", headers={"host": "not-allowed.example"})
    assert response.status_code == 400
    assert "We couldn't understand that link." in response.content.decode()
    assert '<a href="/regions/">Call or email your local RLC</a>' in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_sitemap_query_count_is_fixed(client, django_assert_num_queries, count):
    for _ in range(count):
        GroupFactory()
    Site.objects.clear_cache()
    # The network's version and the active venues' latest change, then for the regions, the
    # venues and the groups their addresses and their latest date (the site's own pages have
    # none): each section read once, however many pages and languages it has.
    with django_assert_num_queries(8):
        index = client.get("/sitemap.xml")
    # Kept: the version and the venues' change only.
    with django_assert_num_queries(2):
        again = client.get("/sitemap.xml")
    # A page, the index kept: the version, the venues', the site, the page's addresses.
    with django_assert_num_queries(4):
        page = client.get("/sitemap-groups.xml")
    with django_assert_num_queries(2):
        page_again = client.get("/sitemap-groups.xml")
    assert [index.status_code, again.status_code, page.status_code, page_again.status_code] == [
        200
    ] * 4
    assert (again.content, page_again.content) == (index.content, page.content)
    assert page.content.count(b"<url>") == 3 * count
