"""Public feeds put together from cached groups (publishing/feeds.py), streamed, and conditional.

A public feed must be the very bytes the plain builder (``ical.build_calendar``) gives for the
same groups, however it was put together: from scratch, from cached groups after one changed,
in batches, or streamed.
"""

import datetime as dt

import pytest
from django.conf import settings
from django.http import StreamingHttpResponse
from icalendar import Calendar

from core import cache
from groups.freshness import groups_changed
from groups.models import FeedVersion, Group
from groups.selectors import feed_groups, public_groups
from groups.sessions import session_cancel
from publishing import feeds
from publishing.ical import build_calendar
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def plain(groups, *, name, description, url):
    """The reference: every group built from the database, in one calendar."""
    return build_calendar(
        feed_groups(groups),
        name=name,
        description=description,
        url=url,
        site_url=settings.SITE_URL,
    )


def region_feed_reference(region_slug="region-001"):
    region = Group.objects.filter(region__slug=region_slug).first().region
    return plain(
        public_groups().filter(region=region),
        name=f"{region.name}: peer support groups",
        description=f"Peer support groups of {region.name}.",
        url=f"{settings.SITE_URL}/regions/{region.slug}/",
    )


def network_feed_reference():
    return plain(
        public_groups(),
        name="PeerHub: peer support groups",
        description="Free peer support groups of the Massachusetts Recovery Learning Communities.",
        url=f"{settings.SITE_URL}/calendar/",
    )


def test_the_network_has_the_variety_these_tests_need(network):
    assert network.filter(is_public=False).exists()
    assert network.filter(changes__new_date__isnull=False).exists()
    assert network.filter(changes__kind="cancelled").exists()


def test_a_region_feed_is_the_plain_builders_bytes(client, network):
    assert client.get("/regions/region-001/calendar.ics").getvalue() == region_feed_reference()


def test_the_network_feed_is_streamed_once_then_served_whole(client, network):
    first = client.get("/calendar.ics")
    assert isinstance(first, StreamingHttpResponse)
    body = first.getvalue()
    assert body == network_feed_reference()
    second = client.get("/calendar.ics")
    assert (isinstance(second, StreamingHttpResponse), second.content, second["ETag"]) == (
        False,
        body,
        first["ETag"],
    )
    assert (second["Content-Type"], second["Content-Disposition"]) == (
        first["Content-Type"],
        first["Content-Disposition"],
    )


def test_batches_do_not_change_the_bytes(client, network, monkeypatch):
    monkeypatch.setattr(feeds, "BATCH", 5)
    assert client.get("/calendar.ics").getvalue() == network_feed_reference()


def test_a_stream_cut_short_is_not_kept():
    # The server closes the response's iterator when the client goes away mid-feed.
    cut = cache.kept_when_complete("feed:cut", iter([b"BEGIN", b"MIDDLE", b"END"]))
    assert next(cut) == b"BEGIN"
    cut.close()
    assert cache.get("feed:cut") is None
    whole = cache.kept_when_complete("feed:whole", iter([b"BEGIN", b"MIDDLE", b"END"]))
    assert list(whole) == [b"BEGIN", b"MIDDLE", b"END"]
    assert cache.get("feed:whole") == b"BEGINMIDDLEEND"


def test_after_a_change_only_the_changed_group_is_built_again(client, network, monkeypatch):
    url = "/regions/region-001/calendar.ics"
    client.get(url)
    group = public_groups().filter(region__slug="region-001").order_by("slug")[4]
    built = []
    real = feeds.group_ical
    monkeypatch.setattr(
        feeds, "group_ical", lambda fg, **kw: built.append(fg.group.slug) or real(fg, **kw)
    )
    day = group.schedule.next_session_date(dt.date(2026, 12, 1))
    session_cancel(group=group, original_date=day, public_note="Snow", notify=False)
    body = client.get(url).getvalue()
    assert built == [group.slug]
    assert body == region_feed_reference()
    series = [
        event
        for event in Calendar.from_ical(body).walk("VEVENT")
        if event["UID"] == group.ical_uid and "RECURRENCE-ID" not in event
    ]
    assert [moment.dt.date() for moment in series[0]["EXDATE"].dts] == [day]


def test_groups_cached_by_one_feed_serve_another(client, network, monkeypatch):
    client.get("/calendar.ics").getvalue()
    built = []
    real = feeds.group_ical
    monkeypatch.setattr(
        feeds, "group_ical", lambda fg, **kw: built.append(fg.group.slug) or real(fg, **kw)
    )
    assert client.get("/regions/region-002/calendar.ics").getvalue() == region_feed_reference(
        "region-002"
    )
    assert built == []


def test_a_cold_cache_builds_the_same_bytes(client, network):
    warm = client.get("/regions/region-001/calendar.ics").getvalue()
    groups_changed(group_ids=[])  # a new network version only: the region's is unchanged
    clear_caches()
    assert client.get("/regions/region-001/calendar.ics").getvalue() == warm


def test_a_304_reads_nothing_but_the_version(client, network, django_assert_num_queries):
    first = client.get("/calendar.ics")
    first.getvalue()
    clear_caches()  # nothing cached: a 304 must not need it
    with django_assert_num_queries(1):
        again = client.get("/calendar.ics", headers={"if-none-match": first["ETag"]})
    assert (again.status_code, again.content, again["ETag"]) == (304, b"", first["ETag"])
    assert again["Cache-Control"] == "public, max-age=300"


def test_the_etag_moves_with_the_version_and_the_variant(client, network):
    whole = client.get("/calendar.ics")
    filtered = client.get("/calendar.ics?region=region-001")
    assert whole["ETag"] != filtered["ETag"]
    FeedVersion.objects.filter(key=FeedVersion.NETWORK).delete()
    groups_changed(group_ids=[Group.objects.filter(is_public=True).first().pk])
    assert client.get("/calendar.ics")["ETag"] != whole["ETag"]


def test_the_site_address_is_part_of_every_key(client, network, settings):
    before = client.get("/regions/region-001/calendar.ics")
    settings.SITE_URL = "https://groups.example.org"
    after = client.get(
        "/regions/region-001/calendar.ics", headers={"if-none-match": before["ETag"]}
    )
    assert after.status_code == 200
    assert b"https://groups.example.org/groups/" in after.content
    assert after.content == region_feed_reference()
