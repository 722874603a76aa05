"""The console's forms for one session (cancel, move, cover) and for a snow day."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from console.forms import TIME_WIDGET, CalendarDateField
from facilitators.models import FacilitatorProfile
from facilitators.selectors import facilitators_for_region
from groups.models import Group
from regions.models import Venue


class CancelForm(forms.Form):
    """Its ids start ``cancel_``: it shares the session page with the move form."""

    reason = forms.CharField(
        label=_("Reason (for coordinators and facilitators)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("For example “Snow day” or “Facilitator ill”. Not shown to the public."),
    )
    public_note = forms.CharField(
        label=_("Note for the public (optional)"),
        required=False,
        max_length=300,
        help_text=_("Shown on the calendar, e.g. “Closed for the holiday; see you next week.”"),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="cancel_%s", **kwargs)


class MoveForm(forms.Form):
    new_date = CalendarDateField(label=_("New date"), required=False)
    new_start_time = forms.TimeField(label=_("New start time"), required=False, widget=TIME_WIDGET)
    new_end_time = forms.TimeField(label=_("New end time"), required=False, widget=TIME_WIDGET)
    new_venue = forms.ModelChoiceField(
        label=_("New place"), queryset=Venue.objects.none(), required=False
    )
    public_note = forms.CharField(
        label=_("Note for the public (optional)"),
        required=False,
        max_length=300,
        help_text=_("For example “This week we meet in the community room.”"),
    )
    reason = forms.CharField(
        label=_("Reason (for coordinators and facilitators)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_clash = forms.BooleanField(
        label=_("Move it anyway: I know about the clash"), required=False
    )

    def __init__(self, *args, group: Group, clashing: bool = False, **kwargs):
        super().__init__(*args, auto_id="move_%s", **kwargs)
        self.group = group
        if not clashing:
            # Offered only once a clash has been shown, so nobody ticks it in advance.
            self.fields["confirm_clash"].widget = forms.HiddenInput()
        self.fields["new_venue"].queryset = Venue.objects.filter(
            region=group.region, is_active=True
        )
        self.fields["new_venue"].empty_label = _("The usual place")

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(name) for name in ("new_date", "new_start_time", "new_end_time", "new_venue")
        ):
            raise ValidationError(gettext("Give a new date, time or place."))
        return data


class _AnyIds(forms.MultipleChoiceField):
    """Values checked against the day's sessions once they are known (``SnowDayForm.kept``)."""

    def valid_value(self, value):
        return True


class SnowDayForm(forms.Form):
    region = forms.ModelChoiceField(label=_("Region"), queryset=None, empty_label=None)
    day = CalendarDateField(label=_("Date"))
    reason = forms.CharField(
        label=_("Reason (for coordinators and facilitators)"),
        required=False,
        help_text=_("For example “Snow emergency” or “Thanksgiving”."),
    )
    public_note = forms.CharField(
        label=_("Note for the public"),
        required=False,
        max_length=300,
        help_text=_(
            "Shown on every cancelled session, e.g. “Closed for the snowstorm. Stay safe.”"
        ),
    )

    # The groups whose session keeps running, ticked beside each session of the list (the
    # template draws the boxes), and the ones the list showed ticked: a confirmation whose
    # ticks differ from what the page counted is shown again, not carried out.
    keep = _AnyIds(label=_("Keep running"), required=False)
    shown = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def kept(self, sessions) -> set[int] | None:
        """The groups among ``sessions`` that keep running: the ones ticked once the list has
        been shown; before that, those meeting online. None (the error beside "keep") for a
        tick that is no session of the list."""
        if "shown" not in self.data:
            return {s.group.pk for s in sessions if s.venue is not None and s.venue.is_online}
        listed = {str(s.group.pk): s.group.pk for s in sessions}
        ticked = self.cleaned_data["keep"]
        if any(value not in listed for value in ticked):
            self.add_error(
                "keep", gettext("Choose among the sessions of the day; the list is below again.")
            )
            return None
        return {listed[value] for value in ticked}

    def changed_since_shown(self, kept: set[int]) -> bool:
        """The ticks differ from those of the list the coordinator saw (and counted)."""
        if "shown" not in self.data:
            return False
        return set(filter(None, self.cleaned_data["shown"].split(","))) != {str(pk) for pk in kept}


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label=_("Substitute"), queryset=None)
    replaces = forms.ModelChoiceField(
        label=_("In place of"),
        queryset=None,
        required=False,
        empty_label=_("Nobody: an extra facilitator, or the session had none"),
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, auto_id="cover_%s", **kwargs)
        regulars = FacilitatorProfile.objects.filter(memberships__group=group)
        self.fields["substitute"].queryset = facilitators_for_region(group.region).exclude(
            pk__in=regulars.values("pk")
        )
        self.fields["replaces"].queryset = regulars
