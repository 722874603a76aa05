"""Registrations are personal data: none of them ever reaches a public page, a feed, the API or
search. The registrations (confirmed, waiting, offered, cancelled, with distinctive names,
addresses, phone numbers and needs) are built first; then every public surface is fetched, in
every language where it has one, and none of those strings may appear."""

from html import unescape

import pytest

from groups.models import Group, Registration
from groups.registrations import registration_cancel, registration_create
from tests.page_clock import NOW
from tests.sitemaps import SITEMAP_PATHS
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

SECRETS = {
    "first_name": ["Zebulonia", "Quillontha", "Marvexine"],
    "email": ["zebulonia.secret@example.org", "quill.secret@example.org", "marv@example.org"],
    "phone": ["617-555-0147", "", "413-555-0188"],
    "accommodation_needs": ["Needs-Xyloquartz-Seat", "", "Bring-Plumbago-Ramp"],
}
STRINGS = [value for values in SECRETS.values() for value in values if value]


@pytest.fixture
def registered(east, west):
    """East's public group has two seats: one confirmed, one offered (after a cancel), one
    waiting; the private group has a registration too."""
    Group.objects.filter(pk__in=[east.group.pk, east.private_group.pk]).update(seats=2)
    east.group.refresh_from_db()
    east.private_group.refresh_from_db()
    made = []
    for index in range(3):
        made.append(
            registration_create(
                group=east.group,
                session_date=TUESDAY,
                now=NOW,
                **{field: values[index] for field, values in SECRETS.items()},
            )
        )
    registration_create(
        group=east.group, session_date=TUESDAY, first_name="Marvexine", email="x@example.org"
    )
    registration_cancel(registration=made[0], now=NOW)
    registration_create(
        group=east.private_group,
        session_date=TUESDAY,
        first_name="Quillontha",
        email="quill.secret@example.org",
    )
    statuses = sorted(Registration.objects.values_list("status", flat=True))
    assert statuses == ["cancelled", "confirmed", "confirmed", "offered", "waiting"]
    return east


def public_paths(side):
    group, region, venue = side.group, side.region, side.venue
    pages = [
        "/",
        "/calendar/",
        "/calendar/?view=week&date=2026-03-02",
        "/calendar/?view=month&date=2026-03-01",
        f"/groups/{group.slug}/",
        f"/groups/{group.slug}/register/",
        f"/groups/{group.slug}/accommodation/",
        f"/regions/{region.slug}/",
        "/regions/",
        f"/venues/{venue.slug}/",
        "/about/",
        "/accessibility/",
        "/host-a-class/",
        f"/embed/regions/{region.slug}/",
        f"/embed/venues/{venue.slug}/",
        f"/embed/groups/{group.slug}/",
    ]
    localized = [prefix + path for prefix in ("", "/es", "/pt-br") for path in pages]
    files = [
        "/calendar.ics",
        f"/regions/{region.slug}/calendar.ics",
        f"/venues/{venue.slug}/calendar.ics",
        f"/groups/{group.slug}/calendar.ics",
        f"/groups/{group.slug}/sessions/{TUESDAY.isoformat()}.ics",
        f"/feeds/{side.lead.feed_token}.ics",
        "/api/v1/occurrences.json?start=2026-02-28&end=2026-04-01",
        "/api/v1/groups.json",
        "/meeting-guide.json",
        f"/regions/{region.slug}/meeting-guide.json",
        f"/regions/{region.slug}/changes.atom",
        *SITEMAP_PATHS,
        "/robots.txt",
    ]
    return localized + files


def test_no_registration_appears_on_any_public_page_feed_or_api(client, registered):
    found = {}
    fetched = 0
    for path in public_paths(registered):
        response = client.get(path)
        if response.status_code != 200:
            continue
        fetched += 1
        body = b"".join(response) if response.streaming else response.content
        text = unescape(body.decode("utf-8", "replace").replace("\r\n ", ""))
        leaked = [secret for secret in STRINGS if secret in text]
        if leaked:
            found[path] = leaked
    assert found == {}
    assert fetched == len(public_paths(registered))


def test_the_seats_left_are_a_number_only(client, registered):
    page = client.get(f"/groups/{registered.group.slug}/").content.decode()
    assert "0 places left at the next session." in page


@pytest.mark.parametrize("query", ["Zebulonia", "quill.secret@example.org", "Xyloquartz", "0147"])
def test_search_finds_no_group_by_what_its_registrations_say(client, registered, query):
    link = f'href="/groups/{registered.group.slug}/"'
    found = client.get("/calendar/", {"q": "Hearing Voices"}).content.decode()
    assert link in found  # the search does find the group by its own words
    assert link not in client.get("/calendar/", {"q": query}).content.decode()
    feed = b"".join(client.get("/calendar.ics", {"q": query})).decode()
    assert "Hearing Voices" not in feed
