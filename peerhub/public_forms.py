"""What every public form shares: a honeypot for robots, a per-address rate limit, a 429 page.

The rate limit is allauth's (``allauth.core.ratelimit``, with the forms' actions added to
ACCOUNT_RATE_LIMITS) and counts under a keyed digest of the client's address
(``peerhub/client_address.py``), so the cache never holds the address itself.
"""

from __future__ import annotations

from django import forms
from django.shortcuts import render

HONEYPOT_FIELD = "website"


def honeypot_field() -> forms.CharField:
    """A box the template hides from people (CSS, aria-hidden, out of the tab order).

    Robots that fill in every box fill this one too. The label still tells anyone who reaches
    it to leave it empty.
    """
    return forms.CharField(
        required=False,
        label="Please leave this box empty. It is here to catch spam robots.",
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def caught_by_honeypot(form: forms.BaseForm) -> bool:
    return bool(form.data.get(HONEYPOT_FIELD, "").strip())


def too_long_message(limit: int) -> str:
    return f"Please shorten this to {limit:,} characters or fewer (it has %(show_value)s)."


def too_many_requests(request, *, what: str, region=None, back_url: str, back_label: str):
    """The friendly 429 page: nothing was kept; try later, or contact the RLC directly."""
    context = {"what": what, "region": region, "back_url": back_url, "back_label": back_label}
    return render(request, "too_many_requests.html", context, status=429)
