"""The shared cache on Redis, for which Redis being away is slower, never an error.

Django's own ``RedisCache`` raises whatever redis-py raises: with Redis stopped or unreachable,
every feed, page part and sign-in would answer 500. Here a lost connection or a timeout makes
the call go to this worker's own memory instead (a ``LocMemCache``), so:

- a feed or page part is a miss there, built from the database (slower) and kept for this
  worker; keys name versions (core/cache.py), so nothing it keeps can be stale;
- allauth's sign-in rate limits, used two-factor codes and the public forms' sent-once codes
  count in this worker's memory: approximately on (per worker, not per site) until Redis is back.
  (Failing closed would refuse every sign-in, as allauth's cache lock could never be taken;
  failing open would let a guesser go on without limit.)

After a failure, Redis is asked again only every ``RETRY_AFTER`` seconds, so an outage costs a
request at most one short timeout (``OPTIONS``, from CACHE_URL's query, may raise them). The log
says so once per outage and worker: a warning when Redis goes, an info line when it is back.
"""

from __future__ import annotations

import logging
import os
import threading
import time
from urllib.parse import urlsplit

from django.core.cache.backends import redis as django_redis
from django.core.cache.backends.locmem import LocMemCache
from redis.exceptions import ConnectionError, TimeoutError  # noqa: A004 - redis-py's own

logger = logging.getLogger(__name__)

UNREACHABLE = (ConnectionError, TimeoutError)
# Redis answers a cache call in well under a millisecond on the same network.
DEFAULT_OPTIONS = {"socket_connect_timeout": 0.5, "socket_timeout": 1.0}
# Entries this worker keeps while Redis is away: rate limits and codes, and feeds too.
FALLBACK_ENTRIES = 1000


class Outage:
    """Whether Redis at one address is taken to be away, for every thread of this process.

    Django makes a cache object per thread; the outage, its log lines and the memory used in
    the meantime belong to the process.
    """

    def __init__(self, where: str):
        self.where = where
        self.since: float | None = None  # time.monotonic() of the first failure
        self.retry_at = 0.0
        self._lock = threading.Lock()

    def skip_redis(self) -> bool:
        return self.since is not None and time.monotonic() < self.retry_at

    def failed(self, error: Exception, retry_after: float) -> None:
        with self._lock:
            now = time.monotonic()
            self.retry_at = now + retry_after
            if self.since is None:
                self.since = now
                logger.warning(
                    "Redis at %s is unreachable (%s): worker %d serves without the shared "
                    "cache, keeping rate limits in its own memory, until it answers again",
                    self.where,
                    error,
                    os.getpid(),
                )

    def answered(self) -> None:
        if self.since is None:
            return
        with self._lock:
            if self.since is not None:
                logger.info(
                    "Redis at %s answers again after %.0f s: worker %d uses the shared cache",
                    self.where,
                    time.monotonic() - self.since,
                    os.getpid(),
                )
                self.since = None


_outages: dict[str, Outage] = {}
_outages_lock = threading.Lock()


def outage_of(location: str) -> Outage:
    """The one Outage of this process for the Redis at ``location`` (its password left out of
    the log)."""
    urls = [urlsplit(url) for url in location.split(",")]
    where = ",".join(url.netloc.rpartition("@")[2] + url.path for url in urls)
    with _outages_lock:
        return _outages.setdefault(location, Outage(where))


class RedisCacheClient(django_redis.RedisCacheClient):
    """Django's client to Redis, making its redis-py client once per connection pool.

    Django's makes a new one for every call, on the same pool (its connections are kept either
    way): 150 µs each time here, where the round trip itself takes about 230. redis-py's client
    is safe to share, and Django's cache objects are one per thread anyway.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._clients = {}

    def get_client(self, key=None, *, write=False):
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))  # pools live as long as this object
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class RedisCache(django_redis.RedisCache):
    """Django's RedisCache, falling back to this worker's memory while Redis is unreachable."""

    RETRY_AFTER = 5.0  # seconds

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**DEFAULT_OPTIONS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self._class = RedisCacheClient
        location = server if isinstance(server, str) else ",".join(server)
        self.outage = outage_of(location)
        # LocMemCaches of one name share their entries within the process.
        self.fallback = LocMemCache(
            f"redis-fallback:{location}",
            {
                "TIMEOUT": params.get("TIMEOUT", 300),
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "KEY_FUNCTION": self.key_func,
                "OPTIONS": {"MAX_ENTRIES": FALLBACK_ENTRIES},
            },
        )

    def _either(self, method: str, *args, **kwargs):
        if not self.outage.skip_redis():
            try:
                result = getattr(super(), method)(*args, **kwargs)
            except UNREACHABLE as error:
                self.outage.failed(error, self.RETRY_AFTER)
            else:
                self.outage.answered()
                return result
        return getattr(self.fallback, method)(*args, **kwargs)

    # Every method of Django's RedisCache that talks to Redis (the others call these).
    def add(self, *args, **kwargs):
        return self._either("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._either("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._either("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._either("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._either("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._either("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._either("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._either("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._either("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._either("delete_many", *args, **kwargs)

    def clear(self, *args, **kwargs):
        return self._either("clear", *args, **kwargs)
