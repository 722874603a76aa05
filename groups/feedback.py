"""“How was this group?”: anonymous feedback from a public group's page.

A rating from 1 to 5 and an optional comment, kept as ``GroupFeedback``: no name, no email, no
IP address. It works without JavaScript: a normal form POST, then back to the group page with a
thank-you, or the page again with the errors beside the fields (400).

Robots are kept out by a box people never see (the honeypot: a robot that fills it is thanked
and nothing is kept) and by allauth's rate limiter, per IP address (``group_feedback`` in
ACCOUNT_RATE_LIMITS). The limiter counts under a keyed digest of the address, so the cache never
holds the address itself. The honeypot and the rate limit serve every public form
(``facilitators/applications.py`` too).
"""

from __future__ import annotations

import ipaddress

from allauth import app_settings as allauth_settings
from allauth.account.adapter import get_adapter
from allauth.core import ratelimit
from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.crypto import salted_hmac
from django.views.decorators.http import require_http_methods

from peerhub.validation import validated_save

from . import pages
from .models import Group, GroupFeedback
from .selectors import groups_for_user, public_groups

COMMENT_MAX_LENGTH = 2000
RATE_LIMIT_ACTION = "group_feedback"
# The thank-you travels to the group page as a message with this tag.
THANKS_TAG = "group-feedback"

# Shared by the public forms -------------------------------------------------------------------

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


def rate_limit_allows(request, *, action: str) -> bool:
    """Count one submission from this IP address under ``action`` in ACCOUNT_RATE_LIMITS.

    False once the limit is reached. The counter's key is a digest of the address, salted with
    the SECRET_KEY, so the cache holds neither the address nor anything that gives it back.
    """
    return ratelimit.consume(request, action=action, key=_client_digest(request))


def _client_digest(request) -> str:
    address = get_adapter(request).get_client_ip(request)
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        ip = None
    if ip is not None and ip.version == 6:
        # One connection often has a whole IPv6 block: count it as one, as allauth does.
        prefix = allauth_settings.RATE_LIMIT_IPV6_PREFIX
        address = str(ipaddress.IPv6Network(f"{ip}/{prefix}", strict=False).network_address)
    return salted_hmac("peerhub.public-forms.rate-limit", address).hexdigest()


def too_many_requests(request, *, what: str, region=None, back_url: str, back_label: str):
    """The friendly 429 page: nothing was kept; try later, or contact the RLC directly."""
    context = {"what": what, "region": region, "back_url": back_url, "back_label": back_label}
    return render(request, "too_many_requests.html", context, status=429)


# Feedback -------------------------------------------------------------------------------------


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label="How was it for you?",
        choices=GroupFeedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose how it was for you, from 1 to 5.",
            "invalid_choice": "Choose how it was for you, from 1 to 5.",
        },
    )
    comment = forms.CharField(
        label="Anything you would like to tell the group's organisers? (optional)",
        help_text="Please leave out names, yours or anyone else's.",
        required=False,
        max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        error_messages={"max_length": too_long_message(COMMENT_MAX_LENGTH)},
    )
    website = honeypot_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def feedback_submit(*, group: Group, rating: int, comment: str = "") -> GroupFeedback:
    """Keep one anonymous rating and comment for ``group``; nothing about who sent it."""
    return validated_save(GroupFeedback(group=group, rating=rating, comment=comment))


def feedback_for_user(user):
    """The feedback a signed-in user may read: that of their regions' groups."""
    return GroupFeedback.objects.filter(group__in=groups_for_user(user))


def feedback_for_page(request, form: FeedbackForm | None = None) -> dict:
    """What the group page's feedback section shows: the form, or the thank-you once sent."""
    return {"form": form or FeedbackForm(), "thanked": _thanked(request)}


def _thanked(request) -> bool:
    thanked = False
    # Reading messages uses them all up; any meant for another page is put back for it.
    for message in list(messages.get_messages(request)):
        if THANKS_TAG in message.extra_tags.split():
            thanked = True
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    return thanked


def _section_url(group: Group) -> str:
    return reverse("group-detail", kwargs={"slug": group.slug}) + "#feedback"


def _thank(request, group: Group):
    messages.success(request, "Thank you: your feedback is sent.", extra_tags=THANKS_TAG)
    return redirect(_section_url(group))


@require_http_methods(["GET", "POST"])
def feedback_send(request, slug):
    """The feedback form's POST; a GET (a bookmark, a reload) goes to the form on the page."""
    group = get_object_or_404(public_groups(), slug=slug)
    if request.method == "GET":
        return redirect(_section_url(group))
    form = FeedbackForm(request.POST)
    if caught_by_honeypot(form):
        return _thank(request, group)
    if not form.is_valid():
        return pages.group_page(request, slug, feedback_form=form, status=400)
    if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
        return too_many_requests(
            request,
            what="feedback forms",
            region=group.region,
            back_url=reverse("group-detail", kwargs={"slug": group.slug}),
            back_label=f"Back to {group.title}",
        )
    feedback_submit(
        group=group, rating=form.cleaned_data["rating"], comment=form.cleaned_data["comment"]
    )
    return _thank(request, group)
