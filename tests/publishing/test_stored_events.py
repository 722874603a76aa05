"""Each group's feed events kept in the database too (publishing/models.py, publishing/feeds.py):
with every cache emptied (Redis flushed, workers restarted), a feed is put together from them
and nothing is built; a row of another version is never served, and is replaced when built."""

import datetime as dt

import pytest

from groups.models import Group
from groups.selectors import public_groups
from groups.sessions import session_cancel
from publishing import feeds
from publishing.models import StoredEvents
from tests.caches import clear_caches
from tests.publishing.test_feed_assembly import region_feed_reference

pytestmark = pytest.mark.django_db

URL = "/regions/region-001/calendar.ics"


@pytest.fixture
def built(monkeypatch):
    """The slugs of the groups whose events are built, in order."""
    slugs = []
    real = feeds.group_ical
    monkeypatch.setattr(
        feeds, "group_ical", lambda fg, **kw: slugs.append(fg.group.slug) or real(fg, **kw)
    )
    return slugs


def test_with_every_cache_emptied_the_feed_is_made_from_the_stored_events(
    client, network, built, django_assert_num_queries
):
    first = client.get(URL).getvalue()
    region_groups = public_groups().filter(region__slug="region-001").count()
    assert (len(built), StoredEvents.objects.count()) == (region_groups, region_groups)
    client.get("/regions/region-002/calendar.ics")  # its version row, made on first sight
    clear_caches()
    built.clear()

    # The region and its version, the groups' order and versions, their timezones' days (2),
    # their stored events.
    with django_assert_num_queries(6):
        again = client.get("/regions/region-002/calendar.ics").getvalue()
    assert (built, again) == ([], region_feed_reference("region-002"))
    clear_caches()
    assert (client.get(URL).getvalue(), built) == (first, [])


def test_a_changed_groups_stored_events_are_built_again_and_replaced(client, network, built):
    client.get(URL)
    group = public_groups().filter(region__slug="region-001").order_by("slug")[4]
    old = StoredEvents.objects.get(group=group)
    day = group.schedule.next_session_date(dt.date(2026, 12, 1))
    session_cancel(group=group, original_date=day, public_note="Snow", notify=False)
    clear_caches()
    built.clear()

    assert client.get(URL).getvalue() == region_feed_reference()
    assert built == [group.slug]  # the others from their stored rows
    new = StoredEvents.objects.get(group=group)
    assert new.key != old.key
    assert bytes(new.text) != bytes(old.text)


def test_a_row_stored_for_another_site_address_is_never_served(client, network, built, settings):
    client.get(URL)
    clear_caches()
    built.clear()
    settings.SITE_URL = "https://peerhub.example.net"
    body = client.get(URL).getvalue()
    assert len(built) == public_groups().filter(region__slug="region-001").count()
    assert b"https://peerhub.example.net/groups/" in body
    assert b"https://peerhub.example.org/groups/" not in body


@pytest.mark.django_db(transaction=True)
def test_a_group_deleted_while_its_events_were_built_does_not_fail_the_feed(
    client, network, monkeypatch
):
    real = feeds._built
    gone = Group.objects.filter(region__slug="region-001", is_public=True).order_by("slug")[2]

    def deleted_meanwhile(groups, site_url):
        found = list(real(groups, site_url))
        Group.objects.filter(pk=gone.pk).delete()
        return found

    monkeypatch.setattr(feeds, "_built", deleted_meanwhile)
    answer = client.get(URL)
    body = answer.getvalue()
    assert answer.status_code == 200
    assert gone.ical_uid.encode() in body  # served this once, as it was read
    assert StoredEvents.objects.count() == 0  # stored the next time
