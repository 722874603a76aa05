"""The feedback form on a public group's page: the form, and what the page shows of it.

The group page (``website/pages.py``) shows it; its POST goes to ``website/feedback.py``, which
shows the page again when the form has errors. Apart from both, so neither imports the other.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.utils.translation import gettext_lazy as _

from core.public_forms import honeypot_field, submission_field, too_long_message
from groups.models import GroupFeedback

COMMENT_MAX_LENGTH = 2000
# The thank-you travels to the group page as a message with this tag.
THANKS_TAG = "group-feedback"


class FeedbackForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How was it for you?"),
        choices=GroupFeedback.Rating.choices,
        coerce=int,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choose how it was for you, from 1 to 5."),
            "invalid_choice": _("Choose how it was for you, from 1 to 5."),
        },
    )
    comment = forms.CharField(
        label=_("Anything you would like to tell the group's organisers? (optional)"),
        help_text=_("Please leave out names, yours or anyone else's."),
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


def feedback_for_page(request, form: FeedbackForm | None = None, *, marks=None) -> dict:
    """What the group page's feedback section shows: the form, or the thank-you once sent.
    With ``marks`` (website/visitor_pages.py), its one-time code is the mark for each visitor's."""
    if form is None:
        form = FeedbackForm(initial={"submission": marks["submission"]} if marks else None)
    return {"form": form, "thanked": _thanked(request)}


def _thanked(request) -> bool:
    thanked = False
    # Reading messages uses them all up; any meant for another page is put back for it.
    for message in list(messages.get_messages(request)):
        if THANKS_TAG in message.extra_tags.split():
            thanked = True
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    return thanked
