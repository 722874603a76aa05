"""The lists of every public group with more of them to build than a web request should
(``build_ahead.BUILT_IN_A_REQUEST``): ``/api/v1/groups.json`` and ``/meeting-guide.json`` with
the caches emptied (a restart and a flush) built 18,000 groups' items in the request, 9 to
10 s on a bench machine, while each request that came meanwhile waited 3 s and then built
them too. As the whole network's feed
(test_long_builds.py): with a task worker, the long queue's builds them, and their visitors
get a 503 with Retry-After until it has; without one, a request builds them, as before.
Here ``BUILT_IN_A_REQUEST`` is five groups, and the network 23 public groups."""

import time
from types import SimpleNamespace

import pytest
from django.conf import settings
from django.utils import timezone

from core import build_ahead, cache
from groups.models import FeedVersion
from groups.selectors import public_groups
from groups.version_selectors import feed_version
from publishing import api_groups, meeting_guide
from tests.build_queue import asked, handed, worker
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

GROUPS = "/api/v1/groups.json"
MEETING_GUIDE = "/meeting-guide.json"
BEING_BUILT = (
    503,
    "10",
    {"error": "This list is being prepared; try again in a few seconds.", "retry_after": 10},
)


@pytest.fixture
def built(monkeypatch):
    """The pks of the groups whose items are built (either list), in order; at most five in a
    request; no long wait for another's build."""
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", 5)
    monkeypatch.setattr(cache, "WAIT_FOR_BUILD", 0.2)
    pks = []
    for module, name in ((api_groups, "group_item"), (meeting_guide, "meeting_guide_entry")):
        real = getattr(module, name)

        def recorded(group, *args, real=real, **kwargs):
            pks.append(group.pk)
            return real(group, *args, **kwargs)

        monkeypatch.setattr(module, name, recorded)
    return pks


def public_pks() -> list[int]:
    return sorted(public_groups().values_list("pk", flat=True))


def being_built(response) -> tuple:
    return (response.status_code, response.get("Retry-After"), response.json())


@pytest.fixture
def references(client, network, settings):
    """Each list as a request builds it with no task worker."""
    settings.BUILD_IN_WORKER = False
    found = {path: client.get(path).content for path in (GROUPS, MEETING_GUIDE)}
    assert all(found.values())
    clear_caches()
    return found


@pytest.mark.parametrize("path", [GROUPS, MEETING_GUIDE])
def test_with_every_cache_empty_the_list_is_built_by_the_long_queues_worker(
    client, references, queue, built, caplog, monkeypatch, path
):
    naps = []  # the request meanwhile does not wait for a build that takes seconds
    monkeypatch.setattr(cache, "time", SimpleNamespace(monotonic=time.monotonic, sleep=naps.append))
    first = client.get(path)
    again = client.get(path)
    assert naps == []
    assert (being_built(first), being_built(again)) == (BEING_BUILT, BEING_BUILT)
    assert first["Cache-Control"] == "no-store"
    assert (handed(queue), built) == ([("build-long", asked(path))], [])  # once, none here
    assert [r.getMessage() for r in caplog.records if r.levelno >= 30] == [
        "List handed to the long queue's task worker (too long to build in a request), none "
        f"kept before: GET {path} answered 503",
        f"List being built by the long queue's task worker, none kept before: GET {path} "
        "answered 503",
    ]

    assert worker(path) == 200
    assert sorted(built) == public_pks()
    answered = client.get(path)
    assert (answered.status_code, answered.content) == (200, references[path])
    assert (len(handed(queue)), sorted(built)) == (1, public_pks())


@pytest.mark.parametrize("path", [GROUPS, MEETING_GUIDE])
def test_with_no_more_to_build_than_a_request_should_the_request_builds_them(
    client, references, queue, built, monkeypatch, path
):
    monkeypatch.setattr(build_ahead, "BUILT_IN_A_REQUEST", len(public_pks()))
    answered = client.get(path)
    assert (answered.status_code, answered.content) == (200, references[path])
    assert (handed(queue), sorted(built)) == ([], public_pks())


@pytest.mark.parametrize("path", [GROUPS, MEETING_GUIDE])
def test_without_a_task_worker_the_request_builds_it_as_before(
    client, references, built, settings, path
):
    settings.BUILD_IN_WORKER = False
    assert client.get(path).content == references[path]
    assert sorted(built) == public_pks()


def test_not_built_by_the_worker_within_its_claim_the_next_visitor_builds_it(
    client, references, queue, built
):
    assert being_built(client.get(MEETING_GUIDE)) == BEING_BUILT
    version = feed_version(FeedVersion.NETWORK)
    answer = cache.key(
        "meeting-guide", settings.SITE_URL, version.key, version.token, timezone.localdate()
    )
    cache.release_build(answer)  # its claim ran out: the worker stopped, or is behind
    answered = client.get(MEETING_GUIDE)
    assert (answered.status_code, answered.content) == (200, references[MEETING_GUIDE])
    assert (len(handed(queue)), sorted(built)) == (1, public_pks())


def test_when_the_queue_cannot_take_it_the_request_builds_it(
    client, references, queue, built, queue_away
):
    answered = client.get(MEETING_GUIDE)
    assert (answered.status_code, answered.content) == (200, references[MEETING_GUIDE])
    assert (handed(queue), sorted(built)) == ([], public_pks())


def test_a_window_of_sessions_of_too_many_groups_is_handed_over_too(client, network, queue, built):
    """Every region's sessions for the coming four weeks: 23 groups, more than five."""
    path = "/api/v1/occurrences.json"
    assert being_built(client.get(path)) == BEING_BUILT
    assert handed(queue) == [("build-long", asked(path))]
    assert worker(path) == 200
    answered = client.get(path)
    assert (answered.status_code, len(handed(queue))) == (200, 1)
    assert answered.json()["occurrences"]


@pytest.mark.parametrize("path", [GROUPS, MEETING_GUIDE])
def test_built_a_batch_of_groups_at_a_time_the_list_is_the_same(
    client, references, settings, monkeypatch, path
):
    """The whole network's groups at once held every one in memory (334 MB at national)."""
    from groups import kept

    monkeypatch.setattr(kept, "BATCH", 2)
    settings.BUILD_IN_WORKER = False
    batches = []
    for module, name in ((api_groups, "_built"), (meeting_guide, "_entries")):
        real = getattr(module, name)

        def recorded(groups, *args, real=real, **kwargs):
            batches.append(len(groups))
            return real(groups, *args, **kwargs)

        monkeypatch.setattr(module, name, recorded)
    assert client.get(path).content == references[path]
    assert (max(batches), sum(batches)) == (2, len(public_pks()))
