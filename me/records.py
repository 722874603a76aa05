"""After the session, at /me/sessions/<group>/<date>/record/: was it held, how many came.

For the signed-in facilitator of that session only (``groups.records.facilitates_session``):
anyone else's session, or a date the group does not meet on, is a 404. The service
(``groups.records.session_record``) validates and saves, all or nothing.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from facilitators.models import FacilitatorProfile
from groups.describe import time_range
from groups.models import Group, SessionRecord
from groups.records import (
    MAX_NOTE,
    MAX_REASON,
    existing_record,
    facilitates_session,
    record_refusal,
    session_record,
    session_to_record,
)

HELD_CHOICES = [("yes", "Yes, it happened"), ("no", "No, it did not happen")]
MAX = SessionRecord.MAX_ATTENDANCE


class RecordForm(forms.Form):
    held = forms.TypedChoiceField(
        label="Did the session happen?",
        choices=HELD_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": "Say whether the session happened."},
    )
    attendance = forms.IntegerField(
        label="How many people came?",
        help_text="Facilitators not counted. 0 if nobody came.",
        required=False,
        min_value=0,
        max_value=MAX,
        error_messages={
            "invalid": f"Write a whole number from 0 to {MAX}.",
            "min_value": f"Write a whole number from 0 to {MAX}.",
            "max_value": f"Write a whole number from 0 to {MAX}; for more, ask your coordinator.",
        },
    )
    not_held_reason = forms.CharField(
        label="If it did not happen: why?",
        help_text="A few words, like “the building was closed”. No names.",
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_REASON}),
    )
    note = forms.CharField(
        label="Anything else your coordinator should know (optional)",
        help_text="Do not write anyone's name.",
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE}),
    )

    def clean_not_held_reason(self):
        return _within(self.cleaned_data["not_held_reason"], MAX_REASON, "reason")

    def clean_note(self):
        return _within(self.cleaned_data["note"], MAX_NOTE, "note")


def _within(text: str, limit: int, what: str) -> str:
    if len(text) > limit:
        raise ValidationError(
            f"The {what} is {len(text):,} characters long; keep it to {limit:,}.", code="too_long"
        )
    return text


def _add_service_errors(form: forms.Form, error: ValidationError) -> None:
    """The service's errors beside the fields they name; the rest (the session's) above."""
    if not hasattr(error, "error_dict"):
        form.add_error(None, error.messages)
        return
    for name, texts in error.message_dict.items():
        form.add_error(name if name in form.fields else None, texts)


def _facilitator(request) -> FacilitatorProfile:
    profile = FacilitatorProfile.objects.filter(user=request.user, is_active=True).first()
    if profile is None:
        raise PermissionDenied("These pages are for PeerHub facilitators.")
    return profile


def _their_session(facilitator, slug: str, day: dt.date):
    group = get_object_or_404(Group.objects.select_related("region", "venue"), slug=slug)
    if not group.meets_on(day):
        raise Http404("The group does not meet on that date.")
    if not facilitates_session(facilitator, group=group, original_date=day):
        raise Http404("Not one of your sessions.")
    return session_to_record(group=group, original_date=day)


@require_http_methods(["GET", "POST"])
def session_record_view(request, slug, day):
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    facilitator = _facilitator(request)
    session = _their_session(facilitator, slug, day)
    group, occurrence = session.group, session.occurrence
    original_date = occurrence.original_date
    now = timezone.now()
    refusal = record_refusal(session, now=now)
    form = RecordForm(request.POST or None)
    status = 200
    if request.method == "POST" and not refusal:
        if form.is_valid():
            data = form.cleaned_data
            try:
                session_record(
                    group=group,
                    original_date=original_date,
                    held=data["held"],
                    attendance=data["attendance"],
                    not_held_reason=data["not_held_reason"],
                    note=data["note"],
                    user=request.user,
                    now=now,
                )
            except ValidationError as error:
                _add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"Thank you: the session of {group.title} on {original_date:%A %-d %B} "
                    "is recorded.",
                )
                return redirect("me:home")
        status = 400
    elif request.method == "POST":
        status = 400
    context = {
        "group": group,
        "session": session,
        "occurrence": occurrence,
        "times": time_range(occurrence.start.time(), occurrence.end.time()),
        "form": form,
        "refusal": " ".join(refusal.values()),
        "record": existing_record(group=group, original_date=original_date) if refusal else None,
    }
    return render(request, "me/record.html", context, status=status)
