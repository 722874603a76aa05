"""What the console's forms share: date, date-list and id fields, and service errors on a form.

The forms check what a person typed; the services do the saving. Every form is built for one
user's regions: a choice of venue, facilitator or region offers only theirs, so a value from
another region is an "invalid choice" and never reaches a service. The forms themselves are by
area: ``group_forms`` (a group, its schedule and its facilitators), ``session_forms`` (cancel,
move, cover, snow day), ``venue_forms`` and ``people_forms`` (invitations).
"""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.text import slugify
from django.utils.translation import gettext as _

from groups.dates import EARLIEST_DATE, LATEST_DATE, in_range, validate_in_range

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
                _("Write each date as year-month-day, like 2026-12-24; these are not: %(dates)s.")
                % {"dates": ", ".join(bad)}
            )
        if far:
            raise ValidationError(
                _("Choose dates from %(first)s to %(last)s; these are not: %(dates)s.")
                % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year, "dates": ", ".join(far)}
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


def add_service_errors(form: forms.Form, error: ValidationError, on_form=None) -> None:
    """Put a service's ValidationError beside the fields it names (the rest above the form)."""
    on_form = on_form or {}
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, messages in error.message_dict.items():
        name = on_form.get(name, name)
        form.add_error(name if name in form.fields else None, messages)


def unique_slug(title: str, taken) -> str:
    """A slug from the title that ``taken(slug)`` says is free: "wrap", then "wrap-2"."""
    base = slugify(title)[:90] or "group"
    slug, number = base, 1
    while taken(slug):
        number += 1
        slug = f"{base}-{number}"
    return slug
