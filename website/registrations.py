"""“Register” for a session of a class or training, and each person's own page for their place.

``/groups/<slug>/register/``: a normal form POST that works without JavaScript, kept out of
robots' and double sends' way as the other public forms are (``core/public_forms.py``: a
honeypot, a one-time code, allauth's rate limit per address, ``session_registration``). Only a
public, active group with seats and registration open has the form (404 otherwise).

``/registrations/<signed token>/``: the link in the person's email (no account). It shows the
place, and lets them cancel it, take a place offered from the waiting list, and download the
session's .ics (``website/pages.py``'s one-session file). A link that was not made here is a
404 before the database is asked. The page is not indexed, and never sends its address (the
token) to another site.
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from core.client_address import rate_limit_allows
from core.public_forms import already_sent, caught_by_honeypot, first_submission, too_many_requests
from core.validation import AlreadyDone
from core.words import clock, long_date
from groups.models import Registration
from groups.registrations import (
    registration_accept,
    registration_by_link,
    registration_cancel,
    registration_create,
    registration_groups,
    seats_left,
    sessions_to_register_for,
)
from groups.selectors import session_on
from website.registration_form import RegisterForm

RATE_LIMIT_ACTION = "session_registration"
SENT_TAG = "registration-sent"
FORM_FIELDS = ("session_date", "first_name", "email", "phone", "accommodation_needs")


def registration_teaser(group) -> dict | None:
    """For the group page: where to register, and the seats left at the next session."""
    if not group.takes_registrations:
        return None
    sessions = sessions_to_register_for(group)
    if not sessions:
        return None
    day = sessions[0].occurrence.original_date
    return {
        "url": reverse("group-register", args=[group.slug]),
        "session": sessions[0],
        "seats_left": seats_left(group, day),
    }


def _seat_words(form: RegisterForm) -> None:
    """Each session's choice says how many places are left, in one query."""
    days = [session.occurrence.original_date for session in form.sessions]
    taken = dict(
        Registration.objects.filter(
            group=form.group, session_date__in=days, status__in=Registration.HOLDING
        )
        .values_list("session_date")
        .annotate(n=Count("pk"))
    )
    widget = form.fields["session_date"].widget
    labelled = []
    for (value, label), day in zip(widget.choices, days, strict=True):
        left = max(0, form.group.seats - taken.get(day, 0))
        if left:
            words = ngettext("%(n)s place left", "%(n)s places left", left) % {"n": left}
        else:
            words = _("full: you can join the waiting list")
        labelled.append((value, f"{label} ({words})"))
    widget.choices = labelled


@require_http_methods(["GET", "POST"])
def register(request, slug):
    group = get_object_or_404(registration_groups(), slug=slug)
    url = reverse("group-register", args=[group.slug])
    form = RegisterForm(
        request.POST if request.method == "POST" else None, group=group, now=timezone.now()
    )
    if request.method == "POST":
        if caught_by_honeypot(form):
            return _sent(request, url)
        if form.is_valid():
            if already_sent(form, action=RATE_LIMIT_ACTION):
                return _sent(request, url)
            if not rate_limit_allows(request, action=RATE_LIMIT_ACTION):
                return too_many_requests(
                    request,
                    what=_("registrations"),
                    region=group.region,
                    back_url=url,
                    back_label=_("Back to the form"),
                )
            registration = None
            try:
                with first_submission(form, action=RATE_LIMIT_ACTION) as first:
                    if first:
                        fields = {name: form.cleaned_data[name] for name in FORM_FIELDS}
                        registration = registration_create(
                            group=group, language=get_language(), **fields
                        )
            except ValidationError as error:
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                if registration is None:
                    return _sent(request, url)
                return redirect("registration", token=registration.signed_token)
    _seat_words(form)
    context = {
        "form": form,
        "group": group,
        "region": group.region,
        "sent": request.method == "GET" and _was_sent(request),
        "keep_days": settings.REGISTRATION_KEEP_DAYS,
    }
    status = 400 if form.is_bound else 200
    return render(request, "website/register.html", context, status=status)


def _sent(request, url):
    messages.success(request, _("Thank you: your registration is received."), extra_tags=SENT_TAG)
    return redirect(url)


def _was_sent(request) -> bool:
    sent = False
    # Reading messages uses them all up; any meant for another page is put back for it.
    for message in list(messages.get_messages(request)):
        if SENT_TAG in message.extra_tags.split():
            sent = True
        else:
            messages.add_message(request, message.level, message.message, message.extra_tags)
    return sent


@require_http_methods(["GET", "POST"])
def registration_page(request, token):
    registration = registration_by_link(token)
    if registration is None:
        raise Http404("No such registration.")
    if request.method == "POST":
        action = request.POST.get("action", "")
        try:
            if action == "cancel":
                registration_cancel(registration=registration)
                messages.success(request, _("Your place is cancelled. Thank you for telling us."))
            elif action == "accept":
                registration_accept(registration=registration)
                messages.success(request, _("The place is yours. See you there!"))
            else:
                return _page(request, registration, problem=_("Please use one of the buttons."))
        except AlreadyDone as done:
            messages.info(request, done.messages[0])
        except ValidationError as error:
            return _page(request, registration, problem=error.messages[0])
        return redirect("registration", token=token)
    return _page(request, registration)


def _page(request, registration, *, problem: str = ""):
    group, day = registration.group, registration.session_date
    session = session_on(group, day) if group.meets_on(day) else None
    Status = Registration.Status
    context = {
        "registration": registration,
        "group": group,
        "region": group.region,
        "session": session,
        "deadline": _deadline(registration),
        "public": group.is_public and group.status == group.Status.ACTIVE,
        "holding": registration.status in Registration.HOLDING,
        "offered": registration.status == Status.OFFERED,
        "cancelled": registration.status == Status.CANCELLED,
        "problem": problem,
        "keep_days": settings.REGISTRATION_KEEP_DAYS,
    }
    return render(request, "website/registration.html", context, status=400 if problem else 200)


def _deadline(registration) -> str:
    """An offer's deadline in the group's wall clock, in words."""
    if registration.offered_until is None:
        return ""
    until = registration.offered_until.astimezone(ZoneInfo(registration.group.timezone))
    return _("%(date)s at %(time)s") % {
        "date": long_date(until.date()),
        "time": clock(until.time()),
    }
