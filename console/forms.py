"""The console's forms. They check what a person typed; the services do the saving.

Every form is built for one user's regions: a choice of venue, facilitator or region offers only
theirs, so a value from another region is an "invalid choice" and never reaches a service.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import replace

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify

from console import schedule as patterns
from facilitators.models import FacilitatorProfile, is_initial, is_one_first_name
from facilitators.selectors import facilitators_for_region
from groups.dates import EARLIEST_DATE, LATEST_DATE, in_range, validate_in_range
from groups.models import AccessFeature, Group, GroupFacilitator, Language
from groups.occurrences import add_elapsed, wall_clock
from regions.models import Venue

# The browser's date picker offers the years every page and feed takes (groups/dates.py).
DATE_WIDGET = forms.DateInput(
    attrs={"type": "date", "min": EARLIEST_DATE.isoformat(), "max": LATEST_DATE.isoformat()},
    format="%Y-%m-%d",
)
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_SPLIT = re.compile(r"[\s,;]+")
ID = re.compile(r"[0-9]{1,18}")  # a row's id: BigAutoField holds up to 9,223,372,036,854,775,807


class CalendarDateField(forms.DateField):
    """A date from 2000 to 2099: what the models hold, checked before anything expands it."""

    widget = DATE_WIDGET
    default_validators = [validate_in_range]


class DateListField(forms.CharField):
    """Dates as YYYY-MM-DD, one per line (commas work too), from 2000 to 2099."""

    widget = forms.Textarea(attrs={"rows": 3})

    def to_python(self, value):
        text = super().to_python(value)
        days, bad, far = set(), [], []
        for word in DATE_SPLIT.split(text.strip()) if text.strip() else []:
            try:
                day = dt.date.fromisoformat(word)
            except ValueError:
                bad.append(word)
            else:
                if in_range(day):
                    days.add(day)
                else:
                    far.append(word)
        if bad:
            raise ValidationError(
                f"Write each date as year-month-day, like 2026-12-24; these are not: "
                f"{', '.join(bad)}."
            )
        if far:
            raise ValidationError(
                f"Choose dates from {EARLIEST_DATE.year} to {LATEST_DATE.year}; these are not: "
                f"{', '.join(far)}."
            )
        return tuple(sorted(days))


class IdChoicesField(forms.ModelMultipleChoiceField):
    """Choices sent by id: anything but an id (1 to 18 ASCII digits) is an invalid choice.

    Django looks every value up with one ``IN`` query, which a 30-digit number overflows on
    SQLite (a 500); no row has such an id, so it is refused before the query.
    """

    def _check_values(self, value):
        for pk in value:
            if isinstance(pk, str) and not ID.fullmatch(pk):
                raise ValidationError(
                    self.error_messages["invalid_pk_value"],
                    code="invalid_pk_value",
                    params={"pk": pk},
                )
        return super()._check_values(value)


class GroupForm(forms.ModelForm):
    """A group and its schedule, in words a coordinator uses."""

    pattern = forms.ChoiceField(
        label="How often", choices=patterns.PATTERNS, widget=forms.RadioSelect
    )
    weekdays = forms.TypedMultipleChoiceField(
        label="On",
        choices=patterns.WEEKDAY_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    weeks_of_month = forms.TypedMultipleChoiceField(
        label="Which weeks of the month",
        choices=patterns.WEEK_OF_MONTH_CHOICES,
        coerce=int,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Only for “certain weeks of each month”.",
    )
    first_date = CalendarDateField(
        label="Starting on or after",
        required=False,
        help_text="The first session is the first meeting day on or after this date. "
        "For “every other week”, it also sets which weeks.",
    )
    dates = DateListField(
        label="Dates",
        required=False,
        help_text="For “on one date, or a list of dates”: every date. For the other choices: "
        "any extra dates. One per line, like 2026-12-24.",
    )
    end_time = forms.TimeField(label="Ends at", widget=TIME_WIDGET)
    # The version of the group the form was built from (group_update's expected_version).
    # Anything but a whole number reads as no version, which the service refuses.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

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
            "title": "Name",
            "kind": "Type",
            "audience": "Who it is for",
            "is_public": "Show it on the public calendar and feeds",
            "start_time": "Starts at",
            "end_date": "Last date (optional)",
        }
        help_texts = {
            "start_time": "Local time in the region.",
            "end_date": "Leave empty if it goes on.",
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

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
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

    def clean(self):
        data = super().clean()
        kind = data.get("pattern")
        weekdays = tuple(data.get("weekdays") or ())
        weeks = tuple(data.get("weeks_of_month") or ())
        dates = data.get("dates") or ()
        if kind in (patterns.WEEKLY_PATTERN, patterns.EVERY_OTHER_WEEK, patterns.MONTHLY_PATTERN):
            if not weekdays and "weekdays" not in self.errors:
                self.add_error("weekdays", "Choose the day or days it meets.")
            if not data.get("first_date") and "first_date" not in self.errors:
                self.add_error("first_date", "Say when it starts.")
        if kind == patterns.MONTHLY_PATTERN and not weeks and "weeks_of_month" not in self.errors:
            self.add_error("weeks_of_month", "Choose which weeks of the month, like 2nd and 4th.")
        if kind == patterns.DATES_PATTERN and not dates and "dates" not in self.errors:
            self.add_error("dates", "Give at least one date.")
        start, end = data.get("start_time"), data.get("end_time")
        if start and end and end <= start:
            self.add_error("end_time", "The end time must be after the start time.")
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
                    "first_date", "This schedule has no dates; check the days and weeks."
                )
                return data
        else:
            first = dates[0]
        end_date = data.get("end_date")
        if end_date is not None and end_date < first:
            if pattern.is_rule and end_date >= data["first_date"]:
                message = (
                    f"This schedule has no dates between {data['first_date']:%-d %B %Y} and "
                    f"{end_date:%-d %B %Y}: the first would be {first:%A %-d %B %Y}."
                )
            else:
                message = f"The last date is before the first session ({first:%A %-d %B %Y})."
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
        return int(text) if text.isascii() and text.isdigit() else None

    def _post_clean(self):
        # The model is validated once, by the service's validated_save; its errors come back
        # through add_service_errors, which knows where each one belongs on this form.
        pass

    def group_fields(self) -> dict:
        """What to hand to group_create / group_update."""
        data = self.cleaned_data
        fields = {name: data[name] for name in self.Meta.fields}
        fields.update(data["schedule_fields"])
        return fields


# A model field the form shows under another name.
GROUP_FIELD_ON_FORM = {
    "start_date": "first_date",
    "recurrences": "pattern",
    "duration_minutes": "end_time",
    "slug": "title",
    "timezone": "region",
}


def add_service_errors(form: forms.Form, error: ValidationError, on_form=None) -> None:
    """Put a service's ValidationError beside the fields it names (the rest above the form)."""
    on_form = on_form or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = on_form.get(name, name)
        form.add_error(name if name in form.fields else None, messages)


def _minutes_between(start: dt.time, end: dt.time) -> int:
    day = dt.date(2000, 1, 3)
    return int((dt.datetime.combine(day, end) - dt.datetime.combine(day, start)).seconds // 60)


def unique_slug(title: str, taken) -> str:
    """A slug from the title that ``taken(slug)`` says is free: "wrap", then "wrap-2"."""
    base = slugify(title)[:90] or "group"
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug


class CancelForm(forms.Form):
    """Its ids start ``cancel_``: it shares the session page with the move form."""

    reason = forms.CharField(
        label="Reason (for coordinators and facilitators)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="For example “Snow day” or “Facilitator ill”. Not shown to the public.",
    )
    public_note = forms.CharField(
        label="Note for the public (optional)",
        required=False,
        max_length=300,
        help_text="Shown on the calendar, e.g. “Closed for the holiday; see you next week.”",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, auto_id="cancel_%s", **kwargs)


class MoveForm(forms.Form):
    new_date = CalendarDateField(label="New date", required=False)
    new_start_time = forms.TimeField(label="New start time", required=False, widget=TIME_WIDGET)
    new_end_time = forms.TimeField(label="New end time", required=False, widget=TIME_WIDGET)
    new_venue = forms.ModelChoiceField(
        label="New place", queryset=Venue.objects.none(), required=False
    )
    public_note = forms.CharField(
        label="Note for the public (optional)",
        required=False,
        max_length=300,
        help_text="For example “This week we meet in the community room.”",
    )
    reason = forms.CharField(
        label="Reason (for coordinators and facilitators)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    confirm_clash = forms.BooleanField(
        label="Move it anyway: I know about the clash", required=False
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
        self.fields["new_venue"].empty_label = "The usual place"

    def clean(self):
        data = super().clean()
        if not self.errors and not any(
            data.get(name) for name in ("new_date", "new_start_time", "new_end_time", "new_venue")
        ):
            raise ValidationError("Give a new date, time or place.")
        return data


class SnowDayForm(forms.Form):
    region = forms.ModelChoiceField(label="Region", queryset=None, empty_label=None)
    day = CalendarDateField(label="Date")
    reason = forms.CharField(
        label="Reason (for coordinators and facilitators)",
        required=False,
        help_text="For example “Snow emergency” or “Thanksgiving”.",
    )
    public_note = forms.CharField(
        label="Note for the public",
        required=False,
        max_length=300,
        help_text="Shown on every cancelled session, e.g. “Closed for the snowstorm. Stay safe.”",
    )

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions


class FacilitatorAssignForm(forms.Form):
    facilitator = forms.ModelChoiceField(label="Facilitator", queryset=None)
    role = forms.ChoiceField(label="Role", choices=GroupFacilitator.Role.choices)

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitator"].queryset = facilitators_for_region(group.region)


class SubstituteForm(forms.Form):
    substitute = forms.ModelChoiceField(label="Substitute", queryset=None)
    replaces = forms.ModelChoiceField(
        label="In place of",
        queryset=None,
        required=False,
        empty_label="Nobody: an extra facilitator, or the session had none",
    )

    def __init__(self, *args, group: Group, **kwargs):
        super().__init__(*args, auto_id="cover_%s", **kwargs)
        regulars = FacilitatorProfile.objects.filter(memberships__group=group)
        self.fields["substitute"].queryset = facilitators_for_region(group.region).exclude(
            pk__in=regulars.values("pk")
        )
        self.fields["replaces"].queryset = regulars


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
            "address_is_public": "Show the street address to the public",
            "is_active": "In use (untick when you stop using this place)",
        }
        widgets = {
            "accessibility_notes": forms.Textarea(attrs={"rows": 2}),
            "join_details": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None


class InviteForm(forms.Form):
    """Whom to invite, and for a facilitator the public name: one first name and an initial.

    The form says in plain words what is wrong with a name; the model's rule
    (``facilitators.models.validate_display_name``) is the one that is kept.
    """

    ROLE_FACILITATOR = "facilitator"
    ROLE_COORDINATOR = "coordinator"

    role = forms.ChoiceField(
        label="Invite as",
        choices=[(ROLE_FACILITATOR, "Facilitator"), (ROLE_COORDINATOR, "Coordinator")],
        widget=forms.RadioSelect,
        initial=ROLE_FACILITATOR,
    )
    email = forms.EmailField(label="Email address")
    first_name = forms.CharField(
        label="First name",
        max_length=57,
        required=False,
        help_text="One first name, the one they go by: the public sees it with the initial, "
        "like “Maria S.”.",
    )
    last_initial = forms.CharField(label="Initial of the last name", max_length=1, required=False)
    region = forms.ModelChoiceField(label="Region", queryset=None, empty_label=None)

    def __init__(self, *args, regions, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["region"].queryset = regions

    def clean_first_name(self):
        first = " ".join(unicodedata.normalize("NFC", self.cleaned_data["first_name"]).split())
        if self.cleaned_data.get("role") != self.ROLE_FACILITATOR:
            return first
        if first and not all(is_one_first_name(word) for word in first.split()):
            raise ValidationError(
                "Give the first name in letters: a hyphen or an apostrophe is fine, like "
                "“Jean-Luc” or “D'Andre”, numbers and symbols are not."
            )
        return first

    def clean_last_initial(self):
        initial = unicodedata.normalize("NFC", self.cleaned_data["last_initial"]).strip()
        if self.cleaned_data.get("role") != self.ROLE_FACILITATOR:
            return initial
        if initial and not is_initial(initial):
            raise ValidationError("Give the first letter of the last name.")
        return initial.upper()

    def clean(self):
        data = super().clean()
        if data.get("role") != self.ROLE_FACILITATOR:
            return data
        first, initial = data.get("first_name"), data.get("last_initial")
        if "first_name" in data and not first:
            self.add_error("first_name", "A facilitator is shown by first name.")
        if "last_initial" in data and not initial:
            self.add_error("last_initial", "Give the initial of the last name.")
        if first and " " in first:
            # Said before anything is saved: exactly what the public would see.
            shown = f"{first} {initial}." if initial else first
            self.add_error(
                "first_name",
                f"Give one first name. The public would see “{shown}”, and the second word may "
                "be a last name. For a first name of two words, join them with a hyphen, like "
                "“Mary-Ann”.",
            )
        return data

    @property
    def display_name(self) -> str:
        data = self.cleaned_data
        return f"{data['first_name']} {data['last_initial']}."
