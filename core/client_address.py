"""The client's address as every per-address limit counts it, a keyed digest of it, and the
limits themselves (allauth's rate limiter, with PeerHub's actions in ACCOUNT_RATE_LIMITS).

The address is allauth's (``get_client_ip`` of the account adapter): the connection's own
address, or, behind ``TRUSTED_PROXY_COUNT`` proxies of ours, the entry the first of them added to
X-Forwarded-For. One IPv6 connection often has a whole block, so a /64 counts as one address, as
allauth's own limits count it.
"""

from __future__ import annotations

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.core.internal import ratelimit as ratelimit_impl
from django.utils.crypto import salted_hmac


def client_address(request) -> str:
    address = get_adapter(request).get_client_ip(request) or ""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return address
    if ip.version == 6:
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        return str(ipaddress.IPv6Network(f"{ip}/{prefix}", strict=False).network_address)
    return str(ip)


def client_digest(request) -> str:
    """The address, salted with the SECRET_KEY: a cache key holds this, never the address."""
    return salted_hmac("peerhub.client-address", client_address(request)).hexdigest()


def rate_limit_allows(request, *, action: str) -> bool:
    """Count one request (a form sent, an answer built) from this address under ``action``.

    False once the limit is reached. The counter's key is a digest of the address, salted with
    the SECRET_KEY, so the cache holds neither the address nor anything that gives it back.
    """
    # allauth's public consume() never counts a GET; its implementation can, and the API's
    # reads are GETs (tests/publishing/test_api_limits.py notices if an upgrade changes that).
    usage = ratelimit_impl.consume(
        request,
        app="allauth.account",
        action=action,
        key=client_digest(request),
        limit_get=True,
    )
    return usage is not None
