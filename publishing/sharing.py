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


# The compressed copy of a feed is another representation, so it has its own strong ETag: the
# plain one with this before its closing quote, as Apache's mod_deflate does. The contract
# promises strong ETags, and Django's own GZipMiddleware would make them weak (W/"...").
GZIP_ETAG_SUFFIX = "-gzip"


def gzip_etag(etag: str) -> str:
    """``"x"`` to ``"x-gzip"``; a weak or unquoted ETag is left as it is."""
    if etag.startswith('"') and etag.endswith('"') and not etag.endswith(f'{GZIP_ETAG_SUFFIX}"'):
        return f'{etag[:-1]}{GZIP_ETAG_SUFFIX}"'
    return etag


class SharedAnswerGZip(GZipMiddleware):
    """Django's gzip, with a strong ETag for the compressed copy, and a ``304`` that says what
    the ``200`` to the same request would say (RFC 9110, 15.4.5).

    ``If-None-Match`` may name either copy (``"x"`` or ``"x-gzip"``, or Django's weak
    ``W/"x"``): the view compares it with the plain ETag, so the suffix is taken off first.
    """

    def process_request(self, request):
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and GZIP_ETAG_SUFFIX in asked:
            request.META["HTTP_IF_NONE_MATCH"] = asked.replace(f'{GZIP_ETAG_SUFFIX}"', '"')

    def process_response(self, request, response):
        etag = response.get("ETag")
        if response.status_code == 304:
            patch_vary_headers(response, ("Accept-Encoding",))
            accepts_gzip = re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", ""))
            if etag and accepts_gzip:
                response["ETag"] = gzip_etag(etag)
            return response
        response = super().process_response(request, response)
        if etag and response.get("Content-Encoding") == "gzip":
            response["ETag"] = gzip_etag(etag)
        return response


gzip_shared = decorator_from_middleware(SharedAnswerGZip)
