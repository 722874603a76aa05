"""Whole answers kept in a worker while the versions they were made from stand
(groups/kept_answers.py).

With PostgreSQL, a real listening thread and real commits: a kept feed is answered before the
view, is the chain's answer header for header, and the first committed change reaches it. The
bounds and refusals are checked on the store itself, on either database.
"""

import gzip
import time

import pytest
from django.http import HttpResponse
from django.test import Client
from icalendar import Calendar

from core import build_ahead
from groups import kept_answers
from groups.kept_answers import KeptAnswers, keep
from groups.sessions import session_cancel
from publishing import api
from tests.factories import FacilitatorFactory, GroupFactory, RegionFactory, UserFactory, weekly
from tests.groups.conftest import CENTRAL, FEED, headers
from tests.listening import postgres_only, wait_for


@postgres_only
def test_a_kept_feed_is_answered_before_the_view_until_a_change_commits(
    central, listening, views_called
):
    client = Client()
    first = client.get(FEED)  # the view's answer, kept
    unchanged = client.get(FEED, headers={"if-none-match": first["ETag"]})  # its 304, kept
    assert len(views_called) == 2
    again = [client.get(FEED), client.get(FEED, headers={"if-none-match": first["ETag"]})]
    assert (len(views_called), unchanged.status_code) == (2, 304)
    assert [(r.status_code, r.content) for r in again] == [(200, first.content), (304, b"")]
    day = central.schedule.next_session_date(central.start_date)
    session_cancel(group=central, original_date=day, notify=False)  # committed, and notified
    assert wait_for(lambda: listening.get(CENTRAL) is None)  # heard by this worker
    after = client.get(FEED, headers={"if-none-match": first["ETag"]})
    assert (after.status_code, after["ETag"] != first["ETag"], len(views_called)) == (200, True, 3)
    assert "EXDATE" in after.content.decode()


@postgres_only
def test_a_kept_answer_is_the_chains_answer_header_for_header(central, settings):
    """Each kind of request, answered by the chain (nothing kept) and then kept."""
    client = Client()
    etag = client.get(FEED)["ETag"]
    gzip_etag = client.get(FEED, headers={"accept-encoding": "gzip"})["ETag"]
    asked = [
        {},
        {"if-none-match": etag},
        {"if-none-match": '"an-older-version"'},
        {"accept-encoding": "gzip"},
        {"accept-encoding": "gzip", "if-none-match": gzip_etag},
    ]
    settings.KEPT_ANSWERS_BYTES = 0
    chain = [client.get(FEED, headers=h) for h in asked]
    settings.KEPT_ANSWERS_BYTES = 32 * 1024 * 1024
    kept_answers.answers.clear()
    for h in asked:
        client.get(FEED, headers=h)
    kept = [client.get(FEED, headers=h) for h in asked]
    assert [(r.status_code, headers(r), r.content) for r in kept] == [
        (r.status_code, headers(r), r.content) for r in chain
    ]
    assert [r.status_code for r in kept] == [200, 304, 200, 200, 304]
    assert len(kept_answers.answers) == 2  # one address, two encodings


@postgres_only
def test_each_encoding_is_kept_apart(central):
    client = Client()
    zipped = client.get(FEED, headers={"accept-encoding": "gzip"})
    plain = client.get(FEED)
    assert (zipped["Content-Encoding"], plain.has_header("Content-Encoding")) == ("gzip", False)
    assert gzip.decompress(zipped.content) == plain.content
    assert Calendar.from_ical(plain.content).walk("VEVENT")[0]["UID"] is not None


@postgres_only
def test_a_request_with_a_session_or_another_condition_goes_through_the_view(central, views_called):
    visitor = Client()
    visitor.get(FEED)
    signed_in = Client()
    signed_in.force_login(UserFactory())
    signed_in.get(FEED)
    modified_since = visitor.get(
        FEED, headers={"if-modified-since": "Sat, 01 Jan 2050 00:00:00 GMT"}
    )
    visitor.get(FEED)
    assert (modified_since.status_code, len(views_called)) == (304, 3)


@postgres_only
def test_a_host_not_allowed_is_refused_though_the_feed_is_kept(central, views_called):
    client = Client()
    client.get(FEED)
    refused = client.get(FEED, HTTP_HOST="elsewhere.example")
    assert (client.get(FEED).status_code, refused.status_code) == (200, 400)


@postgres_only
def test_a_private_feed_is_never_kept(listening, views_called):
    facilitator = FacilitatorFactory()
    GroupFactory(recurrences=weekly(2)).facilitators.add(facilitator)
    client = Client()
    url = f"/feeds/{facilitator.feed_token}.ics"
    assert wait_for(lambda: client.get(url).status_code == 200)
    called = len(views_called)
    client.get(url)
    assert (len(views_called), len(kept_answers.answers)) == (called + 1, 0)


def test_without_the_versions_in_memory_nothing_is_kept(client, db, views_called):
    GroupFactory(region=RegionFactory(slug="central"), recurrences=weekly(1))
    client.get(FEED)
    client.get(FEED)
    assert (len(views_called), len(kept_answers.answers)) == (2, 0)


# The store ---------------------------------------------------------------------------------------


class StandingMemo:
    """What the worker's memo answers, by key."""

    def __init__(self, values):
        self.values = values

    def get(self, key):
        return self.values.get(key)


VERSION = object()
MEMO = StandingMemo({"v": VERSION})
READS = [("v", VERSION)]


def answer(size=10, **headers):
    return keep(HttpResponse(b"x" * size, headers=headers))


def address(n):
    return ("example.org", True, f"/feed-{n}.ics", "")


def test_the_store_is_bounded_in_bytes_oldest_first(settings):
    settings.KEPT_ANSWERS_BYTES = 1_000
    store = KeptAnswers()
    for n in range(4):
        store.keep(address(n), {}, answer(240), READS, MEMO)
    store.find(address(1), {}, MEMO)  # used: kept before the others
    store.keep(address(4), {}, answer(240), READS, MEMO)
    store.keep(address(5), {}, answer(251), READS, MEMO)  # over a quarter: not kept
    kept = [n for n in range(6) if store.find(address(n), {}, MEMO) is not None]
    assert kept == [1, 2, 3, 4]


@pytest.mark.parametrize(
    "response",
    [
        HttpResponse(b"not asked to be kept"),
        answer(**{"Cache-Control": "private"}),
        answer(**{"Cache-Control": "no-store"}),
        answer(Vary="*"),
        keep(HttpResponse(b"gone", status=404)),
    ],
    ids=["not asked", "private", "no-store", "vary *", "404"],
)
def test_what_a_shared_cache_may_not_keep_is_not_kept(settings, response):
    store = KeptAnswers()
    store.keep(address(0), {}, response, READS, MEMO)
    assert store.find(address(0), {}, MEMO) is None


def test_an_answer_setting_a_cookie_is_not_kept():
    response = answer()
    response.set_cookie("someone", "theirs")
    store = KeptAnswers()
    store.keep(address(0), {}, response, READS, MEMO)
    assert store.find(address(0), {}, MEMO) is None


def test_an_answer_stands_only_while_what_it_read_is_the_memos():
    store = KeptAnswers()
    memo = StandingMemo({"v": VERSION})
    store.keep(address(0), {}, answer(), READS, memo)
    store.keep(address(1), {}, answer(), [], memo)  # read nothing through the memo: not kept
    assert (store.find(address(0), {}, memo) is not None, store.find(address(1), {}, memo)) == (
        True,
        None,
    )
    memo.values["v"] = object()  # a change moved the version
    assert (store.find(address(0), {}, memo), len(store)) == (None, 0)


def test_answers_are_kept_by_the_request_headers_they_vary_on():
    store = KeptAnswers()
    store.keep(
        address(0), {"HTTP_ACCEPT_ENCODING": "gzip"}, answer(5, Vary="Accept-Encoding"), READS, MEMO
    )
    assert store.find(address(0), {"HTTP_ACCEPT_ENCODING": "gzip"}, MEMO) is not None
    assert store.find(address(0), {}, MEMO) is None
    assert store.find(address(0), {"HTTP_ACCEPT_ENCODING": "br"}, MEMO) is None


@pytest.fixture
def api_answered(monkeypatch):
    """The API answers its view code made (not the kept answer), by path."""
    calls = []
    answer = api.versioned_json

    def counted(request, **options):
        calls.append(request.get_full_path())
        return answer(request, **options)

    monkeypatch.setattr(api, "versioned_json", counted)
    return calls


@postgres_only
def test_the_apis_answers_are_kept_where_only_their_versions_decide_them(central, api_answered):
    RegionFactory(slug="east")
    time.sleep(0.5)  # its notification delivered (README), so that nothing kept is dropped below
    client = Client()
    month = "/api/v1/occurrences.json?start=2026-03-01&end=2026-03-31&region=central"
    from_today = "/api/v1/occurrences.json?region=central"  # the clock decides its window
    one_region = "/api/v1/groups.json?region=central"
    two_regions = "/api/v1/groups.json?region=central&region=east"  # read apart from the memo
    asked = [month, from_today, one_region, two_regions]
    first = [client.get(url) for url in asked]
    again = [client.get(url) for url in asked]
    assert [r.status_code for r in first] == [200, 200, 200, 200]
    assert [r.content for r in again] == [r.content for r in first]
    assert api_answered == asked + [from_today, two_regions]


def test_a_header_varied_on_is_matched_by_its_name_as_well_as_its_value():
    """An answer kept for ``Accept-Encoding: gzip`` is not another's kept for a request whose
    ``Accept-Language`` happens to read the same, whichever the address last varied on."""
    store = KeptAnswers()
    store.keep(
        address(0), {"HTTP_ACCEPT_ENCODING": "gzip"}, answer(5, Vary="Accept-Encoding"), READS, MEMO
    )
    store.keep(
        address(0), {"HTTP_ACCEPT_LANGUAGE": "es"}, answer(6, Vary="Accept-Language"), READS, MEMO
    )
    assert store.find(address(0), {"HTTP_ACCEPT_LANGUAGE": "gzip"}, MEMO) is None
    found = store.find(address(0), {"HTTP_ACCEPT_LANGUAGE": "es"}, MEMO)
    assert found.answers[200][1] == b"x" * 6


@postgres_only
def test_a_client_holding_another_encodings_etag_gets_the_whole_answer(central):
    client = Client()
    zipped_etag = client.get(FEED, headers={"accept-encoding": "gzip"})["ETag"]
    plain = client.get(FEED)  # kept
    asked = client.get(FEED, headers={"if-none-match": zipped_etag})
    assert (asked.status_code, asked.content, asked["ETag"]) == (200, plain.content, plain["ETag"])


@postgres_only
def test_a_builder_keeps_nothing(central, views_called):
    """The task worker asks for an address to build it (core/build_ahead.py): its answers are
    read by no visitor, so none is kept in its memory, and each of its asks reaches the view."""
    building = build_ahead._in_worker.set(True)
    try:
        asked = [Client().get(FEED).status_code for _ in range(2)]
    finally:
        build_ahead._in_worker.reset(building)
    assert (asked, len(views_called), len(kept_answers.answers)) == ([200, 200], 2, 0)
