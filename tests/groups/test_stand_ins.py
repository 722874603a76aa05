"""The last answer built, kept in a worker, standing in while the task worker builds the next
(groups/kept_answers.py: ``find``; core/build_ahead.py: ``under_way``, ``builds_done``).

After a change, the first reader hands the new version's build to the task worker and is answered
the version before, as every reader is until it is built. With PostgreSQL, a real listening
thread and real commits: that version, kept whole in the worker, is answered without the view
meanwhile, and only while it is the last one built. The marks and the store's rules are checked
on either database.
"""

import datetime as dt
import time

from django.conf import settings
from django.http import HttpResponse
from django.test import Client, RequestFactory

from core import build_ahead, cache
from groups.kept_answers import KeptAnswers, KeptAnswersMiddleware, keep
from groups.models import FeedVersion
from groups.sessions import session_cancel
from groups.version_selectors import feed_version
from tests.build_queue import asked, assert_the_version_before, handed, worker
from tests.factories import UserFactory
from tests.groups.conftest import CENTRAL, FEED, headers
from tests.listening import postgres_only, wait_for


def cancel(group, listening, day):
    """A session of ``group`` cancelled: committed, notified, and heard by this worker."""
    session_cancel(group=group, original_date=day, notify=False)
    assert wait_for(lambda: listening.get(CENTRAL) is None)


def feed_name(group) -> str:
    """The name of its region's feed, whatever its version (publishing/feed_responses.py)."""
    version = FeedVersion.objects.get(key=FeedVersion.key_for("region", group.region.pk))
    return cache.key("feed-latest", settings.SITE_URL, version.key, "public")


def first_dates(group, count):
    days = [group.schedule.next_session_date(group.start_date)]
    while len(days) < count:
        days.append(group.schedule.next_session_date(days[-1] + dt.timedelta(days=1)))
    return days


@postgres_only
def test_the_last_answer_built_stands_in_while_the_worker_builds_the_next(
    queue, central, listening, views_called
):
    client = Client()
    before = client.get(FEED)  # the view's answer, kept, and its 304
    client.get(FEED, headers={"if-none-match": before["ETag"]})
    built_before = build_ahead.builds_done(feed_name(central))
    assert built_before != build_ahead.NEVER
    cancel(central, listening, first_dates(central, 1)[0])
    first = client.get(FEED)  # hands the build over; answered the version before
    meanwhile = [client.get(FEED), client.get(FEED, headers={"if-none-match": before["ETag"]})]
    assert (handed(queue), len(views_called)) == ([("build", asked(FEED))], 3)
    assert [response.status_code for response in meanwhile] == [200, 304]
    assert meanwhile[1]["ETag"] == before["ETag"]
    for answer in (first, meanwhile[0]):
        assert_the_version_before(answer, before)
    assert build_ahead.under_way(feed_name(central)) == built_before  # the last one built
    assert worker(asked(FEED)) == 200  # built: the mark of its hand-over let go
    assert build_ahead.under_way(feed_name(central)) is None
    after = client.get(FEED)
    assert (after["ETag"] != before["ETag"], "EXDATE" in after.content.decode()) == (True, True)
    assert (client.get(FEED).content, len(views_called)) == (after.content, 5)  # kept in turn


@postgres_only
def test_an_answer_older_than_the_last_built_never_stands_in(
    queue, central, listening, views_called
):
    """Kept here at the first version; another worker's readers had the second built, which
    this worker never answered; then the third is handed over. The reader is answered the
    second, the last built, as the chain answers it, never this worker's first."""
    client = Client()
    signed_in = Client()  # through the chain each time, never kept
    signed_in.force_login(UserFactory())
    first = client.get(FEED)
    one, two = first_dates(central, 2)
    cancel(central, listening, one)
    signed_in.get(FEED)  # another reader hands the second version over
    assert worker(asked(FEED)) == 200
    second = signed_in.get(FEED)
    cancel(central, listening, two)
    signed_in.get(FEED)  # the third handed over: under way
    assert handed(queue) == [("build", asked(FEED))] * 2
    meanwhile = [client.get(FEED), client.get(FEED)]
    assert [response["ETag"] for response in meanwhile] == [second["ETag"]] * 2
    assert first["ETag"] not in (second["ETag"], meanwhile[0]["ETag"])


@postgres_only
def test_an_answer_older_than_one_built_at_another_address_never_stands_in(
    queue, central, listening, settings
):
    """One feed asked at two addresses (two names of the site, or two app servers): a version
    built for one is the last built for both, since both are given the same built bytes. Kept
    here at the first version, this worker never answered the second, built for the other
    address; when the third is handed over from here, the second is answered, never the first.
    (The bench's two app servers, on two ports, were given a version older than one they had
    answered.)"""
    other = "other.example.org"
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, other]
    here, there = Client(), Client(headers={"host": other})
    first = here.get(FEED)  # kept here
    one, two = first_dates(central, 2)
    cancel(central, listening, one)
    there.get(FEED)  # hands the second over, at its own address
    assert worker(f"http://{other}{FEED}") == 200
    second = there.get(FEED)
    assert second["ETag"] != first["ETag"]
    cancel(central, listening, two)
    meanwhile = [here.get(FEED), here.get(FEED)]  # the first hands the third over, from here
    assert handed(queue) == [("build", f"http://{other}{FEED}"), ("build", asked(FEED))]
    assert [response["ETag"] for response in meanwhile] == [second["ETag"]] * 2


@postgres_only
def test_a_public_page_is_kept_whole_until_a_change_and_stands_in_for_the_next(
    queue, central, listening, monkeypatch
):
    from website import calendar

    asked_for = []  # the page asked of the view (kept in the shared cache, or rendered)
    page_of = calendar.visitor_page

    def counted(request, *args, **kwargs):
        asked_for.append(request.get_full_path())
        return page_of(request, *args, **kwargs)

    monkeypatch.setattr(calendar, "visitor_page", counted)
    day = first_dates(central, 1)[0]
    page = f"/calendar/?region=central&view=month&date={day:%Y-%m-%d}"
    client = Client()
    pages = [client.get(page) for _ in range(3)]
    assert ([response.status_code for response in pages], len(asked_for)) == ([200] * 3, 1)
    assert (pages[2].content, headers(pages[2])) == (pages[0].content, headers(pages[0]))
    cancel(central, listening, day)
    meanwhile = [client.get(page) for _ in range(3)]  # the first hands the build over
    assert [response.content for response in meanwhile] == [pages[0].content] * 3
    assert handed(queue) == [("build", asked(page))]
    assert worker(asked(page)) == 200
    after = client.get(page)
    assert (after.status_code, after.content != pages[0].content) == (200, True)
    assert client.get(page).content == after.content
    # The first; the hand-over; the worker's build; the first answer of it: the others kept.
    assert len(asked_for) == 4


def answering(respond):
    """The middleware before a view that reads the central region's feed version through the
    memo and answers ``respond()``; and the list of its calls."""
    calls = []

    def view(request):
        calls.append(request.path)
        feed_version("region:central")
        return respond()

    return KeptAnswersMiddleware(view), calls


@postgres_only
def test_an_answer_made_with_the_version_before_of_a_part_is_not_kept(listening):
    """A part another is building is answered in its version before (core/cache.py): the answer
    made with it is given, never kept as the current one."""
    cache.put(cache.latest_key("page:visitor", "part"), "old-part-key")
    cache.put("old-part-key", b"the part's version before")
    assert cache.claim_build("new-part-key")  # another builds it
    try:

        def with_a_part_before():
            part = cache.get_or_build(
                "new-part-key",
                lambda: b"never built here",
                before=cache.latest_key("page:visitor", "part"),
            )
            return keep(HttpResponse(part))

        with_part, calls = answering(with_a_part_before)
        answers = [with_part(RequestFactory().get("/with-part")).content for _ in range(2)]
        whole, whole_calls = answering(lambda: keep(HttpResponse(b"current")))
        for _ in range(2):
            whole(RequestFactory().get("/whole"))
    finally:
        cache.release_build("new-part-key")
    assert answers == [b"the part's version before"] * 2
    assert (len(calls), len(whole_calls)) == (2, 1)


@postgres_only
def test_an_answer_holding_a_csp_nonce_is_not_kept(listening):
    """A nonce is each answer's own (django-csp makes one when a template asks for it): an
    answer holding one is given, never kept for the next visitor."""

    def viewing(nonce):
        calls = []

        def view(request):
            calls.append(request.path)
            feed_version("region:central")
            if nonce:
                request._csp_nonce = nonce  # as django-csp's request.csp_nonce sets it
            return keep(HttpResponse(f"<script nonce='{nonce}'></script>".encode()))

        middleware = KeptAnswersMiddleware(view)
        for _ in range(2):
            middleware(RequestFactory().get(f"/nonce-{bool(nonce)}"))
        return len(calls)

    assert (viewing("n0nce"), viewing("")) == (2, 1)


# ``queue`` comes first in the tests above: it empties the caches, and ``central`` then reads its
# feed until it is built, so that the tests' first answer is whole (a feed streamed as it is built
# is not kept).

# The marks ---------------------------------------------------------------------------------------

ADDRESS = "http://testserver/regions/nowhere/calendar.ics"
# A value's name whatever its version, and two of its versions (core/cache_keys.py)
VALUE = cache.latest_key("atom:changes", "a region")
ONE, TWO = (cache.key("atom:changes", "a region", version) for version in (1, 2))


def test_a_hand_over_is_marked_until_a_version_of_its_value_is_built(db, queue):
    assert build_ahead.under_way(VALUE) is None
    assert cache.claim_for_worker(ONE)
    assert cache.hand_over(ONE, ADDRESS, name=VALUE)
    assert build_ahead.under_way(VALUE) == build_ahead.NEVER  # none built before it
    assert worker(ADDRESS) == 404  # nothing built (no such region): the mark let go
    assert (build_ahead.under_way(VALUE), build_ahead.builds_done(VALUE)) == (
        None,
        build_ahead.NEVER,
    )
    cache.release_build(ONE)
    assert cache.get_or_build(ONE, lambda: "one", before=VALUE) == "one"  # built here
    done = build_ahead.builds_done(VALUE)
    assert done != build_ahead.NEVER
    assert cache.hand_over(TWO, ADDRESS, name=VALUE)
    assert build_ahead.under_way(VALUE) == done
    assert cache.get_or_build(TWO, lambda: "two", before=VALUE) == "two"
    assert build_ahead.under_way(VALUE) is None  # built: let go
    assert build_ahead.builds_done(VALUE) not in (done, build_ahead.NEVER)


def test_a_hand_over_the_queue_refused_leaves_no_mark(db, queue, queue_away):
    assert cache.hand_over(ONE, ADDRESS, name=VALUE) is False
    assert build_ahead.under_way(VALUE) is None


# The store ---------------------------------------------------------------------------------------


class Memo:
    def __init__(self, **values):
        self.values = values

    def get(self, key):
        return self.values.get(key)


class Version:
    """A row's version as the ORM gives it: two reads of it are equal, not the same object."""

    def __eq__(self, other):
        return isinstance(other, Version)

    __hash__ = object.__hash__


HERE = ("example.org", True, "/calendar/", "")
NAME = "the value answered at HERE, whatever its version"


def kept_in(store, body, version, builds="last built", name=NAME, **options):
    memo = Memo(v=version)
    answer = keep(HttpResponse(body), **options)
    store.keep(HERE, {}, answer, [("v", version)], memo, name, lambda name: builds)
    return memo


def test_a_new_version_replaces_the_answer_though_its_reads_compare_equal():
    store = KeptAnswers()
    kept_in(store, b"first", Version())
    memo = kept_in(store, b"second", Version())  # no ETag: only the reads tell them apart
    assert store.find(HERE, {}, memo).answers[200][1] == b"second"


def test_a_moved_answer_stands_in_only_while_the_build_after_the_last_built_is_under_way():
    store = KeptAnswers()
    kept_in(store, b"first", Version())
    moved = Memo(v=Version())
    assert store.find(HERE, {}, moved, under_way=lambda name: None) is None  # not handed over
    assert len(store) == 1  # kept for when it is
    stand_in = store.find(HERE, {}, moved, under_way={NAME: "last built"}.get)
    assert stand_in.answers[200][1] == b"first"
    assert store.find(HERE, {}, moved, under_way={NAME: "built since"}.get) is None
    assert len(store) == 0


def test_a_stand_in_is_refused_once_the_marks_it_was_kept_under_may_be_forgotten(monkeypatch):
    store = KeptAnswers()
    kept_in(store, b"first", Version())
    later = time.monotonic() + build_ahead.TOOK_SECONDS + 1
    monkeypatch.setattr(time, "monotonic", lambda: later)
    assert store.find(HERE, {}, Memo(v=Version()), under_way={NAME: "last built"}.get) is None
    assert len(store) == 0


def test_an_answer_kept_until_a_time_is_not_answered_after_it(monkeypatch):
    store = KeptAnswers()
    version = Version()
    memo = kept_in(store, b"today's", version, until=time.time() + 60)
    assert store.find(HERE, {}, memo).answers[200][1] == b"today's"
    tomorrow = time.time() + 61
    monkeypatch.setattr(time, "time", lambda: tomorrow)
    assert (store.find(HERE, {}, memo), len(store)) == (None, 0)


def test_an_answer_kept_without_a_mark_never_stands_in():
    """Kept with no mark of the builds read (as ``keep`` is called without one), an answer
    never stands in."""
    store = KeptAnswers()
    kept_in(store, b"first", Version(), builds=None)
    assert store.find(HERE, {}, Memo(v=Version()), under_way=lambda name: None) is None
    assert len(store) == 0
