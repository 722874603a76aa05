"""The version before, kept in a worker until the build it waits for is done
(groups/kept_answers.py, ``keep_until_built``).

After a change, every reader is answered the version before while the task worker builds the
new one. With PostgreSQL, a real listening thread and real commits: that answer is kept, so
the readers meanwhile do not each reach the view; the release of the build, notified, ends it
at once; without that notification it lapses after the hand-over's claim. An answer made with
the version before of a part is never kept as current.
"""

import time

from django.http import HttpResponse
from django.test import RequestFactory

from core import build_ahead, cache
from groups import kept_answers
from groups.kept_answers import KeptAnswersMiddleware
from groups.sessions import session_cancel
from groups.version_selectors import feed_version
from tests.build_queue import asked, assert_the_version_before, handed, worker
from tests.groups.conftest import CENTRAL, FEED
from tests.listening import notifications_heard, postgres_only, wait_for


def changed(group, listening) -> None:
    """A session of ``group`` cancelled: committed, notified and heard by this worker."""
    day = group.schedule.next_session_date(group.start_date)
    session_cancel(group=group, original_date=day, notify=False)
    assert wait_for(lambda: listening.get(CENTRAL) is None)
    notifications_heard()  # every one it sent


@postgres_only
def test_the_version_before_is_kept_until_its_build_is_done(
    central, listening, views_called, queue, client
):
    before = client.get(FEED)
    changed(central, listening)
    meanwhile = [client.get(FEED) for _ in range(3)]
    # The first hands the build over and is answered the version before, kept: the others are
    # answered it without the view.
    assert (handed(queue), len(views_called)) == ([("build", asked(FEED))], 2)
    for answer in meanwhile:
        assert_the_version_before(answer, before)
    assert worker(asked(FEED)) == 200  # built, and its release notified
    # Heard at once, not when the mark lapses (the hand-over's claim, 5 s).
    assert wait_for(lambda: client.get(FEED)["ETag"] != before["ETag"], seconds=1)
    after = client.get(FEED)
    assert "EXDATE" in after.content.decode()
    assert client.get(FEED).content == after.content  # the new version, kept in its turn


@postgres_only
def test_without_the_release_heard_the_version_before_lapses_with_the_claim(
    central, listening, views_called, queue, client, monkeypatch
):
    monkeypatch.setattr(cache, "HAND_OVER_SECONDS", 1)
    before = client.get(FEED)
    changed(central, listening)
    meanwhile = [client.get(FEED), client.get(FEED)]
    assert len(views_called) == 2  # the second kept
    time.sleep(1.2)  # the worker never built it
    late = client.get(FEED)  # the claim gone: built in the request, as without a worker
    assert (len(views_called), late["ETag"] != before["ETag"]) == (3, True)
    for answer in meanwhile:
        assert_the_version_before(answer, before)


def answering(respond):
    """The middleware before a view that reads the region's feed version through the memo and
    answers ``respond()``; and the list of its calls."""
    calls = []

    def view(request):
        calls.append(request.path)
        feed_version("region:central")
        return respond()

    return KeptAnswersMiddleware(view), calls


def asked_twice(middleware, path=FEED) -> None:
    for _ in range(2):
        middleware(RequestFactory().get(path))


@postgres_only
def test_an_answer_made_with_a_part_of_the_version_before_is_not_kept(listening):
    def with_a_part_before():
        build_ahead.answered_before("part")  # a part of it, while the part is built
        return kept_answers.keep(HttpResponse(b"current, with an older part"))

    middleware, calls = answering(with_a_part_before)
    asked_twice(middleware)
    whole, whole_calls = answering(lambda: kept_answers.keep(HttpResponse(b"current")))
    asked_twice(whole, "/whole")
    assert (len(calls), len(whole_calls)) == (2, 1)


@postgres_only
def test_the_version_before_is_kept_only_while_a_build_it_waits_for_is_under_way(listening):
    def before_of(key):
        def respond():
            build_ahead.answered_before(key)
            return kept_answers.keep_until_built(HttpResponse(b"the version before"))

        return respond

    assert cache.claim_build("under way")
    waiting, waiting_calls = answering(before_of("under way"))
    asked_twice(waiting)
    built, built_calls = answering(before_of("built already"))  # no claim: done meanwhile
    asked_twice(built, "/built")
    none, none_calls = answering(before_of(None))  # a client over its limit: none under way
    asked_twice(none, "/none")
    assert (len(waiting_calls), len(built_calls), len(none_calls)) == (1, 2, 2)
    cache.release_build("under way")  # notified: the next request reaches the view
    assert wait_for(lambda: asked_twice(waiting) or len(waiting_calls) > 1)


def test_a_release_is_said_only_when_an_answer_waits_for_it(settings, db):
    settings.FEED_VERSIONS_LISTEN = True
    said = []

    def heard(sender, *, key, **kwargs):
        said.append(key)

    build_ahead.build_released.connect(heard)
    try:
        assert cache.claim_build("nobody waits")
        cache.release_build("nobody waits")
        assert cache.claim_build("awaited")
        assert cache.awaiting_build("awaited")
        cache.release_build("awaited")
        cache.release_build("awaited")  # said once
        assert not cache.awaiting_build("awaited")  # no longer under way
    finally:
        build_ahead.build_released.disconnect(heard)
        cache.release_build("awaited")
    assert said == ["awaited"]
