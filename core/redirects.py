"""Where a ``next`` may send someone: a page of this site, never anywhere else.

Every ``next`` PeerHub follows, its own (``next_url``) and allauth's (the account adapter's
``is_safe_url``, for signing in and out, two-factor steps and the admin's sign-in), passes
``is_safe_next``: Django's ``url_has_allowed_host_and_scheme`` with this request's host only, and
over https only https. That refuses other hosts however they are written (``//evil.example``,
``https:evil.example``, backslashes, user info), other schemes (``javascript:``) and a step
down from https to http.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.utils.http import url_has_allowed_host_and_scheme

NEXT_FIELD = "next"


def is_safe_next(request, url: str | None) -> bool:
    return bool(url) and url_has_allowed_host_and_scheme(
        url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )


def next_url(request, *, fallback: str) -> str:
    """The request's ``next`` (the form's, else the query's) if it is safe and an address (a
    path, or this site's full URL), else ``fallback``.

    A bare word ("foo", "manage:dashboard") is no page: Django's ``redirect()`` would even look
    it up as a view's name.
    """
    url = request.POST.get(NEXT_FIELD) or request.GET.get(NEXT_FIELD)
    if not is_safe_next(request, url) or not (url.startswith("/") or urlsplit(url).netloc):
        return fallback
    return url
