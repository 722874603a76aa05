"""Redis stops: every page, feed and API answer stays right (built from the database), sign-in
limits count in this worker's memory, and the log says so once per outage (issue 15, item 6).

Redis is the test Redis behind a proxy that the test cuts (tests/production/redis_proxy.py):
nothing listens any more and open connections are closed, as when Redis stops.
"""

import json
import logging
import re
import time

import pytest
import redis
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from core import cache
from core.cache_backends import RedisCache
from groups.sessions import session_cancel
from tests.accounts.conftest import PASSWORD, totp_code
from tests.factories import UserFactory
from tests.production.test_redis_cache import (
    API,
    CANCELLED,
    FEED,
    TOO_MANY,
    WRONG,
    sign_in,
    two_factor_sign_in,
)
from tests.services import need_redis
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

FEEDS = [
    FEED,
    "/calendar.ics",
    "/calendar.ics?region=metro-boston",
    "/groups/metro-boston-hearing-voices/calendar.ics",
    "/venues/metro-boston-library/calendar.ics",
    API,
    "/api/v1/groups.json",
]
PAGES = {
    "/": "Metro Boston Hearing Voices",
    "/calendar/?region=metro-boston": "Metro Boston Hearing Voices",
    "/regions/metro-boston/": "Metro Boston Hearing Voices",
    "/groups/metro-boston-hearing-voices/": "Every Tuesday",
    "/venues/metro-boston-library/": "Metro Boston Hearing Voices",
}


def answers(client):
    """Each feed's status and bytes, each page's status and whether it names what it must;
    asked as another worker would be (nothing in this process's memory level)."""
    found = {}
    for path in FEEDS:
        cache.local.clear()
        response = client.get(path)
        found[path] = (response.status_code, response.getvalue())
    for path, text in PAGES.items():
        cache.local.clear()
        response = client.get(path)
        found[path] = (response.status_code, text in response.content.decode())
    return found


def outage_lines(caplog):
    """The outage's log lines, less the error's words, how long it was and the worker's pid."""
    return [
        (
            record.levelname,
            re.sub(r" \(.*\)| after \d+ s", "", record.getMessage().split(": worker")[0]),
        )
        for record in caplog.records
        if record.name == "core.cache_backends"
    ]


def test_with_redis_cut_every_answer_stays_right_and_the_log_says_so_once(
    client, east, west, redis_proxy, caplog, monkeypatch
):
    caplog.set_level(logging.INFO, logger="core.cache_backends")
    monkeypatch.setattr(RedisCache, "RETRY_AFTER", 0.2)  # rather than wait the 5 seconds
    before = answers(client)
    assert {status for status, _ in before.values()} == {200}
    assert all(ok for path, (_, ok) in before.items() if path in PAGES)

    redis_proxy.cut()
    assert answers(client) == before
    assert answers(client) == before  # twice: the outage is remembered, not logged again
    where = f"127.0.0.1:{redis_proxy.port}/15"
    assert outage_lines(caplog) == [("WARNING", f"Redis at {where} is unreachable")]

    # A change made meanwhile shows at once.
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    cache.local.clear()
    assert CANCELLED in client.get(FEED).getvalue().decode()
    statuses = [item["status"] for item in json.loads(client.get(API).content)["occurrences"]]
    assert statuses == ["cancelled", "confirmed"]

    redis_proxy.restore()
    time.sleep(0.3)
    cache.local.clear()
    assert CANCELLED in client.get(FEED).getvalue().decode()
    assert outage_lines(caplog)[1:] == [("INFO", f"Redis at {where} answers again")]
    # The feed built once Redis was back is in Redis for every worker.
    keys = redis.Redis.from_url(need_redis()).keys(":1:feed:*")
    assert keys


def test_with_redis_away_sign_in_limits_count_in_this_workers_memory(client, redis_proxy):
    redis_proxy.cut()
    UserFactory(email="sam@example.org")
    failures = [sign_in(client, "sam@example.org", "wrong-guess") for _ in range(5)]
    assert failures == [(200, [WRONG])] * 5
    assert sign_in(client, "sam@example.org", PASSWORD) == (200, [TOO_MANY])
    # A good password from another account signs in: the limit is not shut for everyone.
    UserFactory(email="kim@example.org")
    assert sign_in(client, "kim@example.org", PASSWORD) == (302, [])


def test_with_redis_away_a_used_two_factor_code_is_still_refused_again(
    client, redis_proxy, settings
):
    settings.MFA_TOTP_TOLERANCE = 1  # never fail on a 30-second boundary
    redis_proxy.cut()
    user = UserFactory(email="sam@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = totp_code(secret)
    assert two_factor_sign_in(client, user, code) == 302
    client.logout()
    assert two_factor_sign_in(client, user, code) == 200  # "Incorrect code."


def test_with_redis_not_answering_every_answer_stays_right_and_the_log_says_so_once(
    client, east, west, redis_proxy, caplog
):
    caplog.set_level(logging.INFO, logger="core.cache_backends")
    before = answers(client)
    redis_proxy.hang()
    assert answers(client) == before
    assert answers(client) == before
    where = f"127.0.0.1:{redis_proxy.port}/15"
    [record] = [record for record in caplog.records if record.name == "core.cache_backends"]
    assert (record.levelname, record.getMessage().split(": worker")[0]) == (
        "WARNING",
        f"Redis at {where} is unreachable (Timeout reading from socket)",
    )
