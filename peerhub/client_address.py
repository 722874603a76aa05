"""The client's address as every per-address limit counts it, and a keyed digest of it.

The address is allauth's (``get_client_ip`` of the account adapter): the connection's own
address, or, behind ``TRUSTED_PROXY_COUNT`` proxies of ours, the entry the first of them added to
X-Forwarded-For. One IPv6 connection often has a whole block, so a /64 counts as one address, as
allauth's own limits count it.
"""

from __future__ import annotations

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
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
