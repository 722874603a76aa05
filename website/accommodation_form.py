"""The accommodation request form: what someone needs, how to reach them, and maybe a date.

It asks only what the RLC needs to answer. Every bound is the model's (``clean()`` of
``groups.AccommodationRequest``); the form adds the words people see.
"""

from __future__ import annotations

from django import forms
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core.public_forms import honeypot_field, submission_field
from groups.accommodation_models import DETAILS_MAX_LENGTH
from groups.models import AccommodationRequest


def _too_long_now(limit: int) -> str:
    return gettext("Please shorten this to %(limit)s characters or fewer.") % {"limit": limit}


# Worded when shown, in the page's language.
_too_long = lazy(_too_long_now, str)


class AccommodationForm(forms.ModelForm):
    needs = forms.MultipleChoiceField(
        label=_("What would help you take part?"),
        help_text=_("Choose any that fit."),
        choices=AccommodationRequest.Need.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        error_messages={"invalid_choice": _("Choose from the list.")},
    )
    website = honeypot_field()
    submission = submission_field()

    class Meta:
        model = AccommodationRequest
        fields = ["needs", "details", "email", "phone", "session_date"]
        labels = {
            "details": _("Tell us more in your own words (optional)"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "session_date": _("Which date is it for? (optional)"),
        }
        help_texts = {
            "details": _(
                "For example the language you would like an interpreter for, or what would make "
                "the room work for you."
            ),
            "email": _("Give an email address, a phone number, or both, so the RLC can answer."),
            "phone": _("If you would rather the RLC called or texted you."),
            "session_date": _("Leave it empty if it is for every session, or you are not sure."),
        }
        widgets = {
            "details": forms.Textarea(attrs={"rows": 4}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "session_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }
        error_messages = {
            "details": {"max_length": _too_long(DETAILS_MAX_LENGTH)},
            "email": {
                "invalid": _("Please give an email address like name@example.org."),
                "max_length": _too_long(254),
            },
            "phone": {"max_length": _too_long(40)},
            "session_date": {"invalid": _("Please give the date as year-month-day.")},
        }

    def __init__(self, *args, region, group=None, language="en", **kwargs):
        kwargs.setdefault("auto_id", "accommodation-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # The model's clean() needs to know where the request goes before it checks the rest.
        self.instance.region = region
        self.instance.group = group
        self.instance.language = language

    def clean_needs(self):
        """Each need once, in the list's order (a form sent twice over asks the same)."""
        chosen = set(self.cleaned_data["needs"])
        return [need for need in AccommodationRequest.Need.values if need in chosen]

    def _post_clean(self):
        if self.errors:
            # A field already refused: the model's own check would repeat it in other words.
            return
        super()._post_clean()
