"""How long browsers, proxies and CDNs may keep the feeds and API answers, and their gzip.

These answers are the same whoever asks (nothing on their way reads the session, see
accounts/middleware.py), so a shared cache may keep them: ``public`` with a short max-age. A
refusal (``400``, ``429``) is never stored: a ``429`` is for one client address, and a region
unknown today may exist tomorrow.

They are compressed for a client that accepts gzip; the pages are not (README, "Security
headers and caching": they hold CSRF tokens and other secrets next to what a visitor typed).
"""

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware

# Calendar apps poll hourly (the feeds' REFRESH-INTERVAL); five minutes in a shared cache costs
# them nothing and spares the app servers a burst of polls after a popular link is posted.
FEED_MAX_AGE = 300
# Scripts on partner sites show "what's on today" to every visitor: a minute in a shared cache
# absorbs a busy page's traffic, and a cancellation reaches it within the minute.
API_MAX_AGE = 60

SHARED_FEED = f"public, max-age={FEED_MAX_AGE}"
SHARED_API = f"public, max-age={API_MAX_AGE}"
# A facilitator's feed opens by the token in its address: no shared cache, no disk.
PRIVATE = "private, no-store"
NOT_STORED = "no-store"


def not_stored(response):
    """A refusal: nobody keeps it."""
    response["Cache-Control"] = NOT_STORED
    return response


class SharedAnswerGZip(GZipMiddleware):
    """Django's gzip (its ETag made weak, as RFC 9110 asks of a compressed copy), and a ``304``
    that says what the ``200`` to the same request would say (RFC 9110, 15.4.5).

    Django leaves a 304 alone, so a client that got ``W/"x"`` and ``Vary: Accept-Encoding``
    with its compressed feed would see ``"x"`` and no Vary on the 304. Either form of the ETag
    in ``If-None-Match`` matches (Django compares them weakly).
    """

    def process_response(self, request, response):
        if response.status_code != 304:
            return super().process_response(request, response)
        patch_vary_headers(response, ("Accept-Encoding",))
        etag = response.get("ETag")
        accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
        if etag and etag.startswith('"') and accepts_gzip:
            response["ETag"] = "W/" + etag
        return response


gzip_shared = decorator_from_middleware(SharedAnswerGZip)
