"""How long browsers, proxies and CDNs may keep the feeds and API answers, and their gzip.

These answers are the same whoever asks (nothing on their way reads the session, see
accounts/middleware.py), so a shared cache may keep them: ``public`` with a short max-age. A
refusal (``400``, ``429``) is never stored: a ``429`` is for one client address, and a region
unknown today may exist tomorrow.

They are compressed for a client that accepts gzip; the pages are not (README, "Security
headers and caching": they hold CSRF tokens and other secrets next to what a visitor typed).
An answer with a strong ETag is compressed once per version: the compressed copy is kept in
``core.cache`` under the path and the ETag, which names the version of its bytes.
"""

from django.middleware.gzip import GZipMiddleware, re_accepts_gzip
from django.utils.cache import patch_vary_headers
from django.utils.decorators import decorator_from_middleware
from django.utils.text import compress_string

from core import cache

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
MIN_COMPRESSED = 200  # bytes: Django's gzip leaves shorter answers as they are


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

    A strong ETag promises the same bytes each time, so the compressed copy is made without
    Django's random bytes (they guard pages that hold a secret next to what a visitor typed,
    against BREACH; these answers hold none), and kept: a client of the 6 MB list of meetings
    is no longer a tenth of a second of compression each time it asks.
    """

    max_random_bytes = 0

    def process_request(self, request):
        asked = request.META.get("HTTP_IF_NONE_MATCH")
        if asked and GZIP_ETAG_SUFFIX in asked:
            request.META["HTTP_IF_NONE_MATCH"] = asked.replace(f'{GZIP_ETAG_SUFFIX}"', '"')

    def process_response(self, request, response):
        etag = response.get("ETag")
        if response.status_code == 304:
            patch_vary_headers(response, ("Accept-Encoding",))
            if etag and _accepts_gzip(request):
                response["ETag"] = gzip_etag(etag)
            return response
        if _kept_whole(response, etag) and _accepts_gzip(request):
            return _compressed_copy(request, response, etag)
        response = super().process_response(request, response)
        if etag and response.get("Content-Encoding") == "gzip":
            response["ETag"] = gzip_etag(etag)
        return response


def _accepts_gzip(request) -> bool:
    return re_accepts_gzip.search(request.META.get("HTTP_ACCEPT_ENCODING", "")) is not None


def _kept_whole(response, etag: str | None) -> bool:
    """A whole answer named by a strong ETag, worth compressing (as Django's gzip judges)."""
    return (
        response.status_code == 200
        and not response.streaming
        and etag is not None
        and etag.startswith('"')
        and not response.has_header("Content-Encoding")
        and len(response.content) >= MIN_COMPRESSED
    )


def _compressed_copy(request, response, etag: str):
    """``response`` compressed, from the copy kept for its path and ETag, else made now."""
    content = response.content
    # The path and the strong ETag, which names every part of the query that changes the bytes
    # (and the site's address): a parameter that changes nothing makes no copy of its own.
    key = cache.key("gzip", request.path, etag)
    compressed = cache.get_or_build(key, lambda: compress_string(content))
    patch_vary_headers(response, ("Accept-Encoding",))
    if len(compressed) >= len(content):
        return response  # as Django's gzip: only when it is shorter
    response.content = compressed
    response["Content-Length"] = str(len(compressed))
    response["Content-Encoding"] = "gzip"
    response["ETag"] = gzip_etag(etag)
    return response


gzip_shared = decorator_from_middleware(SharedAnswerGZip)
