"""A feed with more to build than a web request should (core/build_ahead.py:
``BUILT_IN_A_REQUEST``): the whole network's feed with no group's events stored took 31 s on
the bench's machine, and gunicorn killed the worker at 30 s. With a task worker, it is handed
to the long queue's, and its visitors get a 503 with Retry-After until it is built; without
one, or when the worker did not build it within its claim, a request builds it, as before.
Here ``BUILT_IN_A_REQUEST`` is five groups, and the network 23 public groups."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings

from core import build_ahead, cache
from groups.models import FeedVersion
from groups.selectors import public_groups
from groups.version_selectors import feed_version
from publishing import feed_responses, feeds
from publishing.models import StoredEvents
from tests.build_queue import asked, body, handed, worker
from tests.caches import clear_caches
from tests.publishing.test_feed_assembly import network_feed_reference

pytestmark = pytest.mark.django_db

FEED = "/calendar.ics"
WOMEN = "/calendar.ics?q=women"


@pytest.fixture
def built(monkeypatch):
    """The pks of the groups whose events are built, in order; at most five in a request."""
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", 5)
    monkeypatch.setattr(feed_responses, "WAIT_FOR_BUILD", 0.2)
    pks = []
    real = feeds.group_ical
    monkeypatch.setattr(
        feeds, "group_ical", lambda fg, **kw: pks.append(fg.group.pk) or real(fg, **kw)
    )
    return pks


def public_pks() -> list[int]:
    return sorted(public_groups().values_list("pk", flat=True))


def feed_key() -> str:
    """The cache key of the whole network's feed, unfiltered, as it is now."""
    version = feed_version(FeedVersion.NETWORK)
    return cache.key("feed", settings.SITE_URL, version.key, version.token, ())


def stored_but(count: int, built: list) -> None:
    """Every public group's events stored (the release step) but the first ``count`` groups'
    (by pk); the caches emptied, as after a restart and a flush."""
    feeds.store_events()
    StoredEvents.objects.filter(group_id__in=public_pks()[:count]).delete()
    clear_caches()
    built.clear()


def being_built(response) -> tuple:
    return (response.status_code, response["Retry-After"], response.content)


BEING_BUILT = (503, "10", feed_responses.BEING_BUILT.encode())


def test_with_nothing_stored_the_network_feed_is_built_by_the_long_queues_worker(
    client, network, queue, built, caplog, monkeypatch
):
    naps = []  # the request meanwhile does not wait for a build that takes seconds
    clock = SimpleNamespace(monotonic=time.monotonic, sleep=naps.append)
    monkeypatch.setattr(feed_responses, "time", clock)
    first = client.get(FEED)
    again = client.get(FEED)
    assert naps == []
    assert (being_built(first), being_built(again)) == (BEING_BUILT, BEING_BUILT)
    assert (handed(queue), built) == ([("build-long", asked(FEED))], [])  # once, none here
    assert [r.getMessage() for r in caplog.records if r.levelno >= 30] == [
        "Feed handed to the long queue's task worker (too long to build in a request), none "
        "kept before: GET /calendar.ics answered 503",
        "Feed being built by another request or the task worker, none kept before: GET "
        "/calendar.ics answered 503",
    ]

    assert worker(FEED) == 200
    assert sorted(built) == public_pks()
    answered = client.get(FEED)
    assert (answered.status_code, answered.streaming) == (200, False)  # kept by the worker
    assert answered.content == network_feed_reference()
    assert (len(handed(queue)), sorted(built)) == (1, public_pks())


def test_with_few_enough_to_build_the_request_builds_them(client, network, queue, built):
    stored_but(5, built)
    assert body(client.get(FEED)) == network_feed_reference()
    assert (handed(queue), sorted(built)) == ([], public_pks()[:5])


def test_after_a_restart_and_a_flush_the_stored_events_are_enough(
    client, network, queue, built, django_assert_num_queries
):
    stored_but(0, built)
    # The version, the groups' order and versions, their stored keys (the count of those to
    # build), their timezones' days (2), their stored events.
    with django_assert_num_queries(6):
        answered = body(client.get(FEED))
    assert (answered, handed(queue), built) == (network_feed_reference(), [], [])


def test_a_filtered_feed_with_too_many_to_build_is_handed_over_too(
    client, network, queue, built, monkeypatch
):
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", 0)
    matching = len(public_groups().filter(title__icontains="women"))
    assert matching > 0
    assert being_built(client.get(WOMEN)) == BEING_BUILT
    assert (handed(queue), built) == ([("build-long", asked(WOMEN))], [])
    assert worker(WOMEN) == 200
    assert len(built) == matching
    assert client.get(WOMEN).status_code == 200


def test_without_a_task_worker_the_request_builds_it_as_before(client, network, built):
    assert body(client.get(FEED)) == network_feed_reference()
    assert sorted(built) == public_pks()


def test_not_built_by_the_worker_within_its_claim_the_next_visitor_builds_it(
    client, network, queue, built
):
    assert being_built(client.get(FEED)) == BEING_BUILT
    cache.release_build(feed_key())  # its claim ran out: the worker stopped, or is behind
    assert body(client.get(FEED)) == network_feed_reference()
    assert (len(handed(queue)), sorted(built)) == (1, public_pks())


def test_when_the_queue_cannot_take_it_the_request_builds_it(
    client, network, queue, built, queue_away
):
    assert body(client.get(FEED)) == network_feed_reference()
    assert (handed(queue), sorted(built)) == ([], public_pks())
    assert not cache.being_built(feed_key())  # its claim let go once built
