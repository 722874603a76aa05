"""The "Register" form: which session, a first name, an email address or a phone number, and
any accommodation needs. Nothing more. Every bound is the model's (``clean()`` of
``groups.Registration``) and the service's (``groups/registrations.py``); the form adds the
words people see, and offers the next sessions one may register for."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core.public_forms import honeypot_field, submission_field, too_long_message
from core.words import long_date
from groups.describe import time_range
from groups.registration_models import NAME_MAX_LENGTH, NEEDS_MAX_LENGTH
from groups.registrations import registration_session, sessions_to_register_for


class RegisterForm(forms.Form):
    # Text, not a ChoiceField: a date that is not offered (past, cancelled) is told why.
    session_date = forms.CharField(
        label=_("Which session?"),
        max_length=10,
        widget=forms.RadioSelect,
        error_messages={"required": _("Please choose one of the sessions.")},
    )
    first_name = forms.CharField(
        label=_("Your first name"),
        max_length=NAME_MAX_LENGTH,
        error_messages={
            "required": _("Please give your first name."),
            "max_length": too_long_message(NAME_MAX_LENGTH),
        },
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
    )
    email = forms.EmailField(
        label=_("Email address"),
        required=False,
        help_text=_("Give an email address, a phone number, or both, so we can reach you."),
        error_messages={
            "invalid": _("Please give an email address like name@example.org."),
            "max_length": too_long_message(254),
        },
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone number"),
        required=False,
        max_length=40,
        error_messages={"max_length": too_long_message(40)},
        widget=forms.TextInput(attrs={"autocomplete": "tel", "type": "tel"}),
    )
    accommodation_needs = forms.CharField(
        label=_("Anything that would help you take part? (optional)"),
        help_text=_("For example an interpreter, large print, or a seat near the door."),
        required=False,
        max_length=NEEDS_MAX_LENGTH,
        error_messages={"max_length": too_long_message(NEEDS_MAX_LENGTH)},
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    website = honeypot_field()
    submission = submission_field()

    def __init__(self, *args, group, now: dt.datetime, **kwargs):
        kwargs.setdefault("auto_id", "register-%s")
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.group, self.now = group, now
        self.sessions = sessions_to_register_for(group, now=now)
        field = self.fields["session_date"]
        field.widget.choices = [
            (
                session.occurrence.original_date.isoformat(),
                _("%(date)s, %(times)s")
                % {
                    "date": long_date(session.occurrence.start.date()),
                    "times": time_range(
                        session.occurrence.start.time(), session.occurrence.end.time()
                    ),
                },
            )
            for session in self.sessions
        ]
        if len(field.widget.choices) == 1:
            field.initial = field.widget.choices[0][0]

    def clean_session_date(self):
        """A session one may register for now: a past or cancelled one is refused by name."""
        text = self.cleaned_data["session_date"]
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise forms.ValidationError(_("Please choose one of the sessions.")) from None
        try:
            registration_session(self.group, day, now=self.now)
        except forms.ValidationError as error:
            raise forms.ValidationError(error.message_dict["session_date"]) from None
        return day

    def clean(self):
        data = super().clean()
        if not self.errors and not data.get("email") and not data.get("phone"):
            self.add_error(
                "email",
                _("Please give an email address or a phone number, so we can reach you."),
            )
        return data
