"""The console's registration forms: a group's seats, and a person added by hand."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from groups.models import MAX_SEATS, Group, Registration
from groups.registration_models import NAME_MAX_LENGTH, NEEDS_MAX_LENGTH


class SeatsForm(forms.ModelForm):
    class Meta:
        model = Group
        fields = ["seats", "registration_open"]
        labels = {
            "seats": _("Seats per session"),
            "registration_open": _("Open: people may register on the public page"),
        }
        help_texts = {
            "seats": _(
                "From 1 to %(max)s. Leave it empty to take no registrations (and hide the form)."
            )
            % {"max": MAX_SEATS},
        }
        widgets = {"seats": forms.NumberInput(attrs={"min": 1, "max": MAX_SEATS})}


class AddPersonForm(forms.ModelForm):
    """Someone who registered by phone or at the desk: the same details as the public form."""

    class Meta:
        model = Registration
        fields = ["first_name", "email", "phone", "accommodation_needs"]
        labels = {
            "first_name": _("First name"),
            "email": _("Email address (optional if a phone is given)"),
            "phone": _("Phone number"),
            "accommodation_needs": _("Accommodation needs (optional)"),
        }
        widgets = {"accommodation_needs": forms.Textarea(attrs={"rows": 2})}

    first_name = forms.CharField(max_length=NAME_MAX_LENGTH, label=_("First name"))
    accommodation_needs = forms.CharField(
        max_length=NEEDS_MAX_LENGTH,
        required=False,
        label=_("Accommodation needs (optional)"),
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def _post_clean(self):
        # The service validates the whole registration (session, seats, contact) and saves it.
        pass


ATTENDED = {"yes": True, "no": False, "": None}
