"""The headers of every kind of answer: security, caching and compression (README, "Security
headers and caching").

Every answer, page, feed or API, carries the same Content-Security-Policy, Permissions-Policy,
Referrer-Policy, X-Frame-Options and nosniff. Pages are never compressed and vary by cookie;
public feeds and API answers may be shared by a proxy or CDN (``public`` with a max-age, never
``Vary: Cookie``) and are gzip-compressed for a client that accepts it; a private feed is
``private, no-store``; a 304 says what its 200 says. Production adds HSTS and secure cookies.
"""

import gzip
import json
import re
import subprocess
import sys

import pytest
from django.test import override_settings
from django.urls import get_resolver

from tests.accounts.conftest import PASSWORD
from tests.peerhub.test_settings import REAL_KEY, ROOT
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

CSP = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self'",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-ancestors": "'none'",
}
# Every feature a page could ask for that the site never uses, denied to it and to any frame;
# the position is the site's own, for the calendar's "Use my location", never a frame's.
PERMISSIONS_POLICY = ", ".join(
    f"{feature}=(self)" if feature == "geolocation" else f"{feature}=()"
    for feature in (
        "accelerometer",
        "autoplay",
        "browsing-topics",
        "camera",
        "display-capture",
        "encrypted-media",
        "geolocation",
        "gyroscope",
        "hid",
        "identity-credentials-get",
        "idle-detection",
        "interest-cohort",
        "local-fonts",
        "magnetometer",
        "microphone",
        "midi",
        "otp-credentials",
        "payment",
        "publickey-credentials-create",
        "publickey-credentials-get",
        "screen-wake-lock",
        "serial",
        "usb",
        "window-management",
        "xr-spatial-tracking",
    )
)
NO_STORE = "max-age=0, no-cache, no-store, must-revalidate, private"
FEED = "public, max-age=300"
API = "public, max-age=60"
PRIVATE_FEED = "private, no-store"
DAY = TUESDAY.isoformat()
GZIP = {"HTTP_ACCEPT_ENCODING": "gzip, deflate, br"}

# What each kind of answer says: (Cache-Control, Vary, gzip-compressed, status).
# A public page's English address answers a Spanish or Portuguese browser with that page's
# address in its language (peerhub/languages.py).
PAGE = (None, "Accept-Language, Cookie", False, 200)
SHARED_FEED = (FEED, "Accept-Encoding", True, 200)
SHARED_API = (API, "Accept-Encoding", True, 200)


def vary_of(response) -> str | None:
    """The Vary header's names in a fixed order (middleware add them in the order they run)."""
    names = [name.strip() for name in response.get("Vary", "").split(",") if name.strip()]
    return ", ".join(sorted(names)) or None


# kind: (who asks, path, *what it says)
KINDS = {
    "home": ("visitor", "/", *PAGE),
    "calendar": ("visitor", "/calendar/", *PAGE),
    "region page": ("visitor", "/regions/{region}/", *PAGE),
    "venue page": ("visitor", "/venues/{venue}/", *PAGE),
    "group page": ("visitor", "/groups/{group}/", *PAGE),
    "regions page": ("visitor", "/regions/", *PAGE),
    "embed page": ("visitor", "/embed/regions/{region}/", *PAGE),
    "404 page": ("visitor", "/nothing-here/", None, "Cookie", False, 404),
    "sitemap": ("visitor", "/sitemap.xml", None, "Accept-Encoding", True, 200),
    "sitemap page": ("visitor", "/sitemap-groups.xml", None, "Accept-Encoding", True, 200),
    "robots.txt": ("visitor", "/robots.txt", None, None, False, 200),
    "network feed": ("visitor", "/calendar.ics", *SHARED_FEED),
    "filtered feed": ("visitor", "/calendar.ics?type=self_help", *SHARED_FEED),
    "region feed": ("visitor", "/regions/{region}/calendar.ics", *SHARED_FEED),
    "changes feed": ("visitor", "/regions/{region}/changes.atom", *SHARED_FEED),
    "venue feed": ("visitor", "/venues/{venue}/calendar.ics", *SHARED_FEED),
    "group feed": ("visitor", "/groups/{group}/calendar.ics", *SHARED_FEED),
    "one session": ("visitor", "/groups/{group}/sessions/{day}.ics", *SHARED_FEED),
    "private feed": ("visitor", "/feeds/{token}.ics", PRIVATE_FEED, "Accept-Encoding", True, 200),
    "API groups": ("visitor", "/api/v1/groups.json", *SHARED_API),
    "API sessions": ("visitor", "/api/v1/occurrences.json?start=2026-03-01", *SHARED_API),
    # Too short to be worth compressing (under 200 bytes), and never stored: see test below.
    "API error": ("visitor", "/api/v1/occurrences.json?start=soon", "no-store", None, False, 400),
    "console page": ("coordinator", "/manage/", NO_STORE, "Cookie", False, 200),
    "facilitator page": ("facilitator", "/me/", NO_STORE, "Accept-Language, Cookie", False, 200),
}
# The answers that must be the same whoever asks: a signed-in browser gets them unchanged.
SHARED = [kind for kind, (_, _, cache, *_rest) in KINDS.items() if cache and "public" in cache]


@pytest.fixture(autouse=True)
def as_in_production(settings):
    """The test settings turn the superusers' two-factor check off; production has it on, and
    it is what read the session (and so sent ``Vary: Cookie``) on every answer."""
    settings.SUPERUSERS_REQUIRE_TOTP = True


def policy(header: str) -> dict:
    """A CSP header as {directive: sources}: django-csp writes the directives in any order."""
    return dict(part.strip().split(" ", 1) for part in header.split(";") if part.strip())


def path_of(template: str, side) -> str:
    return template.format(
        region=side.region.slug,
        venue=side.venue.slug,
        group=side.group.slug,
        day=DAY,
        token=side.lead.feed_token,
    )


def ask(client, side, who: str, path: str, **headers):
    if who == "coordinator":
        client.force_login(side.coordinator)
    elif who == "facilitator":
        client.force_login(side.lead.user)
    return client.get(path_of(path, side), **headers)


def security_headers(response) -> dict:
    return {
        "csp": policy(response.get("Content-Security-Policy", "")),
        "permissions": response.get("Permissions-Policy"),
        "referrer": response.get("Referrer-Policy"),
        "frames": response.get("X-Frame-Options"),
        "nosniff": response.get("X-Content-Type-Options"),
    }


SECURITY = {
    "csp": CSP,
    "permissions": PERMISSIONS_POLICY,
    "referrer": "same-origin",
    "frames": "DENY",
    "nosniff": "nosniff",
}
# The calendar's and the region page's maps show the tiles of MAP_TILES_URL's host (and
# Leaflet's blank image for a tile it drops); no other page shows an image from elsewhere.
MAP_PAGE = {
    **SECURITY,
    "csp": {**CSP, "img-src": "'self' https://tile.openstreetmap.org data:"},
}
MAP_PAGES = {"calendar", "region page"}
# The pages partners' sites frame (website/embed.py), and only they, may be framed by any site.
EMBED_PAGE = {**SECURITY, "csp": {**CSP, "frame-ancestors": "*"}, "frames": None}


def body_of(response) -> bytes:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Encoding") == "gzip":
        return gzip.decompress(content)
    return content


@pytest.mark.parametrize("kind", list(KINDS))
def test_every_kind_of_answer_has_its_headers(client, east, kind):
    who, path, cache_control, vary, compressed, status = KINDS[kind]
    response = ask(client, east, who, path, **GZIP)
    assert response.status_code == status
    expected = MAP_PAGE if kind in MAP_PAGES else EMBED_PAGE if kind == "embed page" else SECURITY
    assert security_headers(response) == expected
    assert (response.get("Cache-Control"), vary_of(response)) == (cache_control, vary)
    assert response.get("Content-Encoding") == ("gzip" if compressed else None)
    # Compressed or not, the body is whole.
    assert body_of(response).startswith(
        (b"BEGIN:VCALENDAR", b"{", b"<!doctype html>", b"<?xml", b"User-agent")
    )


@pytest.mark.parametrize("kind", SHARED)
def test_shared_answers_are_the_same_for_a_signed_in_browser(client, east, kind):
    """A signed-in browser's request reads no session on a feed or API answer, so nothing in
    the answer says it depends on the cookie."""
    _, path, cache_control, vary, compressed, status = KINDS[kind]
    client.force_login(east.coordinator)
    response = client.get(path_of(path, east), **GZIP)
    assert (response.status_code, response.get("Cache-Control"), response.get("Vary")) == (
        status,
        cache_control,
        vary,
    )
    assert not response.cookies


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.endswith("feed")])
def test_a_client_without_gzip_gets_the_same_bytes_with_a_strong_etag(client, east, kind):
    _, path, cache_control, *_ = KINDS[kind]
    plain = client.get(path_of(path, east))
    plain_bytes = body_of(plain)  # whole, before the next request (a feed is built once)
    compressed = client.get(path_of(path, east), **GZIP)
    assert (plain.get("Content-Encoding"), plain["Cache-Control"]) == (None, cache_control)
    assert plain_bytes == body_of(compressed)
    assert plain["ETag"].startswith('"')
    assert compressed["ETag"] == plain["ETag"][:-1] + '-gzip"'  # strong too (the contract)


@pytest.mark.parametrize("kind", [kind for kind in KINDS if kind.endswith("feed")])
@pytest.mark.parametrize("accepts_gzip", [True, False], ids=["gzip", "identity"])
@pytest.mark.parametrize("form", ["plain", "gzip", "weak"])
def test_a_304_keeps_the_caching_headers(client, east, kind, accepts_gzip, form):
    """The ETag of either copy (or Django's weak form) gets a 304, which says what the 200 to
    that request says."""
    _, path, *_ = KINDS[kind]
    encoding = GZIP if accepts_gzip else {}
    first = client.get(path_of(path, east), **encoding)
    plain = first["ETag"].removesuffix('-gzip"').removesuffix('"') + '"'
    etag = {"plain": plain, "gzip": plain[:-1] + '-gzip"', "weak": f"W/{plain}"}[form]
    again = client.get(path_of(path, east), HTTP_IF_NONE_MATCH=etag, **encoding)
    assert again.status_code == 304
    headers = ("Cache-Control", "Vary", "ETag", "Last-Modified")
    assert {name: again.get(name) for name in headers} == {
        name: first.get(name) for name in headers
    }
    assert security_headers(again) == SECURITY


def test_a_refusal_of_a_shared_answer_is_never_stored(client, east, settings):
    """A 429 is for one address: a proxy that kept it would refuse everyone."""
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "api_occurrences": "1/1m/key"}
    windows = [f"/api/v1/occurrences.json?start=2026-03-0{day}" for day in (1, 2)]
    answers = [client.get(window) for window in windows]
    assert [answer.status_code for answer in answers] == [200, 429]
    assert [answer["Cache-Control"] for answer in answers] == [API, "no-store"]


def test_a_bad_feed_filter_is_never_stored(client, east):
    response = client.get("/calendar.ics?type=nothing", **GZIP)
    assert (response.status_code, response["Cache-Control"]) == (400, "no-store")


def test_pages_with_a_form_are_not_compressed(client, east):
    """Pages hold CSRF tokens (and /me/ the private feed's link): no compression, no BREACH."""
    client.force_login(east.lead.user)
    answers = [client.get(path, **GZIP) for path in ("/me/", f"/groups/{east.group.slug}/")]
    assert [answer.status_code for answer in answers] == [200, 200]
    assert [answer.get("Content-Encoding") for answer in answers] == [None, None]
    assert all(b"csrfmiddlewaretoken" in answer.content for answer in answers)


def test_data_images_only_where_a_library_draws_them(client, east):
    """allauth draws a new authenticator's QR code as a data: image, and Swagger UI its icons
    (the API's documentation); no other page may load one."""
    docs = client.get("/api/v1/docs")
    client.force_login(east.lead.user)
    # allauth asks for the password again before a change to two-factor sign-in.
    client.post(
        "/accounts/reauthenticate/?next=/accounts/2fa/totp/activate/", {"password": PASSWORD}
    )
    authenticator = client.get("/accounts/2fa/totp/activate/")
    assert (docs.status_code, authenticator.status_code) == (200, 200)
    assert b'src="data:image/svg+xml;base64,' in authenticator.content
    assert [policy(answer["Content-Security-Policy"]) for answer in (docs, authenticator)] == [
        {**CSP, "img-src": "'self' data:"}
    ] * 2
    # It is allauth's own page, at allauth's own address, that peerhub/urls.py names first.
    assert get_resolver("allauth.urls").resolve("/2fa/totp/activate/").url_name == (
        "mfa_activate_totp"
    )


# What the CSP would refuse, as it would be written in a template: a style attribute or element,
# an event handler, a javascript: link, or a <script> that is neither a file nor JSON-LD data.
INLINE = re.compile(
    r"""style=|<style|\son[a-z]+=|javascript:|<script(?! src=)(?! type="application/ld\+json")"""
)


def test_no_template_has_inline_script_style_or_handlers():
    """What the CSP would block, looked for where it would come from: our own templates."""
    found = [
        (template.relative_to(ROOT).as_posix(), match)
        for template in sorted((ROOT / "templates").rglob("*.html"))
        for match in INLINE.findall(template.read_text())
    ]
    assert found == []


# Production ------------------------------------------------------------------------------------

PRODUCTION_SETTINGS = [
    "SECURE_PROXY_SSL_HEADER",
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SECURE_HSTS_INCLUDE_SUBDOMAINS",
    "SECURE_HSTS_PRELOAD",
    "SECURE_CONTENT_TYPE_NOSNIFF",
    "SECURE_REFERRER_POLICY",
    "X_FRAME_OPTIONS",
    "SESSION_COOKIE_SECURE",
    "SESSION_COOKIE_HTTPONLY",
    "SESSION_COOKIE_SAMESITE",
    "CSRF_COOKIE_SECURE",
    "CSRF_COOKIE_HTTPONLY",
    "CSRF_COOKIE_SAMESITE",
    "CONTENT_SECURITY_POLICY",
    "PERMISSIONS_POLICY",
    "MIDDLEWARE",
]


@pytest.fixture(scope="module")
def production_values():
    """The values production.py gives, read by a process that loads it (it reads the
    environment at import, so it cannot be imported here)."""
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{name: getattr(settings, name) for name in {PRODUCTION_SETTINGS!r}}}))"
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env={
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "peerhub.settings.production",
            "SECRET_KEY": REAL_KEY,
            "ALLOWED_HOSTS": "testserver",
            "SITE_URL": "https://testserver",
            "DATABASE_URL": "sqlite:////tmp/peerhub-headers-unused.sqlite3",
            "EMAIL_URL": "consolemail://",
        },
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    values = json.loads(result.stdout.strip().splitlines()[-1])
    values["SECURE_PROXY_SSL_HEADER"] = tuple(values["SECURE_PROXY_SSL_HEADER"])
    return values


def test_production_sends_hsts_and_secure_cookies(client, east, production_values):
    with override_settings(**production_values):
        plain = client.get("/calendar/")
        page = client.get("/accounts/login/", secure=True)
        signed_in = client.post(
            "/accounts/login/",
            {"login": east.coordinator.email, "password": PASSWORD},
            secure=True,
        )
    assert (plain.status_code, plain["Location"]) == (301, "https://testserver/calendar/")
    assert page["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert security_headers(page) == SECURITY
    assert signed_in.status_code == 302
    cookies = {"csrftoken": page.cookies["csrftoken"], "sessionid": signed_in.cookies["sessionid"]}
    flags = {
        name: (cookie["secure"], cookie["httponly"], cookie["samesite"], cookie["path"])
        for name, cookie in cookies.items()
    }
    assert flags == dict.fromkeys(cookies, (True, True, "Lax", "/"))
    # As the browser reads them, in the Set-Cookie header itself.
    for cookie in cookies.values():
        assert {"HttpOnly", "SameSite=Lax", "Secure"} <= set(cookie.output().split("; "))
