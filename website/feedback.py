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

from django import forms
from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_http_methods

from core.client_address import rate_limit_allows
from core.public_forms import (
    already_sent,
    caught_by_honeypot,
    first_submission,
    honeypot_field,
    submission_field,
    too_long_message,
    too_many_requests,
)
from core.validation import validated_save
from groups.models import Group, GroupFeedback
from groups.selectors import public_groups
from publishing.links import group_path
from website import pages

COMMENT_MAX_LENGTH = 2000
RATE_LIMIT_ACTION = "group_feedback"
# The thank-you travels to the group page as a message with this tag.
THANKS_TAG = "group-feedback"

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
    submission = submission_field()

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "feedback-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)


def feedback_submit(*, group: Group, rating: int, comment: str = "") -> GroupFeedback:
    """Keep one anonymous rating and comment for ``group``; nothing about who sent it."""
    return validated_save(GroupFeedback(group=group, rating=rating, comment=comment))


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
    return group_path(group) + "#feedback"


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
    if already_sent(form, action=RATE_LIMIT_ACTION):
        return _thank(request, group)  # the same form again: kept once, thanked each time
    if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
        return too_many_requests(
            request,
            what="feedback forms",
            region=group.region,
            back_url=group_path(group),
            back_label=f"Back to {group.title}",
        )
    with first_submission(form, action=RATE_LIMIT_ACTION) as first:
        if first:
            feedback_submit(
                group=group,
                rating=form.cleaned_data["rating"],
                comment=form.cleaned_data["comment"],
            )
    return _thank(request, group)
