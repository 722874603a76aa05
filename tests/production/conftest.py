import pytest


def redis_caches(location: str) -> dict:
    """CACHES as CACHE_URL=redis://... makes them (peerhub/settings/base.py)."""
    return {"default": {"BACKEND": "core.cache_backends.RedisCache", "LOCATION": location}}


def forget_redis_outages() -> None:
    """No outage, and nothing kept meanwhile, carries over from one test to the next."""
    from django.core.cache.backends import locmem

    from core import cache_backends

    cache_backends._outages.clear()
    for name in [name for name in locmem._caches if name.startswith("redis-fallback:")]:
        locmem._caches[name].clear()
        locmem._expire_info[name].clear()


@pytest.fixture
def redis_cache(settings):
    """The default cache is the test Redis (db 15), emptied before and after; its URL."""
    from django.core.cache import cache

    from core.cache import local
    from tests.services import need_redis

    url = need_redis()
    settings.CACHES = redis_caches(url)
    forget_redis_outages()
    cache.clear()
    local.clear()
    yield url
    cache.clear()
    forget_redis_outages()


@pytest.fixture
def redis_proxy(settings):
    """The default cache is the test Redis (db 15, emptied) through a proxy that the test can
    cut and restore (tests/production/redis_proxy.py)."""
    import redis

    from core.cache import local
    from tests.production.redis_proxy import RedisProxy
    from tests.services import need_redis

    url = need_redis()
    redis.Redis.from_url(url).flushdb()
    forget_redis_outages()
    with RedisProxy(port=8158, upstream=url) as proxy:
        settings.CACHES = redis_caches(proxy.url)
        local.clear()
        yield proxy
    redis.Redis.from_url(url).flushdb()
    forget_redis_outages()
