"""The console's venue form."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from regions.models import Venue


class VenueForm(forms.ModelForm):
    class Meta:
        model = Venue
        fields = [
            "name",
            "kind",
            "region",
            "address",
            "town",
            "address_is_public",
            "accessibility_notes",
            "join_details",
            "latitude",
            "longitude",
            "is_active",
        ]
        labels = {
            "address_is_public": _("Show the street address to the public"),
            "is_active": _("In use (untick when you stop using this place)"),
        }
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "join_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None
