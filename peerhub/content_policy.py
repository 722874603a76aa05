"""The Content-Security-Policy header: django-csp's middleware, with the site's own policy built
once per process.

django-csp builds the header again for every answer (its settings read, each directive copied,
de-duplicated and joined, twice: the policy and the report-only one): in a worker, a seventh of
the time of a kept feed or API answer, whose view does nearly nothing else. Every answer
without a policy of its own gets the same text, so it is built once and kept, until a setting
it is made from changes. A view's own policy (``csp.decorators``: the calendar's map tiles, a
page partners frame, the API's docs), a nonce, a report-only policy or excluded prefixes go
through django-csp as they are.
"""

from functools import cache

from csp.constants import HEADER
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings
from django.core.signals import setting_changed
from django.dispatch import receiver

# What django-csp's decorators set on an answer for a policy of its own.
OWN_POLICY = (
    "_csp_config",
    "_csp_update",
    "_csp_replace",
    "_csp_exempt",
    "_csp_config_ro",
    "_csp_update_ro",
    "_csp_replace_ro",
    "_csp_exempt_ro",
)
# The settings the kept policy is made from, or that decide whether one is kept.
MADE_FROM = frozenset({"CONTENT_SECURITY_POLICY", "CONTENT_SECURITY_POLICY_REPORT_ONLY"})
# django-csp leaves these alone with DEBUG on, for Django's technical pages.
DEBUG_PAGES = frozenset({404, 500})


@cache
def site_policy() -> str | None:
    """The header of every answer without a policy of its own; None where django-csp must
    judge each answer (a report-only policy, or prefixes excluded from it)."""
    if getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None):
        return None
    if (getattr(settings, "CONTENT_SECURITY_POLICY", None) or {}).get("EXCLUDE_URL_PREFIXES"):
        return None
    return build_policy()


@receiver(setting_changed)
def _made_again(*, setting: str, **kwargs) -> None:
    if setting in MADE_FROM:
        site_policy.cache_clear()


class KeptPolicyCSPMiddleware(CSPMiddleware):
    """django-csp's ``CSPMiddleware``, with the site's own policy from ``site_policy``."""

    def process_response(self, request, response):
        policy = site_policy()
        if policy is None or _own_policy(request, response):
            return super().process_response(request, response)
        if policy and HEADER not in response:
            response[HEADER] = policy
        if getattr(request, "_csp_nonce", None) is None:
            # As django-csp: a nonce asked for once the header is written is an error.
            request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response


def _own_policy(request, response) -> bool:
    return (
        getattr(request, "_csp_nonce", None) is not None
        or any(getattr(response, name, None) is not None for name in OWN_POLICY)
        or (settings.DEBUG and response.status_code in DEBUG_PAGES)
    )
