"""The form that turns a request to host a class into the class: date, start time, venue, title.

The venue is one of the request's region's active venues, so another region's venue is an
"invalid choice" and never reaches the service (``groups.class_requests.class_request_schedule``).
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from console.forms import TIME_WIDGET, CalendarDateField
from groups.class_requests import CLASS_TITLE
from regions.models import Venue


class ScheduleClassForm(forms.Form):
    title = forms.CharField(label=_("Title"), max_length=160, initial=CLASS_TITLE)
    start_date = CalendarDateField(label=_("Date"))
    start_time = forms.TimeField(
        label=_("Start time"),
        widget=TIME_WIDGET,
        help_text=_("The region's local time. The class lasts 3 hours."),
    )
    venue = forms.ModelChoiceField(queryset=Venue.objects.none(), label=_("Venue"))
    is_public = forms.BooleanField(
        label=_("Show it on the public calendar"),
        required=False,
        help_text=_(
            "Leave it unticked for a class only for the program's own people; they sign up "
            "through the program."
        ),
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["venue"].queryset = Venue.objects.filter(
            region=region, is_active=True
        ).order_by("name")
