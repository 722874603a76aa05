"""“How was this group?”: anonymous feedback from a public group's page.

A rating from 1 to 5 and an optional comment, kept as ``GroupFeedback``: no name, no email, no
IP address. It works without JavaScript: a normal form POST, then back to the group page with a
thank-you, or the page again with the errors beside the fields (400).

Robots are kept out by a box people never see (the honeypot: a robot that fills it is thanked
and nothing is kept) and by allauth's rate limiter, per IP address (``group_feedback`` in
ACCOUNT_RATE_LIMITS). The limiter counts under a keyed digest of the address, so the cache never
holds the address itself (see ``core/public_forms.py``, shared with the facilitator
application form).
"""

from __future__ import annotations

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django.views.decorators.http import require_http_methods

from core.client_address import rate_limit_allows
from core.public_forms import (
    already_sent,
    caught_by_honeypot,
    first_submission,
    too_many_requests,
)
from core.validation import validated_save
from groups.models import Group, GroupFeedback
from groups.selectors import public_groups
from website import pages
from website.feedback_form import THANKS_TAG, FeedbackForm

RATE_LIMIT_ACTION = "group_feedback"

# Feedback -------------------------------------------------------------------------------------


def feedback_submit(*, group: Group, rating: int, comment: str = "") -> GroupFeedback:
    """Keep one anonymous rating and comment for ``group``; nothing about who sent it."""
    return validated_save(GroupFeedback(group=group, rating=rating, comment=comment))


def _page(group: Group) -> str:
    """The group's page in the active language (``/es/groups/...`` after a Spanish page's form)."""
    return reverse("group-detail", kwargs={"slug": group.slug})


def _section_url(group: Group) -> str:
    return _page(group) + "#feedback"


def _thank(request, group: Group):
    messages.success(request, _("Thank you: your feedback is sent."), extra_tags=THANKS_TAG)
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
    if already_sent(form, action=RATE_LIMIT_ACTION):
        return _thank(request, group)  # the same form again: kept once, thanked each time
    if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
        return too_many_requests(
            request,
            what=pgettext("we accept only a few … each hour", "feedback forms"),
            region=group.region,
            back_url=_page(group),
            back_label=_("Back to %(title)s") % {"title": group.title},
        )
    with first_submission(form, action=RATE_LIMIT_ACTION) as first:
        if first:
            feedback_submit(
                group=group,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
    return _thank(request, group)
