"""Where a session is, as every public view of it says: the venue's name and what the public may
see of its address (the town only, for a shelter or a hospital), or "Online". Feeds (LOCATION),
the one-session download, the API and the group page agree; the private feed gives it all."""

import datetime as dt

import icalendar
import pytest

from groups.models import GroupFacilitator
from regions.models import Venue
from tests.factories import FacilitatorFactory, GroupFactory, RegionFactory, VenueFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def places():
    region = RegionFactory(slug="north-central")
    venues = {
        "church": VenueFactory(
            region=region,
            name="First Parish Church, lower hall",
            kind=Venue.Kind.CHURCH,
            address="9 West Street",
            town="Leominster",
        ),
        "shelter": VenueFactory(
            region=region,
            name="Harbor House",
            kind=Venue.Kind.SHELTER,
            address="12 Hidden Lane",
            town="Fitchburg",
            address_is_public=False,
        ),
        "online": VenueFactory(
            region=region, name="Zoom room", kind=Venue.Kind.ONLINE, address="", town=""
        ),
    }
    facilitator = FacilitatorFactory(display_name="Ana P.")
    groups = {}
    for key, venue in venues.items():
        groups[key] = GroupFactory(slug=f"at-{key}", region=region, venue=venue)
        GroupFacilitator.objects.create(group=groups[key], facilitator=facilitator)
    return {"region": region, "groups": groups, "facilitator": facilitator}


PUBLIC = {
    "church": "First Parish Church, lower hall, 9 West Street, Leominster",
    "shelter": "Harbor House, Fitchburg",
    "online": "Online",
}


def locations(content: bytes) -> dict[str, set[str]]:
    found = {}
    for event in icalendar.Calendar.from_ical(content).walk("VEVENT"):
        url = str(event["URL"])
        found.setdefault(url.rstrip("/").rsplit("/", 1)[-1], set()).add(str(event["LOCATION"]))
    return found


def test_feeds_give_the_venues_name_and_its_public_address(client, places):
    for key, expected in PUBLIC.items():
        found = locations(client.get(f"/groups/at-{key}/calendar.ics").getvalue())
        assert found == {f"at-{key}": {expected}}, key
    region_feed = locations(client.get(f"/regions/{places['region'].slug}/calendar.ics").getvalue())
    assert region_feed == {f"at-{key}": {value} for key, value in PUBLIC.items()}
    assert locations(client.get("/calendar.ics").getvalue()) == region_feed
    # The shelter's street never reaches a public feed.
    assert b"Hidden Lane" not in client.get("/calendar.ics").getvalue()


def test_the_private_feed_gives_the_whole_address(client, places):
    found = locations(client.get(f"/feeds/{places['facilitator'].feed_token}.ics").getvalue())
    assert found == {
        "at-church": {"First Parish Church, lower hall, 9 West Street, Leominster"},
        "at-shelter": {"Harbor House, 12 Hidden Lane, Fitchburg"},
        "at-online": {"Online"},
    }


def test_the_download_the_api_and_the_group_page_say_the_same(client, places):
    day = dt.date(2026, 1, 13)
    items = client.get(
        "/api/v1/occurrences.json", {"start": day.isoformat(), "end": day.isoformat()}
    ).json()["occurrences"]
    assert {item["group"]: item["location"] for item in items} == {
        f"at-{key}": value for key, value in PUBLIC.items()
    }
    listing = client.get("/api/v1/groups.json").json()["groups"]
    assert {g["slug"]: g["location"] for g in listing} == {
        f"at-{key}": value for key, value in PUBLIC.items()
    }
    for key, expected in PUBLIC.items():
        download = client.get(f"/groups/at-{key}/sessions/{day}.ics")
        assert locations(download.content) == {f"at-{key}": {expected}}, key
        page = client.get(f"/groups/at-{key}/")
        assert f"<dt>Where</dt><dd>{expected}</dd>" in page.content.decode(), key
