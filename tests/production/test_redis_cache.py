"""The cache-backed part of the suite on the real Redis (CACHE_URL=redis://...), as several app
servers share it: built feeds and page parts, ETags, sign-in limits, used two-factor codes.

Each test empties db 15 of the test Redis (tests/services.py: skipped without Redis, failing
in CI). "Another worker" is this process with its own memory level emptied (core/cache.py).
"""

import json

import pytest
import redis
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.core.cache import cache as shared
from django.core.cache import caches

from core import cache
from core.cache_backends import outage_of
from groups.sessions import session_cancel
from tests.accounts.conftest import PASSWORD, totp_code
from tests.factories import UserFactory
from tests.peerhub.test_settings import REAL_KEY, manage
from tests.services import need_redis
from tests.two_regions import TUESDAY

TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."
FEED = "/regions/metro-boston/calendar.ics"
API = "/api/v1/occurrences.json?start=2026-03-01&end=2026-03-14&region=metro-boston"
CANCELLED = "EXDATE;TZID=America/New_York:20260303T180000"


def redis_keys(url) -> list[str]:
    return sorted(key.decode() for key in redis.Redis.from_url(url).keys("*"))


@pytest.mark.parametrize(
    "settings_module", ["peerhub.settings.production", "peerhub.settings.local"]
)
def test_a_redis_cache_url_is_djangos_redis_cache_with_short_timeouts(settings_module):
    url = need_redis()
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.core.cache import caches; from django.core.cache.backends import redis;"
        "cache = caches['default']; cache.set('peerhub-settings-test', [1]);"
        "pool = cache._cache.get_client().connection_pool.connection_kwargs;"
        "print(type(cache).__module__, isinstance(cache, redis.RedisCache),"
        " cache.get('peerhub-settings-test'),"
        " pool['socket_connect_timeout'], pool['socket_timeout'])",
        settings=settings_module,
        CACHE_URL=f"{url}?socket_timeout=2",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="peerhub.example.org",
    )
    # Two seconds as the URL asks; half a second to connect, the default.
    assert result.stdout.strip() == "core.cache_backends True [1] 0.5 2", result.stderr
    redis.Redis.from_url(url).delete(":1:peerhub-settings-test")


def test_a_built_value_is_kept_in_redis_for_every_worker(redis_cache):
    built = []
    assert cache.get_or_build("f", lambda: built.append(1) or b"built") == b"built"
    cache.local.clear()  # another worker
    assert cache.get_or_build("f", lambda: built.append(1) or b"again") == b"built"
    assert (built, redis_keys(redis_cache)) == ([1], [":1:f"])


def test_one_redis_py_client_makes_every_call_of_a_cache(redis_cache, monkeypatch):
    """Django's own client makes a redis-py client for every call (150 µs, where the round trip
    is about 230); ours makes it once, and every call still reaches Redis."""
    made = []
    real = redis.Redis.__init__

    def counted(self, *args, **kwargs):
        made.append(kwargs.get("connection_pool"))
        real(self, *args, **kwargs)

    monkeypatch.setattr(redis.Redis, "__init__", counted)
    fresh = caches.create_connection("default")  # as a new thread or worker has
    fresh.set("one-client", [1])
    assert fresh.add("one-client", [2]) is False
    assert (fresh.get("one-client"), fresh.get_many(["one-client", "none"])) == (
        [1],
        {"one-client": [1]},
    )
    fresh.delete("one-client")
    assert (fresh.get("one-client"), len(made)) == (None, 1)
    assert redis_keys(redis_cache) == []


def test_a_streamed_value_is_kept_in_redis_only_once_complete(redis_cache):
    assert list(cache.kept_when_complete("whole", iter([b"a", b"b"]))) == [b"a", b"b"]
    stream = cache.kept_when_complete("cut-short", iter([b"a", b"b"]))
    assert next(stream) == b"a"
    stream.close()  # the client went away
    cache.local.clear()
    assert (cache.get("whole"), cache.get("cut-short")) == (b"ab", None)


@pytest.mark.django_db
def test_a_feed_from_redis_has_its_etag_and_a_change_shows_at_once(client, east, redis_cache):
    first = client.get(FEED)
    assert any(key.startswith(":1:feed:") for key in redis_keys(redis_cache))
    cache.local.clear()  # another worker: the feed comes from Redis
    again = client.get(FEED)
    assert (again.status_code, again.getvalue(), again["ETag"]) == (
        200,
        first.getvalue(),
        first["ETag"],
    )
    assert client.get(FEED, headers={"if-none-match": first["ETag"]}).status_code == 304

    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    changed = client.get(FEED, headers={"if-none-match": first["ETag"]})
    assert (changed.status_code, CANCELLED in changed.getvalue().decode()) == (200, True)
    assert changed["ETag"] != first["ETag"]
    statuses = [item["status"] for item in json.loads(client.get(API).content)["occurrences"]]
    assert statuses == ["cancelled", "confirmed"]


def sign_in(client, email, password):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    errors = response.context["form"].non_field_errors() if response.status_code == 200 else []
    return response.status_code, list(errors)


@pytest.mark.django_db
def test_login_failures_are_limited_on_redis(client, redis_cache):
    UserFactory(email="sam@example.org")
    failures = [sign_in(client, "sam@example.org", "wrong-guess") for _ in range(5)]
    assert failures == [(200, [WRONG])] * 5
    cache.local.clear()
    assert sign_in(client, "sam@example.org", PASSWORD) == (200, [TOO_MANY])
    assert any(key.startswith(":1:allauth:rl:") for key in redis_keys(redis_cache))


@pytest.mark.django_db
def test_a_used_two_factor_code_is_refused_again_on_redis(client, redis_cache, settings):
    settings.MFA_TOTP_TOLERANCE = 1  # never fail on a 30-second boundary
    user = UserFactory(email="sam@example.org")
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    code = totp_code(secret)
    assert two_factor_sign_in(client, user, code) == 302
    client.logout()
    shared.delete("not-a-real-key")  # any round trip: the used code is in Redis, not in memory
    assert two_factor_sign_in(client, user, code) == 200  # "Incorrect code."
    assert any(key.startswith(":1:allauth.mfa.totp.used") for key in redis_keys(redis_cache))


def two_factor_sign_in(client, user, code) -> int:
    response = client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    assert response["Location"] == "/accounts/2fa/authenticate/"
    return client.post("/accounts/2fa/authenticate/", {"code": code}).status_code


def test_the_log_names_redis_without_its_password():
    outage = outage_of("redis://:s3cret@redis.internal:6379/0")
    assert outage.where == "redis.internal:6379/0"
