"""What the calendar's URL may say (/calendar/ and the home page's links), read and written back.

Group filters (region, kind, place, access, language...) are ``GroupFilter``'s, shared with
/calendar.ics; the filters on single sessions (weekday, time of day) and where the page looks
(view, date) are ``SessionForm``'s. A value neither can use is a ``Problem`` named in words.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict

from core.problems import Problem
from groups.dates import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, UnreadableDate, parse_iso_date

VIEWS = [("list", "List"), ("week", "Week"), ("month", "Month")]
WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
TIMES_OF_DAY = [
    ("morning", "Morning", "before noon"),
    ("afternoon", "Afternoon", "noon to 5 pm"),
    ("evening", "Evening", "5 pm or later"),
]

# Filters on groups (also the feed's), then on sessions, then where the page looks: the order of
# every link the page builds.
GROUP_PARAMETERS = (
    "region",
    "venue",
    "type",
    "venue_kind",
    "town",
    "q",
    "audience",
    "access",
    "language",
)
SESSION_PARAMETERS = ("weekday", "time")
PARAMETERS = ("view", "date", *GROUP_PARAMETERS, *SESSION_PARAMETERS)

# How each parameter is named to people, in messages about a value we cannot use.
PARAMETER_WORDS = {
    "view": "view",
    "date": "date",
    "region": "region",
    "venue": "place",
    "type": "kind of group",
    "venue_kind": "kind of place",
    "town": "town",
    "q": "search words",
    "audience": "audience",
    "access": "access need",
    "language": "language",
    "weekday": "weekday",
    "time": "time of day",
}
USE_THE_FORM = "Use the form below."


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD date from 2000 to 2099; ValidationError in plain words otherwise."""
    try:
        return parse_iso_date(value)
    except UnreadableDate:
        raise forms.ValidationError(
            f"We could not read the date “{value}”. {USE_THE_FORM}"
        ) from None
    except DateOutOfRange:
        raise forms.ValidationError(
            f"The calendar shows dates from the year {EARLIEST_DATE.year} to "
            f"{LATEST_DATE.year}; the date “{value}” is outside them. {USE_THE_FORM}"
        ) from None


class SessionForm(forms.Form):
    """Where the page looks (view, date) and which sessions it keeps (weekday, time of day)."""

    view = forms.ChoiceField(choices=VIEWS, required=False)
    date = forms.CharField(required=False)
    weekday = forms.MultipleChoiceField(choices=WEEKDAYS, required=False)
    time = forms.MultipleChoiceField(
        choices=[(code, label) for code, label, _ in TIMES_OF_DAY], required=False
    )

    def clean_view(self):
        return self.cleaned_data["view"] or "list"

    def clean_date(self):
        value = self.cleaned_data["date"]
        return parse_date(value) if value else None


def known_parameters(query: QueryDict) -> QueryDict:
    """The calendar's own parameters, empty values left out (an empty field means "any")."""
    known = QueryDict(mutable=True)
    for name in PARAMETERS:
        # A value given twice counts once: "weekday=mon" 200 times is "weekday=mon".
        values = list(dict.fromkeys(value for value in query.getlist(name) if value.strip()))
        if values:
            known.setlist(name, values)
    return known


def query_string(query: QueryDict, *, keep=PARAMETERS, **changes) -> str:
    """ "?..." with the parameters in ``keep``, some replaced (None drops one); "" if none."""
    built = QueryDict(mutable=True)
    for name in keep:
        if name in changes:
            value = changes[name]
            values = [] if value is None else [value] if isinstance(value, str) else list(value)
        else:
            values = query.getlist(name)
        if values:
            built.setlist(name, values)
    text = built.urlencode()
    return f"?{text}" if text else ""


def problems_in(query: QueryDict, *forms_) -> list[Problem]:
    """Every parameter a form refused, with a message that names it and its value."""
    found = []
    for form in forms_:
        for name, errors in form.errors.as_data().items():
            found.append(Problem(name, _message(name, errors[0], query.getlist(name))))
    found.sort(key=lambda problem: PARAMETERS.index(problem.parameter))
    return found


def _message(name: str, error: forms.ValidationError, values: list[str]) -> str:
    words = PARAMETER_WORDS[name]
    params = error.params or {}
    if error.code is None:  # our own words, as in parse_date
        return error.messages[0]
    if error.code == "invalid_choice":
        value = params.get("value", values[0] if values else "")
        return f"We do not know the {words} “{value}”. {USE_THE_FORM}"
    if error.code == "max_length":
        return f"The {words} can be at most {params['limit_value']} characters long. {USE_THE_FORM}"
    return f"We could not read the {words}. {USE_THE_FORM}"
