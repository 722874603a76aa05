"""Builds handed to the task worker (core/build_ahead.py, ``core.cache.hand_over``).

With BUILD_IN_WORKER on, the first visitor to ask for an answer a change made old is answered
the version before and hands its build to the worker's queue; the worker asks for the same
address as a visitor not signed in and so builds the very answer the next visitor is given.
Here the queue is django-tasks' dummy backend (it keeps what is queued), and the worker is
``build.call``, what ``db_worker`` runs.
"""

import datetime as dt
import time
from urllib.parse import urlsplit

import pytest
import recurring_ical_events
from django.core.cache import caches
from icalendar import Calendar

from core import build_ahead, cache
from groups.models import FeedVersion
from groups.sessions import session_cancel
from tests.build_queue import asked, body, handed, worker
from tests.caches import clear_caches
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

FEED = "/regions/metro-boston/calendar.ics"
WEEK = "/calendar/?view=week&date=2026-03-02&region=metro-boston"
API = "/api/v1/occurrences.json?region=metro-boston&start=2026-03-01&end=2026-03-31"


def meets_on_tuesday(feed: bytes) -> bool:
    """Whether a calendar app shows a session (not cancelled) on the snow day's Tuesday."""
    calendar = Calendar.from_ical(feed)
    found = recurring_ical_events.of(calendar).between(TUESDAY, TUESDAY + dt.timedelta(days=1))
    return any(str(event.get("STATUS", "")).upper() != "CANCELLED" for event in found)


def snow_day(east):
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow day", notify=False)


def test_a_feed_made_old_is_answered_as_before_and_built_by_the_worker(client, east, west, queue):
    before = client.get(FEED)
    before_body = body(before)
    assert (before.status_code, handed(queue)) == (200, [])  # nothing before it: built here

    snow_day(east)
    first = client.get(FEED)
    again = client.get(FEED)
    assert (first["ETag"], first.content) == (before["ETag"], before_body)
    assert (again["ETag"], again.content) == (before["ETag"], before_body)
    assert handed(queue) == [("build", asked(FEED))]  # once, by the first

    assert worker(FEED) == 200
    after = client.get(FEED)
    assert after["ETag"] != before["ETag"]
    assert (meets_on_tuesday(before_body), meets_on_tuesday(body(after))) == (True, False)
    assert handed(queue) == [("build", asked(FEED))]


def test_the_worker_builds_the_page_a_visitor_is_then_given(client, east, west, queue, settings):
    client.get(WEEK)
    snow_day(east)
    meanwhile = client.get(WEEK).content.decode()
    assert "Snow day" not in meanwhile
    assert handed(queue) == [("build", asked(WEEK))]

    assert worker(WEEK) == 200
    worker_built = client.get(WEEK)
    assert "Snow day" in worker_built.content.decode()
    assert worker_built.context is None  # kept by the worker, not rendered for this visitor
    settings.BUILD_IN_WORKER = False
    clear_caches()
    assert client.get(WEEK).content == worker_built.content  # what a request would have built


def test_an_api_answer_made_old_is_handed_over_with_its_etag_kept(client, east, west, queue):
    before = client.get(API)
    snow_day(east)
    meanwhile = client.get(API)
    assert (meanwhile["ETag"], meanwhile.content) == (before["ETag"], before.content)
    assert handed(queue) == [("build", asked(API))]

    worker(API)
    after = client.get(API)
    assert after["ETag"] != before["ETag"]
    assert b"Snow day" in after.content


def test_an_address_whose_last_build_was_long_has_a_queue_of_its_own(
    client, east, west, queue, monkeypatch
):
    """A long build (seconds, at national size) must not hold up the short ones behind it: its
    address goes to the long builds' queue, once the worker has timed it."""
    client.get(FEED), client.get(API)
    snow_day(east)
    client.get(FEED), client.get(API)
    assert handed(queue) == [("build", asked(FEED)), ("build", asked(API))]  # never timed yet

    slow = build_ahead.LONG_BUILD_SECONDS + 0.2
    real_handler = build_ahead.WSGIHandler

    def handler_taking(seconds):
        def make():
            handler = real_handler()

            def answer(environ, start_response):
                if environ["PATH_INFO"] == urlsplit(FEED).path:
                    time.sleep(seconds)
                return handler(environ, start_response)

            return answer

        return make

    monkeypatch.setattr(build_ahead, "WSGIHandler", handler_taking(slow))
    assert (worker(asked(FEED)), worker(asked(API))) == (200, 200)
    assert build_ahead.took(asked(FEED)) >= slow
    assert build_ahead.took(asked(API)) < build_ahead.LONG_BUILD_SECONDS

    session_cancel(group=east.group, original_date=TUESDAY + dt.timedelta(days=7), notify=False)
    client.get(FEED), client.get(API)
    assert handed(queue)[2:] == [("build-long", asked(FEED)), ("build", asked(API))]

    # Built quickly this time: it goes back to the short builds.
    monkeypatch.setattr(build_ahead, "WSGIHandler", handler_taking(0))
    assert worker(asked(FEED)) == 200
    assert build_ahead.queue_for(asked(FEED)) == "build"


def test_the_version_before_is_the_last_built_though_this_worker_saw_an_older_one(
    client, east, west, queue, monkeypatch, settings
):
    """While a new version is built, its readers are answered the last one built: in every
    worker, not the last one that worker itself saw. Here this worker saw the first version;
    another worker's readers had the second built and were given it; then a third is handed
    over from here. Before, the name of the last version built was kept in each worker's
    memory too, and this worker answered the first: older than what a calendar app polling
    both had already been given."""
    from core.cache_local import LocalCache

    this_worker, another = cache.local, LocalCache(settings.LOCAL_CACHE_MB * 1024 * 1024)
    first = {path: client.get(path) for path in (FEED, API)}
    [body(response) for response in first.values()]
    snow_day(east)
    monkeypatch.setattr(cache, "local", another)
    [client.get(path) for path in (FEED, API)]  # handed over, from the other worker
    assert [worker(asked(path)) for path in (FEED, API)] == [200, 200]
    second = {path: client.get(path) for path in (FEED, API)}
    assert [second[path]["ETag"] != first[path]["ETag"] for path in (FEED, API)] == [True, True]
    session_cancel(group=east.group, original_date=TUESDAY + dt.timedelta(days=7), notify=False)
    monkeypatch.setattr(cache, "local", this_worker)
    meanwhile = {path: client.get(path) for path in (FEED, API)}  # the third handed over
    assert len(handed(queue)) == 4
    for path in (FEED, API):
        assert meanwhile[path]["ETag"] == second[path]["ETag"]


def test_a_signed_in_user_also_hands_a_feed_over_and_the_worker_asks_as_a_visitor(
    client, east, west, queue
):
    client.get(FEED)
    snow_day(east)
    client.force_login(east.coordinator)
    client.get(FEED)
    assert handed(queue) == [("build", asked(FEED))]


def test_a_private_feed_is_never_handed_over(client, east, west, queue):
    address = f"/feeds/{east.lead.feed_token}.ics"
    body(client.get(address))
    snow_day(east)
    after = client.get(address)
    assert (after.status_code, handed(queue)) == (200, [])
    assert not meets_on_tuesday(body(after))


def test_when_the_worker_has_not_built_it_in_time_the_next_visitor_builds_it(
    client, east, west, queue, settings
):
    before = client.get(FEED)
    body(before)
    snow_day(east)
    assert client.get(FEED)["ETag"] == before["ETag"]  # handed over; the worker never comes
    version = FeedVersion.objects.get(key=FeedVersion.key_for("region", east.region.pk))
    key = cache.key("feed", settings.SITE_URL, version.key, version.token, "public")
    cache.release_build(key)  # the hand-over's claim ran out (HAND_OVER_SECONDS)

    built_here = client.get(FEED)
    assert built_here["ETag"] != before["ETag"]
    assert not meets_on_tuesday(body(built_here))
    assert handed(queue) == [("build", asked(FEED))]  # not handed again


def test_a_queue_that_cannot_take_the_build_leaves_it_to_the_request(
    client, east, west, queue, queue_away
):
    client.get(WEEK)
    snow_day(east)
    assert "Snow day" in client.get(WEEK).content.decode()


def test_nothing_is_handed_over_without_the_setting(client, east, west, queue, settings):
    settings.BUILD_IN_WORKER = False
    client.get(WEEK)
    snow_day(east)
    assert "Snow day" in client.get(WEEK).content.decode()
    assert handed(queue) == []


def test_the_worker_asks_on_the_visitors_scheme_and_host(east, west, queue, settings):
    settings.SITE_URL = "https://peerhub.example.org"
    settings.ALLOWED_HOSTS = ["peerhub.example.org", "peerhub.internal"]
    settings.SECURE_SSL_REDIRECT = True
    assert worker(f"https://peerhub.internal{WEEK}") == 200  # not redirected, not a bad host
    assert worker(WEEK) == 200  # a path alone: on SITE_URL's
    assert worker("https://peerhub.internal/groups/no-such-group/") == 404
    assert worker(f"http://peerhub.internal{WEEK}") == 301  # to https, as for that visitor
    assert worker(f"https://elsewhere.example{WEEK}") == 400  # a host the site does not take


def test_a_filtered_feed_counts_one_build_for_its_visitor_and_none_for_the_worker(
    client, east, west, queue, settings
):
    """The visitor who hands a build over caused it, so it counts against their address; the
    worker's own request (from 127.0.0.1) never counts against anyone's."""
    settings.ACCOUNT_RATE_LIMITS = {"feed_builds": "2/1m/key"}
    filtered = "/calendar.ics?q=voices"
    before = client.get(filtered, REMOTE_ADDR="127.0.0.1")
    before_body = body(before)  # built: 1 of 2
    snow_day(east)
    meanwhile = client.get(filtered, REMOTE_ADDR="127.0.0.1")  # handed over: 2 of 2
    assert (meanwhile.status_code, meanwhile["ETag"]) == (200, before["ETag"])
    assert handed(queue) == [("build", asked(filtered))]
    assert worker(filtered) == 200  # not a third
    after = client.get(filtered, REMOTE_ADDR="127.0.0.1")
    assert (after.status_code, after["ETag"] != before["ETag"]) == (200, True)
    assert after.content.count(b"EXDATE") == before_body.count(b"EXDATE") + 1  # the snow day
    assert client.get("/calendar.ics?q=boston", REMOTE_ADDR="127.0.0.1").status_code == 429


def test_a_visitor_over_their_limit_is_answered_the_version_before_and_hands_nothing_over(
    client, east, west, queue, settings
):
    """Handing a build over counts against the visitor's address; one over its limit gets what
    every other reader meanwhile gets, the version before, not a 429 (every visitor behind one
    address, a shelter's network, would otherwise be refused after a change). Another address
    hands the build over."""
    settings.ACCOUNT_RATE_LIMITS = {"feed_builds": "1/1m/key", "api_occurrences": "1/1m/key"}
    filtered = "/calendar.ics?q=voices"
    window = API.replace("2026-03-31", "2026-04-30")  # a window no other test built
    before = [client.get(path, REMOTE_ADDR="203.0.113.5") for path in (filtered, window)]
    before_bodies = [body(answer) for answer in before]  # built: 1 of 1 each
    snow_day(east)

    over = [client.get(path, REMOTE_ADDR="203.0.113.5") for path in (filtered, window)]
    assert [(answer.status_code, body(answer)) for answer in over] == [
        (200, before_bodies[0]),
        (200, before_bodies[1]),
    ]
    assert handed(queue) == []
    other = [client.get(path, REMOTE_ADDR="198.51.100.7") for path in (filtered, window)]
    assert [body(answer) for answer in other] == before_bodies  # the version before, handed over
    assert handed(queue) == [("build", asked(filtered)), ("build", asked(window))]


@pytest.fixture
def trips(monkeypatch):
    """The calls this thread makes to the shared cache (on Redis, each one a round trip; the
    test cache's ``get_many`` calls its own ``get``, which is not counted again)."""
    made, inside = [], []
    shared = caches["default"]

    def counting(name):
        real = getattr(shared, name)

        def counted(*args, **kwargs):
            if not inside:
                made.append(name)
            inside.append(name)
            try:
                return real(*args, **kwargs)
            finally:
                inside.pop()

        return counted

    for name in ("get", "get_many", "add", "set", "set_many", "delete", "touch", "incr"):
        monkeypatch.setattr(shared, name, counting(name))
    return made


@pytest.mark.parametrize("address", [FEED, WEEK, API])
def test_while_the_worker_builds_a_visitor_is_answered_in_one_trip_to_the_shared_cache(
    client, east, west, queue, trips, address
):
    """Every visitor until the worker is done takes this path: one look for the new version and
    its build's claim together, the one missed, the other held (by the worker). It took three
    before (a look, then the claim asked for twice; four for the API, which looked twice): at
    national, in process, 2.5-3.2 ms a request where a warm answer takes 0.6-0.9."""
    before = client.get(address)
    body(before)
    snow_day(east)
    client.get(address)  # hands the build over
    assert handed(queue) == [("build", asked(address))]

    trips.clear()
    meanwhile = client.get(address)
    assert (meanwhile.get("ETag"), body(meanwhile)) == (before.get("ETag"), body(before))
    assert trips == ["get_many"]

    worker(address)
    cache.local.clear()  # the worker is another process: its build is in the shared cache
    trips.clear()
    client.get(address)
    assert trips == ["get_many"]  # the new version, kept in this process from then on
    trips.clear()
    client.get(address)
    assert trips == []
