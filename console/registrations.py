"""Registrations in the console: a group's seats, each session's list (confirmed, offered,
waiting, cancelled, with accommodation needs), adding and removing people, recording who came,
and the sign-in sheet to print or download as CSV (spreadsheet-safe, ``console.reports``).

Every view fetches the group through ``scoped_group`` and the registration through that group:
another region's group or registration is a 404, and nothing changes.
"""

from __future__ import annotations

import csv
import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from console.access import coordinator_required, scoped_group
from console.forms import add_service_errors
from console.registration_forms import ATTENDED, AddPersonForm, SeatsForm
from console.reports import spreadsheet_safe
from core.validation import AlreadyDone
from groups.models import Group, Registration
from groups.registrations import (
    registration_attended,
    registration_cancel,
    registration_create,
    registration_refresh,
    registrations_of_session,
    sessions_to_register_for,
)
from groups.selectors import session_on
from groups.services import ANY_VERSION, group_update

Status = Registration.Status
SHEET_HEADER = ["First name", "Email", "Phone", "Accommodation needs", "Status", "Came"]


def _session_day(group: Group, day: dt.date) -> dt.date:
    if group.seats is None or not group.meets_on(day):
        raise Http404("No registrations for that session.")
    return day


def _people(group: Group, day: dt.date) -> dict[str, list[Registration]]:
    found = {status: [] for status in Status.values}
    for registration in registrations_of_session(group, day):
        found[registration.status].append(registration)
    return found


@coordinator_required
@require_http_methods(["GET", "POST"])
def group_registrations(request, slug):
    """A group's seats, and its next sessions with their counts."""
    group = scoped_group(request, slug)
    form = SeatsForm(request.POST or None, instance=group)
    if request.method == "POST" and form.is_valid():
        try:
            group_update(group=group, expected_version=ANY_VERSION, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(request, _("Registration settings saved."))
            return redirect("manage:group-registrations", slug=group.slug)
    group.refresh_from_db()
    sessions = sessions_to_register_for(group) if group.seats else []
    days = [session.occurrence.original_date for session in sessions]
    counts = {}
    for day, status in Registration.objects.filter(group=group, session_date__in=days).values_list(
        "session_date", "status"
    ):
        counts.setdefault(day, {}).setdefault(status, 0)
        counts[day][status] += 1
    rows = [(session, counts.get(session.occurrence.original_date, {})) for session in sessions]
    status = 400 if form.is_bound else 200
    context = {"group": group, "form": form, "rows": rows}
    return render(request, "console/group_registrations.html", context, status=status)


def _session_page(request, group, day, *, add_form=None, status=200):
    registration_refresh(group=group, session_date=day)  # lapsed offers go, free seats offered
    people = _people(group, day)
    context = {
        "group": group,
        "day": day,
        "session": session_on(group, day),
        "people": people,
        "taken": len(people[Status.CONFIRMED]) + len(people[Status.OFFERED]),
        "needs": [
            r for r in people[Status.CONFIRMED] + people[Status.OFFERED] if r.accommodation_needs
        ],
        "add_form": add_form or AddPersonForm(),
    }
    return render(request, "console/session_registrations.html", context, status=status)


@coordinator_required
@require_http_methods(["GET", "POST"])
def session_registrations(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    if request.method == "GET":
        return _session_page(request, group, day)
    form = AddPersonForm(request.POST)
    if form.is_valid():
        try:
            registration = registration_create(group=group, session_date=day, **form.cleaned_data)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(name)s is added: %(status)s.")
                % {"name": registration.first_name, "status": registration.get_status_display()},
            )
            return redirect("manage:session-registrations", slug=group.slug, day=day)
    return _session_page(request, group, day, add_form=form, status=400)


def _registration(request, slug, day, pk) -> Registration:
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    return get_object_or_404(registrations_of_session(group, day).select_related("group"), pk=pk)


@coordinator_required
@require_POST
def registration_remove(request, slug, day, pk):
    registration = _registration(request, slug, day, pk)
    try:
        registration_cancel(registration=registration)
    except AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(request, _("%(name)s is removed.") % {"name": registration.first_name})
    return redirect("manage:session-registrations", slug=slug, day=day)


@coordinator_required
@require_POST
def registration_came(request, slug, day, pk):
    registration = _registration(request, slug, day, pk)
    answer = request.POST.get("attended", "")
    if answer not in ATTENDED:
        return HttpResponse(
            "attended: answer yes, no, or nothing.\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    registration_attended(registration=registration, attended=ATTENDED[answer])
    return redirect("manage:session-registrations", slug=slug, day=day)


def _sheet(group, day) -> list[Registration]:
    return list(
        registrations_of_session(group, day)
        .filter(status__in=Registration.HOLDING)
        .order_by("first_name", "pk")
    )


@coordinator_required
@require_safe
def sign_in_sheet(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    context = {
        "group": group,
        "day": day,
        "session": session_on(group, day),
        "people": _sheet(group, day),
    }
    return render(request, "console/sign_in_sheet.html", context)


@coordinator_required
@require_safe
def sign_in_csv(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="sign-in-{group.slug}-{day}.csv"'
    response.write("\ufeff")  # the byte order mark tells spreadsheets the file is UTF-8
    came = {True: "yes", False: "no", None: ""}
    rows = [SHEET_HEADER] + [
        [
            r.first_name,
            r.email,
            r.phone,
            r.accommodation_needs,
            r.get_status_display(),
            came[r.attended],
        ]
        for r in _sheet(group, day)
    ]
    csv.writer(response).writerows([[spreadsheet_safe(cell) for cell in row] for row in rows])
    return response
