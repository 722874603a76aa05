"""What every public form shares: a honeypot for robots, a per-address rate limit, a 429 page,
and a one-time code so that the same form sent twice is kept once.

The rate limit is allauth's (``allauth.core.ratelimit``, with the forms' actions added to
ACCOUNT_RATE_LIMITS) and counts under a keyed digest of the client's address
(``core/client_address.py``), so the cache never holds the address itself.
"""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from contextlib import contextmanager

from django import forms
from django.core.cache import cache
from django.shortcuts import render
from django.utils.formats import number_format
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_lazy

from core.cache import key as cache_key

HONEYPOT_FIELD = "website"
SUBMISSION_FIELD = "submission"
SUBMISSION_CODE = re.compile(r"[A-Za-z0-9_-]{16,64}")
# How long a code is remembered once its form is kept: a reload the next morning is still
# the same form.
SUBMISSION_MEMORY = 24 * 60 * 60


def honeypot_field() -> forms.CharField:
    """A box the template hides from people (CSS, aria-hidden, out of the tab order).

    Robots that fill in every box fill this one too. The label still tells anyone who reaches
    it to leave it empty.
    """
    return forms.CharField(
        required=False,
        label=gettext_lazy("Please leave this box empty. It is here to catch spam robots."),
        widget=forms.TextInput(attrs={"tabindex": "-1", "autocomplete": "off"}),
    )


def caught_by_honeypot(form: forms.BaseForm) -> bool:
    return bool(form.data.get(HONEYPOT_FIELD, "").strip())


def too_long_message(limit: int) -> str:
    """A field's max_length message, lazy: in the language of the page that shows it. Django
    fills in %(show_value)s, the length it found."""
    return _too_long_message(limit)


def _too_long(limit: int) -> str:
    message = gettext(
        "Please shorten this to %(limit)s characters or fewer (it has %(show_value)s)."
    )
    return message.replace("%(limit)s", number_format(limit, force_grouping=True))


_too_long_message = lazy(_too_long, str)


def too_many_requests(request, *, what: str, region=None, back_url: str, back_label: str):
    """The friendly 429 page: nothing was kept; try later, or contact the RLC directly."""
    context = {"what": what, "region": region, "back_url": back_url, "back_label": back_label}
    return render(request, "too_many_requests.html", context, status=429)


def new_submission_code() -> str:
    return secrets.token_urlsafe(16)


def submission_field() -> forms.CharField:
    """A hidden code, new each time the form is shown (and kept when it is shown again with its
    errors): the same form sent twice, by a double click or a reload, carries the same code.
    """
    return forms.CharField(required=False, widget=forms.HiddenInput, initial=new_submission_code)


def _submission_key(form: forms.BaseForm, action: str) -> str | None:
    """The cache key of the form's code; None without a code (a script, a page from before)."""
    code = form.data.get(SUBMISSION_FIELD, "")
    if not SUBMISSION_CODE.fullmatch(code):
        return None
    return cache_key("public-form-sent", action, code)


def already_sent(form: forms.BaseForm, *, action: str) -> bool:
    """Was this very form (its code) kept already? Asked before the rate limit counts it."""
    key = _submission_key(form, action)
    return key is not None and cache.get(key) is not None


@contextmanager
def first_submission(form: forms.BaseForm, *, action: str) -> Iterator[bool]:
    """Claim the form's code: True for the first request that sends it, False for any other
    (the same form sent at the same moment). If keeping the form fails, the claim is given
    back, so sending it again works. A form without a code is always first.
    """
    key = _submission_key(form, action)
    if key is None:
        yield True
        return
    if not cache.add(key, True, timeout=SUBMISSION_MEMORY):
        yield False
        return
    try:
        yield True
    except BaseException:
        cache.delete(key)
        raise
