"""The "Host a class" form: the organisation, who to talk to, when, how many, and what would
help everyone take part.

It asks only what the RLC needs to answer. Every bound is the model's (``clean()`` of
``groups.ClassRequest``); the form adds the words people see.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.public_forms import honeypot_field, submission_field, too_long_message
from groups.class_request_models import (
    DATES_MAX_LENGTH,
    NAME_MAX_LENGTH,
    NEEDS_MAX_LENGTH,
    ORGANISATION_MAX_LENGTH,
    PEOPLE_MAX,
    PEOPLE_MIN,
)
from groups.models import ClassRequest
from regions.models import Region

PEOPLE_ERROR = _("Please give a number of people from 1 to 500.")


class HostClassForm(forms.ModelForm):
    region = forms.ModelChoiceField(
        queryset=Region.objects.order_by("name"),
        label=_("Which RLC is near your program?"),
        help_text=_("Choose the one for your town. The RLC runs the class with you."),
        empty_label=_("Choose an RLC"),
        error_messages={
            "required": _("Please choose an RLC."),
            "invalid_choice": _("Please choose one of the RLCs in the list."),
        },
    )
    expected_people = forms.IntegerField(
        label=_("About how many people would come?"),
        min_value=PEOPLE_MIN,
        max_value=PEOPLE_MAX,
        widget=forms.NumberInput(attrs={"inputmode": "numeric"}),
        error_messages={
            "required": PEOPLE_ERROR,
            "invalid": PEOPLE_ERROR,
            "min_value": PEOPLE_ERROR,
            "max_value": PEOPLE_ERROR,
        },
    )
    website = honeypot_field()
    submission = submission_field()

    class Meta:
        model = ClassRequest
        fields = [
            "region",
            "organisation",
            "contact_name",
            "email",
            "phone",
            "preferred_dates",
            "expected_people",
            "accessibility_needs",
        ]
        labels = {
            "organisation": _("Your organisation or program"),
            "contact_name": _("Your name"),
            "email": _("Email address"),
            "phone": _("Phone number"),
            "preferred_dates": _("When would suit you?"),
            "accessibility_needs": _("Anything that would help everyone take part? (optional)"),
        }
        help_texts = {
            "email": _("Give an email address, a phone number, or both, so the RLC can answer."),
            "preferred_dates": _(
                "A few dates or times of day that work, for example “a Tuesday morning in April”."
            ),
            "accessibility_needs": _(
                "For example an interpreter, large print, or a room people can get into easily."
            ),
        }
        widgets = {
            "organisation": forms.TextInput(attrs={"autocomplete": "organization"}),
            "contact_name": forms.TextInput(attrs={"autocomplete": "name"}),
            "email": forms.EmailInput(attrs={"autocomplete": "email"}),
            "phone": forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
            "preferred_dates": forms.Textarea(attrs={"rows": 3}),
            "accessibility_needs": forms.Textarea(attrs={"rows": 3}),
        }
        error_messages = {
            "organisation": {
                "required": _("Please give the name of your organisation or program."),
                "max_length": too_long_message(ORGANISATION_MAX_LENGTH),
            },
            "contact_name": {
                "required": _("Please give your name, so the RLC knows who to ask for."),
                "max_length": too_long_message(NAME_MAX_LENGTH),
            },
            "email": {
                "invalid": _("Please give an email address like name@example.org."),
                "max_length": too_long_message(254),
            },
            "phone": {"max_length": too_long_message(40)},
            "preferred_dates": {
                "required": _("Please tell us roughly when would suit you."),
                "max_length": too_long_message(DATES_MAX_LENGTH),
            },
            "accessibility_needs": {"max_length": too_long_message(NEEDS_MAX_LENGTH)},
        }

    def __init__(self, *args, language="en", **kwargs):
        kwargs.setdefault("auto_id", "host-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.instance.language = language

    def _post_clean(self):
        if self.errors:
            # A field already refused: the model's own check would repeat it in other words.
            return
        super()._post_clean()
