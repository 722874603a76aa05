"""The console's invitation form: a facilitator or a coordinator for one of your regions."""

from __future__ import annotations

import unicodedata

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from facilitators.models import is_initial, is_one_first_name


class InviteForm(forms.Form):
    """Whom to invite, and for a facilitator the public name: one first name and an initial.

    The form says in plain words what is wrong with a name; the model's rule
    (``facilitators.models.validate_display_name``) is the one that is kept.
    """

    ROLE_FACILITATOR = "facilitator"
    ROLE_COORDINATOR = "coordinator"

    role = forms.ChoiceField(
        label=_("Invite as"),
        choices=[(ROLE_FACILITATOR, _("Facilitator")), (ROLE_COORDINATOR, _("Coordinator"))],
        widget=forms.RadioSelect,
        initial=ROLE_FACILITATOR,
    )
    email = forms.EmailField(label=_("Email address"))
    first_name = forms.CharField(
        label=_("First name"),
        max_length=57,
        required=False,
        help_text=_(
            "One first name, the one they go by: the public sees it with the initial, "
            "like “Maria S.”."
        ),
    )
    last_initial = forms.CharField(
        label=_("Initial of the last name"), max_length=1, required=False
    )
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_first_name(self):
        first = " ".join(unicodedata.normalize("NFC", self.cleaned_data["first_name"]).split())
        if self.cleaned_data.get("role") != self.ROLE_FACILITATOR:
            return first
        if first and not all(is_one_first_name(word) for word in first.split()):
            raise ValidationError(
                gettext(
                    "Give the first name in letters: a hyphen or an apostrophe is fine, like "
                    "“Jean-Luc” or “D'Andre”, numbers and symbols are not."
                )
            )
        return first

    def clean_last_initial(self):
        initial = unicodedata.normalize("NFC", self.cleaned_data["last_initial"]).strip()
        if self.cleaned_data.get("role") != self.ROLE_FACILITATOR:
            return initial
        if initial and not is_initial(initial):
            raise ValidationError(gettext("Give the first letter of the last name."))
        return initial.upper()

    def clean(self):
        data = super().clean()
        if data.get("role") != self.ROLE_FACILITATOR:
            return data
        first, initial = data.get("first_name"), data.get("last_initial")
        if "first_name" in data and not first:
            self.add_error("first_name", gettext("A facilitator is shown by first name."))
        if "last_initial" in data and not initial:
            self.add_error("last_initial", gettext("Give the initial of the last name."))
        if first and " " in first:
            # Said before anything is saved: exactly what the public would see.
            shown = f"{first} {initial}." if initial else first
            self.add_error(
                "first_name",
                gettext(
                    "Give one first name. The public would see “%(shown)s”, and the second word "
                    "may be a last name. For a first name of two words, join them with a hyphen, "
                    "like “Mary-Ann”."
                )
                % {"shown": shown},
            )
        return data

    @property
    def display_name(self) -> str:
        data = self.cleaned_data
        return f"{data['first_name']} {data['last_initial']}."
