"""Two app servers (gunicorn, production settings, two workers each) on one PostgreSQL and one
Redis: a change made through one is served by the other at once, and both keep serving, right,
while Redis is away (issue 15, "Done when" and item 6).

Every path is asked several times of each server, so that every worker answers (gunicorn gives
each new connection to whichever worker takes it first).
"""

from __future__ import annotations

import datetime as dt
import http.client
import json
import re
import time
from collections import Counter
from urllib.parse import urlencode
from zoneinfo import ZoneInfo

import pytest
import redis
from django.contrib.auth.hashers import PBKDF2PasswordHasher

from core.cache import HAND_OVER_SECONDS
from core.cache_backends import RedisCache
from groups.sessions import session_cancel
from tests.accounts.conftest import PASSWORD
from tests.production.redis_proxy import RedisProxy
from tests.production.servers import LOGS, builder, serve
from tests.services import need_postgresql, need_redis
from tests.two_regions import build_side

pytestmark = pytest.mark.django_db(transaction=True)

# As behind one proxy: the feeds' links, and so their bytes and ETags, are the same on both.
SITE = {"SITE_URL": "https://peerhub.example.org"}
ASKED = 6  # times each path is asked of each server
NOTIFY_DELIVERY = 0.5  # seconds: see settle()
GROUP = "metro-boston-hearing-voices"
FEEDS = ["/regions/metro-boston/calendar.ics", f"/groups/{GROUP}/calendar.ics", "/calendar.ics"]
GROUP_PAGE = f"/groups/{GROUP}/"


def next_tuesday() -> dt.date:
    """The group's next session (Tuesdays, 6 pm in Boston), at least a day away."""
    today = dt.datetime.now(ZoneInfo("America/New_York")).date()
    return today + dt.timedelta(days=(1 - today.weekday()) % 7 or 7)


def api_path(day: dt.date) -> str:
    return (
        f"/api/v1/occurrences.json?start={day}&end={day + dt.timedelta(days=1)}&region=metro-boston"
    )


def cancelled_in(feed: bytes, day: dt.date) -> bool:
    """Is the 6 pm session of ``day`` an EXDATE of the feed?"""
    lines = feed.decode().replace("\r\n ", "").split("\r\n")
    return any(f"{day:%Y%m%d}T180000" in line for line in lines if line.startswith("EXDATE"))


def settle() -> None:
    """Let each worker's listening thread take in the change's notification.

    PostgreSQL delivers it at commit; the thread acts on it within milliseconds. A request
    that reaches a worker in those milliseconds still gets the version before the change
    (groups/versions.py): "at once" is this close.
    """
    time.sleep(NOTIFY_DELIVERY)


def next_date(page: str) -> str:
    start = page.index("<dt>Next date</dt><dd>") + len("<dt>Next date</dt><dd>")
    return page[start : page.index("</dd>", start)]


def what_each_server_shows(servers, day) -> set:
    """What every answer of every server says, as a set: one element when they all agree."""
    shown = set()
    for server in servers:
        for _ in range(ASKED):
            for path in FEEDS:
                status, headers, body = server.get(path)
                shown.add((path, status, headers["etag"], cancelled_in(body, day)))
            status, _, body = server.get(api_path(day))
            [session] = json.loads(body)["occurrences"]
            shown.add(("api", status, session["status"]))
            status, _, body = server.get(GROUP_PAGE)
            shown.add(("page", status, next_date(body.decode())))
    return shown


def day_words(day: dt.date) -> str:
    return f"{day:%A} {day.day} {day:%B}"


class Visitor:
    """One browser's cookies, on either server (sessions live in the shared database)."""

    def __init__(self):
        self.cookies: dict[str, str] = {}

    def request(self, server, method, path, form=None) -> tuple[int, str, str]:
        """(status, Location, body)."""
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{name}={value}" for name, value in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        try:
            conn.request(method, path, body=body, headers=headers)
            response = conn.getresponse()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, value = cookie.split(";")[0].split("=", 1)
                self.cookies[name] = value
            return response.status, response.getheader("Location", ""), response.read().decode()
        finally:
            conn.close()

    def post_form(self, server, page, path, fields) -> tuple[int, str, str]:
        """Open ``page``, then send its form's CSRF token with ``fields`` to ``path``."""
        status, _, body = self.request(server, "GET", page)
        assert status == 200, body[-2000:]
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', body)[1]
        return self.request(server, "POST", path, {"csrfmiddlewaretoken": token, **fields})


def test_a_cancel_made_on_one_server_is_served_by_the_other_at_once():
    need_postgresql()
    url = need_redis()
    redis.Redis.from_url(url).flushdb()
    side = build_side("Metro Boston", "metro-boston", 1)
    day = next_tuesday()
    with (
        serve(port=8151, CACHE_URL=url, **SITE) as one,
        serve(port=8152, CACHE_URL=url, **SITE) as two,
    ):
        cancel_on_one_then_read_both(url, side, day, one, two)


def test_with_the_builder_a_cancel_is_served_by_both_within_a_moment():
    """In production's shape: the first visitors after the change hand the builds over to the
    builder and get the version before; the builder's builds are what every visitor gets next,
    on both servers."""
    need_postgresql()
    url = need_redis()
    redis.Redis.from_url(url).flushdb()
    side = build_side("Metro Boston", "metro-boston", 1)
    day = next_tuesday()
    shape = {"CACHE_URL": url, "BUILD_IN_WORKER": "true", **SITE}
    with serve(port=8153, **shape) as one, serve(port=8154, **shape) as two, builder(one):
        cancel_on_one_then_read_both(url, side, day, one, two, within=HAND_OVER_SECONDS / 2)
    assert "state=SUCCESSFUL" in (LOGS / "8153-builder.log").read_text()


def cancel_on_one_then_read_both(url, side, day, one, two, *, within: float = 0.0) -> None:
    """The session of ``day`` cancelled by its coordinator on ``one``: what both servers show
    before, and after (asked again, until ``within`` seconds have passed, while any answer
    still shows the session as it was)."""
    before = what_each_server_shows([one, two], day)
    assert ("page", 200, day_words(day)) in before
    assert ("api", 200, "confirmed") in before
    assert len(before) == len(FEEDS) + 2, before  # every answer the same, with one ETag
    assert redis.Redis.from_url(url).keys(":1:feed:*")  # the servers share their builds

    # The servers know production's password hashers only (the suite's is MD5).
    hasher = PBKDF2PasswordHasher()
    side.coordinator.password = hasher.encode(PASSWORD, hasher.salt())
    side.coordinator.save(update_fields=["password"])
    coordinator = Visitor()
    status, location, _ = coordinator.post_form(
        one,
        "/accounts/login/",
        "/accounts/login/",
        {"login": side.coordinator.email, "password": PASSWORD},
    )
    assert (status, location) == (302, "/manage/")
    session = f"/manage/groups/{GROUP}/sessions/{day}/"
    status, location, _ = coordinator.post_form(
        one, session, session + "cancel/", {"reason": "Snow", "public_note": ""}
    )
    assert (status, location) == (302, session)
    settle()

    cancelled_page = ("page", 200, f"{day_words(day)} is cancelled; see the dates below")

    def all_cancelled(shown: set) -> bool:
        return {cancelled_page, ("api", 200, "cancelled")} <= shown and len(shown) == len(FEEDS) + 2

    deadline = time.monotonic() + within
    after = what_each_server_shows([two, one], day)
    while not all_cancelled(after) and time.monotonic() < deadline:
        time.sleep(0.05)
        after = what_each_server_shows([two, one], day)
    assert cancelled_page in after
    assert ("api", 200, "cancelled") in after
    assert len(after) == len(FEEDS) + 2, after
    old_etags = {shown[2] for shown in before if shown[0] in FEEDS}
    for path in FEEDS:
        [(_, status, etag, cancelled)] = [shown for shown in after if shown[0] == path]
        assert (status, etag in old_etags, cancelled) == (200, False, True)


def outage_lines(port: int) -> Counter:
    """How many times each worker of the server on ``port`` logged each outage line."""
    found = Counter()
    for line in (LOGS / f"{port}.log").read_text().splitlines():
        if match := re.search(r"(is unreachable|answers again).*: worker (\d+) ", line):
            found[(match[1], int(match[2]))] += 1
    return found


def test_with_redis_cut_both_servers_keep_serving_and_say_so_once_per_worker():
    need_postgresql()
    url = need_redis()
    redis.Redis.from_url(url).flushdb()
    side = build_side("Metro Boston", "metro-boston", 1)
    day = next_tuesday()
    shared_redis = redis.Redis.from_url(url)
    with (
        RedisProxy(port=8153, upstream=url) as proxy,
        serve(port=8151, CACHE_URL=proxy.url, LOG_LEVEL="INFO", **SITE) as one,
        serve(port=8152, CACHE_URL=proxy.url, LOG_LEVEL="INFO", **SITE) as two,
    ):
        before = what_each_server_shows([one, two], day)
        assert len(before) == len(FEEDS) + 2, before

        proxy.cut()
        assert what_each_server_shows([one, two], day) == before
        session_cancel(group=side.group, original_date=day, notify=False)
        settle()
        during = what_each_server_shows([two, one], day)
        assert ("page", 200, f"{day_words(day)} is cancelled; see the dates below") in during
        assert ("api", 200, "cancelled") in during
        assert len(during) == len(FEEDS) + 2, during

        proxy.restore()
        time.sleep(RedisCache.RETRY_AFTER + 0.5)
        # A warm worker has what it serves in its own memory: a change makes it build anew,
        # and keep what it builds in Redis again.
        kept_before = set(shared_redis.keys(":1:feed:*"))
        session_cancel(group=side.group, original_date=day + dt.timedelta(days=7), notify=False)
        settle()
        after = what_each_server_shows([one, two], day)
        assert {shown for shown in after if shown[0] in ("api", "page")} == {
            shown for shown in during if shown[0] in ("api", "page")
        }
        assert len(after) == len(FEEDS) + 2, after
        assert after.isdisjoint({shown for shown in during if shown[0] in FEEDS})  # new ETags
        assert len(set(shared_redis.keys(":1:feed:*")) - kept_before) == len(FEEDS)

        for server in (one, two):
            lines = outage_lines(server.port)
            workers = set(server.worker_pids())
            warned = {pid for (what, pid) in lines if what == "is unreachable"}
            assert warned, server.log_tail()
            assert warned <= workers, server.log_tail()
            # One warning when it went; one line when it came back, from each worker that has
            # used the cache since (whichever took the requests).
            back = {pid for (what, pid) in lines if what == "answers again"}
            assert back, server.log_tail()
            assert back <= warned, server.log_tail()
            assert set(lines.values()) == {1}, server.log_tail()
