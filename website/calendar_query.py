"""What the calendar's URL may say (/calendar/ and the home page's links), read and written back.

Group filters (region, kind, place, access, language...) are ``GroupFilter``'s, shared with
/calendar.ics; the filters on single sessions (weekday, time of day) and where the page looks
(view, date) are ``SessionForm``'s. A value neither can use is a ``Problem`` named in words.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.http import QueryDict
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy

from core.problems import Problem
from groups.dates import EARLIEST_DATE, LATEST_DATE, DateOutOfRange, UnreadableDate, parse_iso_date
from website.nearby import place_from_text

VIEWS = [
    ("list", pgettext_lazy("a view of the calendar", "List")),
    ("week", pgettext_lazy("a view of the calendar", "Week")),
    ("month", pgettext_lazy("a view of the calendar", "Month")),
]
WEEKDAYS = [
    ("mon", pgettext_lazy("a filter: sessions on", "Monday")),
    ("tue", pgettext_lazy("a filter: sessions on", "Tuesday")),
    ("wed", pgettext_lazy("a filter: sessions on", "Wednesday")),
    ("thu", pgettext_lazy("a filter: sessions on", "Thursday")),
    ("fri", pgettext_lazy("a filter: sessions on", "Friday")),
    ("sat", pgettext_lazy("a filter: sessions on", "Saturday")),
    ("sun", pgettext_lazy("a filter: sessions on", "Sunday")),
]
TIMES_OF_DAY = [
    ("morning", pgettext_lazy("a filter", "Morning"), gettext_lazy("before noon")),
    ("afternoon", pgettext_lazy("a filter", "Afternoon"), gettext_lazy("noon to 5 pm")),
    ("evening", pgettext_lazy("a filter", "Evening"), gettext_lazy("5 pm or later")),
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
# "near" orders the sessions shown, nearest first (website/calendar_map.py): it keeps none out.
PARAMETERS = ("view", "date", *GROUP_PARAMETERS, *SESSION_PARAMETERS, "near")
NEAR_MAX_LENGTH = 100

# How each parameter is named to people, in messages about a value we cannot use.
PARAMETER_WORDS = {
    "view": pgettext_lazy("a parameter of the calendar", "view"),
    "date": pgettext_lazy("a parameter of the calendar", "date"),
    "region": pgettext_lazy("a parameter of the calendar", "region"),
    "venue": pgettext_lazy("a parameter of the calendar", "place"),
    "type": pgettext_lazy("a parameter of the calendar", "kind of group"),
    "venue_kind": pgettext_lazy("a parameter of the calendar", "kind of place"),
    "town": pgettext_lazy("a parameter of the calendar", "town"),
    "q": pgettext_lazy("a parameter of the calendar", "search words"),
    "audience": pgettext_lazy("a parameter of the calendar", "audience"),
    "access": pgettext_lazy("a parameter of the calendar", "access need"),
    "language": pgettext_lazy("a parameter of the calendar", "language"),
    "weekday": pgettext_lazy("a parameter of the calendar", "weekday"),
    "time": pgettext_lazy("a parameter of the calendar", "time of day"),
    "near": pgettext_lazy("a parameter of the calendar", "town or ZIP code"),
}


def parse_date(value: str) -> dt.date:
    """A YYYY-MM-DD date from 2000 to 2099; ValidationError in plain words otherwise."""
    try:
        return parse_iso_date(value)
    except UnreadableDate:
        raise forms.ValidationError(
            _("We could not read the date “%(value)s”. Use the form below.") % {"value": value}
        ) from None
    except DateOutOfRange:
        raise forms.ValidationError(
            _(
                "The calendar shows dates from the year %(first)s to %(last)s; the date "
                "“%(value)s” is outside them. Use the form below."
            )
            % {"first": EARLIEST_DATE.year, "last": LATEST_DATE.year, "value": value}
        ) from None


class SessionForm(forms.Form):
    """Where the page looks (view, date) and which sessions it keeps (weekday, time of day)."""

    view = forms.ChoiceField(choices=VIEWS, required=False)
    date = forms.CharField(required=False)
    weekday = forms.MultipleChoiceField(choices=WEEKDAYS, required=False)
    time = forms.MultipleChoiceField(
        choices=[(code, label) for code, label, _hint in TIMES_OF_DAY], required=False
    )
    near = forms.CharField(required=False, max_length=NEAR_MAX_LENGTH)

    def clean_view(self):
        return self.cleaned_data["view"] or "list"

    def clean_date(self):
        value = self.cleaned_data["date"]
        return parse_date(value) if value else None

    def clean_near(self):
        """A Place (website.nearby), or None when the field is empty."""
        value = self.cleaned_data["near"]
        if not value:
            return None
        place = place_from_text(value)
        if place is None:
            raise forms.ValidationError(
                _(
                    "We could not find “%(place)s”. In “Near a town or ZIP code”, type a "
                    "Massachusetts town or a ZIP code, such as Worcester or 01608."
                )
                % {"place": value}
            )
        return place


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
        return _("We do not know the %(parameter)s “%(value)s”. Use the form below.") % {
            "parameter": words,
            "value": value,
        }
    if error.code == "max_length":
        return _(
            "The %(parameter)s can be at most %(limit)s characters long. Use the form below."
        ) % {"parameter": words, "limit": params["limit_value"]}
    return _("We could not read the %(parameter)s. Use the form below.") % {"parameter": words}
