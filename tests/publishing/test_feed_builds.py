"""Each version of a feed is built once: whoever asks while another request builds it gets the
version before it, waits for the build, or a 503 to come back (publishing/feed_responses.py).

"Another request" is the claim it holds in the shared cache (``core.cache.claim_build``), taken
here as a worker on another server would take it.
"""

import datetime as dt

import pytest
from django.conf import settings

from core import cache
from groups import sessions
from groups.models import FeedVersion
from publishing import feed_responses
from tests.build_queue import assert_the_version_before
from tests.caches import clear_caches
from tests.factories import GroupFactory, RegionFactory

pytestmark = pytest.mark.django_db

TUESDAY = dt.date(2026, 1, 13)


def feed_key(kind: str, pk: int | None = None) -> str:
    """The cache key of the current version of a feed, as feed_response makes it."""
    scope = FeedVersion.NETWORK if kind == "network" else FeedVersion.key_for(kind, pk)
    version = FeedVersion.objects.get(key=scope)
    variant = () if kind == "network" else "public"  # the network feed's: no filters
    return cache.key("feed", settings.SITE_URL, version.key, version.token, variant)


@pytest.fixture
def two_regions():
    east = GroupFactory(region=RegionFactory(slug="east"), slug="east-group", title="East Group")
    west = GroupFactory(region=RegionFactory(slug="west"), slug="west-group", title="West Group")
    return east, west


def test_while_another_request_builds_a_version_the_one_before_is_served_with_its_validators(
    client, two_regions
):
    east, _ = two_regions
    before = client.get("/regions/east/calendar.ics")
    sessions.session_cancel(group=east, original_date=TUESDAY)
    building = feed_key("region", east.region.pk)
    assert cache.claim_build(building)

    meanwhile = client.get("/regions/east/calendar.ics")
    again = client.get("/regions/east/calendar.ics", HTTP_IF_NONE_MATCH=before["ETag"])
    cache.release_build(building)
    after = client.get("/regions/east/calendar.ics")

    assert_the_version_before(meanwhile, before)
    assert again.status_code == 304
    assert after.status_code == 200
    assert after["ETag"] != before["ETag"]
    assert b"EXDATE;TZID=America/New_York:20260113T180000" in after.content


def test_with_nothing_kept_before_a_request_waits_then_gets_a_503_never_another_regions_feed(
    client, two_regions, monkeypatch, caplog
):
    east, west = two_regions
    monkeypatch.setattr(feed_responses, "WAIT_FOR_BUILD", 0.2)
    client.get("/regions/east/calendar.ics")  # east's feed is kept: "the one before" exists
    client.get("/regions/west/calendar.ics")
    clear_caches()  # west's is gone (a cache emptied)...
    client.get("/regions/east/calendar.ics")  # ...east's is kept again
    sessions.session_cancel(group=west, original_date=TUESDAY)
    assert cache.claim_build(feed_key("region", west.region.pk))

    response = client.get("/regions/west/calendar.ics")

    assert response.status_code == 503
    assert response["Retry-After"] == "10"
    assert response["Cache-Control"] == "no-store"
    assert response.content == b"This calendar is being prepared; try again in a few seconds.\n"
    # Logged once, as a warning: it is expected, not a server error.
    assert [(r.name, r.levelname, r.getMessage()) for r in caplog.records if r.levelno >= 30] == [
        (
            "publishing.feed_responses",
            "WARNING",
            "Feed being built by another request or the task worker, none kept before: GET "
            "/regions/west/calendar.ics answered 503",
        )
    ]


def test_a_request_that_waits_is_given_the_build_once_it_is_kept(client, two_regions, monkeypatch):
    east, _ = two_regions
    clear_caches()
    client.get("/regions/east/calendar.ics")
    sessions.session_cancel(group=east, original_date=TUESDAY)
    clear_caches()
    building = feed_key("region", east.region.pk)
    assert cache.claim_build(building)
    built_elsewhere = b"BEGIN:VCALENDAR\r\nX-BUILT-BY:another worker\r\nEND:VCALENDAR\r\n"
    looks = []

    def meanwhile(seconds):
        looks.append(seconds)
        cache.put(building, built_elsewhere)  # the other worker is done

    monkeypatch.setattr(feed_responses.time, "sleep", meanwhile)
    response = client.get("/regions/east/calendar.ics")

    assert response.status_code == 200
    assert response.content == built_elsewhere
    assert looks == [feed_responses.LOOK_EVERY]


def test_a_request_builds_the_feed_itself_when_the_builder_let_go_without_it(
    client, two_regions, monkeypatch
):
    east, _ = two_regions
    sessions.session_cancel(group=east, original_date=TUESDAY)
    client.get("/regions/east/calendar.ics")  # the version exists
    clear_caches()
    building = feed_key("region", east.region.pk)
    assert cache.claim_build(building)
    monkeypatch.setattr(feed_responses.time, "sleep", lambda _: cache.release_build(building))

    response = client.get("/regions/east/calendar.ics")

    assert response.status_code == 200
    assert b"EXDATE;TZID=America/New_York:20260113T180000" in response.content
    assert cache.get(building) == response.content
    assert not cache.being_built(building)


def test_a_failed_build_lets_go_of_its_claim_and_keeps_nothing(client, two_regions, monkeypatch):
    east, _ = two_regions
    client.get("/regions/east/calendar.ics")
    clear_caches()

    def broken(**_):
        raise RuntimeError("the build failed")
        yield b""  # a generator, as public_feed_chunks is

    monkeypatch.setattr("publishing.views.public_feed_chunks", broken)
    with pytest.raises(RuntimeError, match="the build failed"):
        client.get("/regions/east/calendar.ics")

    building = feed_key("region", east.region.pk)
    assert not cache.being_built(building)
    assert cache.get(building) is None


def test_a_stream_cut_short_lets_go_of_its_claim_and_keeps_nothing(client, two_regions):
    response = client.get("/calendar.ics")
    assert response.streaming
    first = next(iter(response.streaming_content))
    # The client went away: the server closes the response. The test client's own wrapper of
    # the stream does it when closed, keeping the test's database connection open.
    response._iterator.close()

    building = feed_key("network")
    assert first.startswith(b"BEGIN:VCALENDAR")
    assert not cache.being_built(building)
    assert cache.get(building) is None
    complete = client.get("/calendar.ics")
    body = b"".join(complete.streaming_content)
    assert (b"SUMMARY:East Group" in body, b"SUMMARY:West Group" in body) == (True, True)
    assert cache.get(building) == body
    assert not cache.being_built(building)
