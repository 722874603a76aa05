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
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from core.text import written_when_read
from core.words import long_date_no_year
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

HELD_CHOICES = [
    ("yes", gettext_lazy("Yes, it happened")),
    ("no", gettext_lazy("No, it did not happen")),
]
MAX = SessionRecord.MAX_ATTENDANCE
WHOLE_NUMBER = written_when_read(
    lambda: _("Write a whole number from 0 to %(max)s.") % {"max": MAX}
)
TOO_MANY = written_when_read(
    lambda: (
        _("Write a whole number from 0 to %(max)s; for more, ask your coordinator.") % {"max": MAX}
    )
)


class RecordForm(forms.Form):
    held = forms.TypedChoiceField(
        label=gettext_lazy("Did the session happen?"),
        choices=HELD_CHOICES,
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": gettext_lazy("Say whether the session happened.")},
    )
    attendance = forms.IntegerField(
        label=gettext_lazy("How many people came?"),
        help_text=gettext_lazy("Facilitators not counted. 0 if nobody came."),
        required=False,
        min_value=0,
        max_value=MAX,
        error_messages={
            "invalid": WHOLE_NUMBER,
            "min_value": WHOLE_NUMBER,
            "max_value": TOO_MANY,
        },
    )
    not_held_reason = forms.CharField(
        label=gettext_lazy("If it did not happen: why?"),
        help_text=gettext_lazy("A few words, like “the building was closed”. No names."),
        required=False,
        widget=forms.TextInput(attrs={"maxlength": MAX_REASON}),
    )
    note = forms.CharField(
        label=gettext_lazy("Anything else your coordinator should know (optional)"),
        help_text=gettext_lazy("Do not write anyone's name."),
        required=False,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_NOTE}),
    )

    def clean_not_held_reason(self):
        text = self.cleaned_data["not_held_reason"]
        if len(text) > MAX_REASON:
            message = _("The reason is %(length)s characters long; keep it to %(limit)s.")
            raise ValidationError(message % _lengths(text, MAX_REASON), code="too_long")
        return text

    def clean_note(self):
        text = self.cleaned_data["note"]
        if len(text) > MAX_NOTE:
            message = _("The note is %(length)s characters long; keep it to %(limit)s.")
            raise ValidationError(message % _lengths(text, MAX_NOTE), code="too_long")
        return text


def _lengths(text: str, limit: int) -> dict:
    return {
        "length": number_format(len(text), force_grouping=True),
        "limit": number_format(limit, force_grouping=True),
    }


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
        raise PermissionDenied(_("These pages are for PeerHub facilitators."))
    return profile


def _their_session(facilitator, slug: str, day: dt.date):
    group = get_object_or_404(Group.objects.select_related("region", "venue"), slug=slug)
    if not group.meets_on(day):
        raise Http404(_("The group does not meet on that date."))
    if not facilitates_session(facilitator, group=group, original_date=day):
        raise Http404(_("Not one of your sessions."))
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
                    _("Thank you: the session of %(group)s on %(day)s is recorded.")
                    % {"group": group.title, "day": long_date_no_year(original_date)},
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
