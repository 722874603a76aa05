"""The cuttable proxy (tests/production/proxy.py) in front of the test Redis: Redis stopping (and
coming back) as the app sees it, without stopping the machine's Redis that others use.

    with RedisProxy(port=8158, upstream=need_redis()) as proxy:
        ... CACHE_URL=proxy.url ...
        proxy.cut()
"""

from __future__ import annotations

from urllib.parse import urlsplit

from tests.production.proxy import CuttableProxy


class RedisProxy(CuttableProxy):
    def __init__(self, *, port: int, upstream: str):
        parts = urlsplit(upstream)
        super().__init__(port, (parts.hostname, parts.port or 6379))
        self.url = f"redis://127.0.0.1:{port}{parts.path}"
