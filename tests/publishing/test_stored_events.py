"""Each group's feed events kept in the database too (publishing/models.py, publishing/feeds.py):
with every cache emptied (Redis flushed, workers restarted), a feed is put together from them
and nothing is built; a row of another version is never served, and is replaced when built."""

import datetime as dt
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from core import cache
from groups.models import Group
from groups.selectors import public_groups
from groups.sessions import session_cancel
from publishing import feeds
from publishing.models import StoredEvents
from tests.caches import clear_caches
from tests.publishing.test_feed_assembly import network_feed_reference, region_feed_reference

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


def test_a_network_feed_build_cut_short_keeps_the_batches_it_stored(
    client, network, built, monkeypatch
):
    """A worker killed mid-build (gunicorn's timeout) loses only the batch it was on: the next
    request reads the batches stored before and builds the rest."""
    monkeypatch.setattr(feeds, "BATCH", 5)
    real, calls = feeds.feed_groups, []

    def killed_on_the_second_batch(groups, **kwargs):
        calls.append(1)
        if len(calls) == 2:
            raise SystemExit("worker killed")
        return real(groups, **kwargs)

    monkeypatch.setattr(feeds, "feed_groups", killed_on_the_second_batch)
    with pytest.raises(SystemExit):
        client.get("/calendar.ics").getvalue()
    first_batch = list(built)
    assert (len(first_batch), StoredEvents.objects.count()) == (5, 5)

    monkeypatch.setattr(feeds, "feed_groups", real)
    clear_caches()
    built.clear()
    assert client.get("/calendar.ics").getvalue() == network_feed_reference()
    assert sorted(built + first_batch) == sorted(public_groups().values_list("slug", flat=True))


# The release step: every public group's events stored before a visitor asks (store_feed_events)


def stored_keys():
    return dict(StoredEvents.objects.values_list("group_id", "key"))


def test_the_release_step_stores_every_public_groups_events_and_no_feed_builds_one(
    client, network, built
):
    out = StringIO()
    call_command("store_feed_events", stdout=out)
    public = set(public_groups().values_list("pk", flat=True))
    assert set(stored_keys()) == public
    assert out.getvalue() == (
        f"Feed events of {len(public)} public group(s): {len(public)} built and stored, "
        "0 stored already.\n"
    )
    clear_caches()
    built.clear()
    assert client.get(URL).getvalue() == region_feed_reference()
    client.get("/calendar.ics").getvalue()
    assert built == []


def test_the_release_step_again_builds_only_what_changed(network, built, django_assert_num_queries):
    call_command("store_feed_events", stdout=StringIO())
    group = public_groups().filter(region__slug="region-002").order_by("slug")[3]
    day = group.schedule.next_session_date(dt.date(2026, 12, 1))
    session_cancel(group=group, original_date=day, public_note="Snow", notify=False)
    before = stored_keys()
    built.clear()
    out = StringIO()
    call_command("store_feed_events", stdout=out)
    assert built == [group.slug]
    after = stored_keys()
    assert {pk for pk in after if after[pk] != before[pk]} == {group.pk}
    public = public_groups().count()
    assert out.getvalue() == (
        f"Feed events of {public} public group(s): 1 built and stored, {public - 1} stored "
        "already.\n"
    )
    built.clear()
    # Nothing to build: the groups' versions and the stored keys, once per batch.
    with django_assert_num_queries(2):
        call_command("store_feed_events", stdout=StringIO())
    assert built == []


def test_a_group_made_private_during_the_release_step_is_not_counted_as_left_out(
    network, monkeypatch
):
    """Listed public by the step's first query, private when its batch is built: it is no
    longer one of the public groups, not one whose schedule cannot be expanded."""
    real = feeds.feed_groups
    hidden = public_groups().order_by("pk")[3]

    def made_private_meanwhile(groups, **kwargs):
        Group.objects.filter(pk=hidden.pk).update(is_public=False)
        return real(groups, **kwargs)

    monkeypatch.setattr(feeds, "feed_groups", made_private_meanwhile)
    out = StringIO()
    call_command("store_feed_events", stdout=out)
    public = set(public_groups().values_list("pk", flat=True))
    assert hidden.pk not in public
    assert set(stored_keys()) == public
    assert out.getvalue() == (
        f"Feed events of {len(public)} public group(s): {len(public)} built and stored, "
        "0 stored already.\n"
    )


def test_the_release_step_never_stores_a_private_groups_events(network):
    call_command("store_feed_events", stdout=StringIO())
    private = Group.objects.filter(is_public=False).values_list("pk", flat=True)
    assert list(private) != []
    assert StoredEvents.objects.filter(group_id__in=private).count() == 0


def test_after_a_new_calendar_text_format_the_release_step_builds_every_group(
    network, built, monkeypatch
):
    call_command("store_feed_events", stdout=StringIO())
    monkeypatch.setitem(cache.FORMATS, "ical", cache.FORMATS["ical"] + 1)
    built.clear()
    call_command("store_feed_events", stdout=StringIO())
    assert sorted(built) == sorted(public_groups().values_list("slug", flat=True))


def test_after_a_new_site_address_the_release_step_builds_every_group(network, built, settings):
    call_command("store_feed_events", stdout=StringIO())
    settings.SITE_URL = "https://peerhub.example.net"
    built.clear()
    call_command("store_feed_events", stdout=StringIO())
    assert len(built) == public_groups().count()
    assert all(
        b"https://peerhub.example.net/groups/" in bytes(text)
        for text in StoredEvents.objects.values_list("text", flat=True)
    )


def test_the_release_step_takes_no_argument():
    with pytest.raises(CommandError, match="unrecognized arguments: region-001"):
        call_command("store_feed_events", "region-001")
