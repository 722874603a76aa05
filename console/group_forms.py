"""The console's group form (a group and its schedule, in a coordinator's words), and the form
that puts a facilitator on a group."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from django import forms
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from console import schedule as patterns
from console.forms import DATE_WIDGET, TIME_WIDGET, CalendarDateField, DateListField, IdChoicesField
from core.numbers import whole_number
from facilitators.selectors import facilitators_for_region
from groups.models import AccessFeature, Group, GroupFacilitator, Language
from groups.occurrences import add_elapsed, wall_clock
from groups.translation_models import DESCRIPTION_LENGTH, TITLE_LENGTH
from groups.translations import CODES, form_field
from regions.models import Venue


class GroupForm(forms.ModelForm):
    """A group and its schedule, in words a coordinator uses."""

    pattern = forms.ChoiceField(
        label=_("How often"), choices=patterns.PATTERNS, widget=forms.RadioSelect
    )
    weekdays = forms.TypedMultipleChoiceField(
        label=_("On"),
        choices=patterns.WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weeks_of_month = forms.TypedMultipleChoiceField(
        label=_("Which weeks of the month"),
        choices=patterns.WEEK_OF_MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("Only for “certain weeks of each month”."),
    )
    first_date = CalendarDateField(
        label=_("Starting on or after"),
        required=False,
        help_text=_(
            "The first session is the first meeting day on or after this date. "
            "For “every other week”, it also sets which weeks."
        ),
    )
    dates = DateListField(
        label=_("Dates"),
        required=False,
        help_text=_(
            "For “on one date, or a list of dates”: every date. For the other choices: "
            "any extra dates. One per line, like 2026-12-24."
        ),
    )
    end_time = forms.TimeField(label=_("Ends at"), widget=TIME_WIDGET)
    # The version of the group the form was built from (group_update's expected_version).
    # Anything but a whole number reads as no version, which the service refuses.
    version = forms.CharField(widget=forms.HiddenInput, required=False)
    confirm_clash = forms.BooleanField(
        label=_("Save it anyway: I know about the clash"), required=False
    )

    class Meta:
        model = Group
        fields = [
            "title",
            "description",
            "kind",
            "audience",
            "is_public",
            "region",
            "venue",
            "how_to_join",
            "start_time",
            "end_date",
            "languages",
            "access_features",
            "resources",
        ]
        labels = {
            "title": _("Name"),
            "kind": _("Type"),
            "audience": _("Who it is for"),
            "is_public": _("Show it on the public calendar and feeds"),
            "start_time": _("Starts at"),
            "end_date": _("Last date (optional)"),
        }
        help_texts = {
            "start_time": _("Local time in the region."),
            "end_date": _("Leave empty if it goes on."),
        }
        field_classes = {"languages": IdChoicesField, "access_features": IdChoicesField}
        widgets = {
            "start_time": TIME_WIDGET,
            "end_date": DATE_WIDGET,
            "description": forms.Textarea(attrs={"rows": 3}),
            "how_to_join": forms.Textarea(attrs={"rows": 2}),
            "resources": forms.Textarea(attrs={"rows": 2}),
            "languages": forms.CheckboxSelectMultiple,
            "access_features": forms.CheckboxSelectMultiple,
        }

    def __init__(self, *args, regions, clashing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not clashing:
            # Offered only once a clash has been shown, so nobody ticks it in advance.
            self.fields["confirm_clash"].widget = forms.HiddenInput()
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None
        self.fields["venue"].queryset = Venue.objects.filter(
            region__in=regions, is_active=True
        ).select_related("region")
        self.fields["venue"].label_from_instance = lambda venue: (
            f"{venue.name} ({venue.town or venue.get_kind_display()}), {venue.region.name}"
        )
        self.fields["languages"].queryset = Language.objects.all()
        self.fields["access_features"].queryset = AccessFeature.objects.all()
        self._add_translation_fields()
        self.existing_pattern = None
        group = self.instance
        if group.pk:
            self.existing_pattern = patterns.from_recurrence(
                group.recurrences, start_date=group.start_date
            )
            if group.schedule_problem is None:
                end = add_elapsed(
                    wall_clock(group.start_date, group.start_time, group.schedule.tzinfo),
                    group.duration,
                ).time()
            else:  # a row that slipped past validation: the form is how it gets mended
                end = (
                    dt.datetime.combine(dt.date(2000, 1, 3), group.start_time) + group.duration
                ).time()
            self.initial.setdefault("end_time", end)
            self.initial.setdefault("first_date", group.start_date)
            self.initial.setdefault("version", group.version)
            if self.existing_pattern is not None:
                pattern = self.existing_pattern
                self.initial.setdefault("pattern", pattern.kind)
                self.initial.setdefault("weekdays", list(pattern.weekdays))
                self.initial.setdefault("weeks_of_month", list(pattern.weeks_of_month))
                self.initial.setdefault(
                    "dates", "\n".join(day.isoformat() for day in pattern.dates)
                )
        else:
            self.initial.setdefault("pattern", patterns.WEEKLY_PATTERN)

    def _add_translation_fields(self):
        """A name and a description in each of the site's other languages, both optional."""
        group = self.instance
        written = {row.language: row for row in group.translations.all()} if group.pk else {}
        for code in CODES:
            row = written.get(code)
            # Each label names its language: "Name:" alone would be three fields.
            language = {"language": get_language_info(code)["name"]}
            self.fields[form_field(code, "title")] = forms.CharField(
                label=gettext("Name in %(language)s") % language,
                max_length=TITLE_LENGTH,
                required=False,
                initial=row.title if row else "",
                widget=forms.TextInput(attrs={"lang": code}),
            )
            self.fields[form_field(code, "description")] = forms.CharField(
                label=gettext("Description in %(language)s") % language,
                max_length=DESCRIPTION_LENGTH,
                required=False,
                initial=row.description if row else "",
                widget=forms.Textarea(attrs={"rows": 3, "lang": code}),
            )

    def translation_fieldsets(self) -> list[tuple[str, str, list]]:
        """(code, the language's English name, its bound fields) for the form's fieldsets."""
        return [
            (
                code,
                get_language_info(code)["name"],
                [self[form_field(code, "title")], self[form_field(code, "description")]],
            )
            for code in CODES
        ]

    def clean(self):
        data = super().clean()
        kind = data.get("pattern")
        weekdays = tuple(data.get("weekdays") or ())
        weeks = tuple(data.get("weeks_of_month") or ())
        dates = data.get("dates") or ()
        if kind in (patterns.WEEKLY_PATTERN, patterns.EVERY_OTHER_WEEK, patterns.MONTHLY_PATTERN):
            if not weekdays and "weekdays" not in self.errors:
                self.add_error("weekdays", gettext("Choose the day or days it meets."))
            if not data.get("first_date") and "first_date" not in self.errors:
                self.add_error("first_date", gettext("Say when it starts."))
        if kind == patterns.MONTHLY_PATTERN and not weeks and "weeks_of_month" not in self.errors:
            self.add_error(
                "weeks_of_month", gettext("Choose which weeks of the month, like 2nd and 4th.")
            )
        if kind == patterns.DATES_PATTERN and not dates and "dates" not in self.errors:
            self.add_error("dates", gettext("Give at least one date."))
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", gettext("The end time must be after the start time."))
        if self.errors:
            return data
        excluded = self.existing_pattern.excluded if self.existing_pattern else ()
        pattern = patterns.Pattern(
            kind, weekdays=weekdays, weeks_of_month=weeks, dates=dates, excluded=excluded
        )
        if pattern.is_rule:
            first = self._first_meeting(pattern, data["first_date"])
            if first is None:
                self.add_error(
                    "first_date", gettext("This schedule has no dates; check the days and weeks.")
                )
                return data
        else:
            first = dates[0]
        end_date = data.get("end_date")
        if end_date is not None and end_date < first:
            if pattern.is_rule and end_date >= data["first_date"]:
                message = gettext(
                    "This schedule has no dates between %(start)s and %(end)s: the first would "
                    "be %(first)s."
                ) % {
                    "start": f"{data['first_date']:%-d %B %Y}",
                    "end": f"{end_date:%-d %B %Y}",
                    "first": f"{first:%A %-d %B %Y}",
                }
            else:
                message = gettext("The last date is before the first session (%(first)s).") % {
                    "first": f"{first:%A %-d %B %Y}"
                }
            self.add_error("end_date", message)
            return data
        data["schedule_fields"] = {
            "start_date": first,
            "start_time": start,
            "duration_minutes": _minutes_between(start, end),
            "recurrences": patterns.to_recurrence(pattern, first_date=first),
            "end_date": end_date,
        }
        return data

    @staticmethod
    def _first_meeting(pattern, on_or_after: dt.date) -> dt.date | None:
        """The first date on or after ``on_or_after`` that the pattern's rule gives.

        For every other week that is the first of its weekdays from then on; the weeks then
        count from that one (dateutil would count from the week ``on_or_after`` is in).
        """
        if pattern.kind == patterns.EVERY_OTHER_WEEK:
            pattern = replace(pattern, kind=patterns.WEEKLY_PATTERN)
        rule = patterns.to_recurrence(pattern, first_date=on_or_after).rrules[0]
        start = dt.datetime.combine(on_or_after, dt.time(0, 0))
        found = rule.to_dateutil_rrule(dtstart=start).after(start, inc=True)
        return found.date() if found else None

    def clean_version(self) -> int | None:
        text = self.cleaned_data["version"].strip()
        return whole_number(text)

    def _post_clean(self):
        # The model is validated once, by the service's validated_save; its errors come back
        # through add_service_errors, which knows where each one belongs on this form.
        pass

    def group_fields(self) -> dict:
        """What to hand to group_create / group_update."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields.update(data["schedule_fields"])
        fields["translations"] = {
            code: (data[form_field(code, "title")], data[form_field(code, "description")])
            for code in CODES
        }
        return fields


# A model field the form shows under another name.
GROUP_FIELD_ON_FORM = {
    "start_date": "first_date",
    "recurrences": "pattern",
    "duration_minutes": "end_time",
    "slug": "title",
    "timezone": "region",
}


def _minutes_between(start: dt.time, end: dt.time) -> int:
    day = dt.date(2000, 1, 3)
    return int((dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds // 60)


class FacilitatorAssignForm(forms.Form):
    facilitator = forms.ModelChoiceField(label=_("Facilitator"), queryset=None)
    role = forms.ChoiceField(label=_("Role"), choices=GroupFacilitator.Role.choices)

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators_for_region(group.region)
