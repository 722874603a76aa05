"""The coordinator console at /manage/.

Every view is for coordinators (and superusers) only, and fetches what it shows or changes
through the scoped selectors (``groups_for_user``, ``venues_for_user``, ``regions_for_user``):
anything of another region is a 404, and changes nothing. Views read forms and call services;
the services validate and save, all or nothing.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from console import dashboard, forms, history
from core.redirects import next_url
from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from facilitators.services import facilitator_invite
from groups import services
from groups.dates import DateOutOfRange, UnreadableDate, parse_iso_date
from groups.describe import schedule_in_words, time_range
from groups.models import (
    Group,
    GroupFacilitator,
    SessionChange,
    SessionSubstitute,
    SubstituteRequest,
)
from groups.occurrences import Change, wall_clock
from groups.selectors import (
    GroupSession,
    groups_for_user,
    session_on,
    session_rows,
    sessions_between,
    sessions_on_day,
)
from regions.selectors import is_coordinator, regions_for_user, venues_for_user
from regions.services import coordinator_invite, venue_create, venue_update
from website.calendar import Problem

PREVIEW_SESSIONS = 8
SESSION_WEEKS = 8
UNCONFIRMED_DAYS = 90
URGENT_DAYS = 2  # a cover request nobody has taken this close to its session is flagged
MAX_SEARCH = 160  # the longest name a group or a venue can have


def coordinator_required(view):
    """Anonymous visitors go to the sign-in page; signed-in non-coordinators get 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_coordinator(request.user):
            raise PermissionDenied(
                "The coordinator console is for RLC coordinators. If you think you should have "
                "access, ask your RLC's coordinator."
            )
        return view(request, *args, **kwargs)

    return wrapped


def _today() -> dt.date:
    return timezone.localdate()


def _group(request, slug) -> Group:
    return get_object_or_404(groups_for_user(request.user), slug=slug)


def _session_day(group: Group, text: str) -> dt.date:
    """The date in a session URL; a 404 unless the group meets (or met) on it."""
    try:
        day = parse_iso_date(text)
    except (UnreadableDate, DateOutOfRange):
        raise Http404("No such date.") from None
    if not group.meets_on(day):
        raise Http404("The group does not meet on that date.")
    return day


def _session(group: Group, day: dt.date) -> GroupSession:
    return session_on(group, day)


def _week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _window(first: dt.date, days: int) -> tuple[dt.datetime, dt.datetime]:
    zone = timezone.get_current_timezone()
    return (
        wall_clock(first, dt.time(0, 0), zone),
        wall_clock(first + dt.timedelta(days=days), dt.time(0, 0), zone),
    )


# Dashboard.


@coordinator_required
def dashboard_view(request):
    regions = regions_for_user(request.user)
    today = _today()
    monday = _week_start(today)
    groups = groups_for_user(request.user).filter(status=Group.Status.ACTIVE)
    rows = session_rows(sessions_between(groups, *_window(monday, 14)))
    weeks = []
    for number, label in ((0, "This week"), (1, "Next week")):
        first = monday + dt.timedelta(weeks=number)
        days = [first + dt.timedelta(days=offset) for offset in range(7)]
        weeks.append(
            {
                "label": label,
                "days": [
                    (day, [row for row in rows if row.occurrence.start.date() == day])
                    for day in days
                ],
            }
        )
    requests = list(
        SubstituteRequest.objects.filter(
            group__region__in=regions,
            status=SubstituteRequest.Status.OPEN,
            original_date__gte=today,
        )
        .select_related("group", "requested_by")
        .order_by("original_date", "group__title")
    )
    stale_before = today - dt.timedelta(days=UNCONFIRMED_DAYS)
    unconfirmed = groups.filter(
        Q(last_confirmed_on__isnull=True) | Q(last_confirmed_on__lt=stale_before)
    ).order_by("last_confirmed_on", "title")
    context = {
        "regions": regions,
        "weeks": weeks,
        "today": today,
        "uncovered": [
            row for row in rows if row.is_uncovered and row.occurrence.end.date() >= today
        ],
        "clashes": dashboard.clashes(rows),
        "unconfirmed": unconfirmed,
        # Nobody has taken these, and the session is two days away or less.
        "urgent_requests": [
            r for r in requests if r.original_date <= today + dt.timedelta(days=URGENT_DAYS)
        ],
        "other_requests": [
            r for r in requests if r.original_date > today + dt.timedelta(days=URGENT_DAYS)
        ],
        "recent": history.recent_changes(regions),
    }
    return render(request, "console/dashboard.html", context)


# Groups.


@coordinator_required
def group_list(request):
    groups = groups_for_user(request.user).prefetch_related(
        Prefetch("memberships", queryset=GroupFacilitator.objects.select_related("facilitator"))
    )
    status = request.GET.get("status", "current")
    if status == "current":
        groups = groups.exclude(status=Group.Status.ARCHIVED)
    elif status in Group.Status.values:
        groups = groups.filter(status=status)
    query = request.GET.get("q", "").strip()
    problems = []
    if len(query) > MAX_SEARCH:
        # Longer words match no name, and SQLite refuses a LIKE pattern over 50,000 bytes.
        problems.append(
            Problem(
                "q",
                f"Search for at most {MAX_SEARCH} characters: no group's or venue's name is "
                f"longer (this search has {len(query):,}).",
            )
        )
    elif query:
        groups = groups.filter(Q(title__icontains=query) | Q(venue__name__icontains=query))
    rows = [(group, _current_schedule(group)) for group in groups.order_by("title")]
    context = {
        "rows": rows,
        "status": status,
        "statuses": [("current", "Current (not archived)"), *Group.Status.choices],
        "query": query,
        "problems": problems,
    }
    return render(request, "console/group_list.html", context, status=400 if problems else 200)


def _current_schedule(group: Group) -> str:
    """The schedule in words, or why it cannot be read (a row that slipped past validation)."""
    if group.schedule_problem is not None:
        return f"Cannot be read: {group.schedule_problem}. Open the group to set it again."
    return schedule_in_words(group.schedule)


def _preview(form: forms.GroupForm, group: Group | None) -> list:
    """The next dates the form's schedule gives, without saving anything."""
    fields = form.cleaned_data["schedule_fields"]
    trial = Group(
        region=form.cleaned_data["region"],
        timezone=form.cleaned_data["region"].timezone,
        **fields,
    )
    # The checks a save makes of a schedule (the model's), so a preview never expands one that
    # saving would refuse.
    try:
        trial.full_clean(
            exclude=[f.name for f in Group._meta.fields if f.name not in fields],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError as error:
        forms.add_service_errors(form, error, forms.GROUP_FIELD_ON_FORM)
        return []
    changes = [change.as_change() for change in group.changes.all()] if group else []
    start = max(timezone.now(), trial.schedule.first_start)
    dates = []
    for occurrence in trial.schedule.occurrences_between(
        start, start + dt.timedelta(days=800), changes
    ):
        dates.append(occurrence)
        if len(dates) == PREVIEW_SESSIONS:
            break
    if not dates:
        form.add_error("first_date", "This schedule has no dates from today on.")
    return dates


def _schedule_words(form) -> str:
    fields = form.cleaned_data["schedule_fields"]
    region = form.cleaned_data["region"]
    return schedule_in_words(Group(timezone=region.timezone, **fields).schedule)


@coordinator_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    regions = regions_for_user(request.user)
    form = forms.GroupForm(request.POST or None, regions=regions)
    preview, words = None, ""
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, None)
            words = _schedule_words(form) if preview else ""
        else:
            fields = form.group_fields()
            fields["slug"] = forms.unique_slug(
                fields["title"], lambda slug: Group.objects.filter(slug=slug).exists()
            )
            try:
                group = services.group_create(**fields)
            except ValidationError as error:
                forms.add_service_errors(form, error, forms.GROUP_FIELD_ON_FORM)
            else:
                messages.success(request, f"{group.title} is saved.")
                return redirect("manage:group", slug=group.slug)
    return render(
        request,
        "console/group_form.html",
        {"form": form, "preview": preview, "schedule_words": words, "group": None},
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def group_detail(request, slug):
    group = _group(request, slug)
    regions = regions_for_user(request.user)
    form = forms.GroupForm(request.POST or None, instance=group, regions=regions)
    preview, words, conflict = None, "", None
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, group)
            words = _schedule_words(form) if preview else ""
        else:
            try:
                services.group_update(
                    group=group,
                    expected_version=form.cleaned_data.get("version"),
                    **form.group_fields(),
                )
            except services.EditConflict as error:
                # Show the group as the other coordinator left it.
                conflict = " ".join(error.messages)
                group.refresh_from_db()
                form = forms.GroupForm(instance=group, regions=regions)
            except ValidationError as error:
                group.refresh_from_db()
                forms.add_service_errors(form, error, forms.GROUP_FIELD_ON_FORM)
            else:
                messages.success(request, "Your changes are saved.")
                return redirect("manage:group", slug=group.slug)
    memberships = group.memberships.select_related("facilitator")
    now = timezone.now()
    changes = [change.as_change() for change in group.changes.all()]
    sessions = []
    if group.schedule_problem is None:
        sessions = group.schedule.occurrences_between(
            now - dt.timedelta(hours=3), now + dt.timedelta(weeks=SESSION_WEEKS), changes
        )
    context = {
        "group": group,
        "form": form,
        "conflict": conflict,
        "preview": preview,
        "schedule_words": words,
        "current_schedule": _current_schedule(group),
        "schedule_problem": group.schedule_problem,
        "memberships": memberships,
        "assign_form": forms.FacilitatorAssignForm(group=group),
        "sessions": sessions,
        "history": history.group_history(group),
        "statuses": Group.Status.choices,
    }
    return render(request, "console/group_detail.html", context)


STATUS_DONE = {
    Group.Status.ACTIVE: "{} is running again: its sessions are back on the calendar.",
    Group.Status.PAUSED: "{} is paused: its sessions are off the calendar until you resume it.",
    Group.Status.ENDED: "{} has ended: its sessions are off the calendar; its history stays.",
    Group.Status.ARCHIVED: "{} is archived: it is hidden from the lists; its history stays.",
}


@coordinator_required
@require_POST
def group_status(request, slug):
    group = _group(request, slug)
    status = request.POST.get("status")
    if status not in Group.Status.values:
        messages.error(request, "Choose run, pause, end or archive.")
        return redirect("manage:group", slug=group.slug)
    try:
        services.group_status_set(group=group, status=status)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(request, STATUS_DONE[status].format(group.title))
    return redirect("manage:group", slug=group.slug)


@coordinator_required
@require_POST
def group_confirm(request, slug):
    group = _group(request, slug)
    services.group_confirm_running(group=group, on=_today())
    messages.success(request, f"{group.title} is confirmed as still running.")
    return HttpResponseRedirect(next_url(request, fallback=reverse("manage:dashboard")))


@coordinator_required
@require_POST
def group_facilitator_add(request, slug):
    group = _group(request, slug)
    form = forms.FacilitatorAssignForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.group_facilitator_add(
                group=group,
                facilitator=form.cleaned_data["facilitator"],
                role=form.cleaned_data["role"],
            )
        except services.AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{form.cleaned_data['facilitator']} is on {group.title}.")
    else:
        messages.error(request, "Choose a facilitator of this region and a role.")
    return redirect(reverse("manage:group", args=[group.slug]) + "#people")


@coordinator_required
@require_POST
def group_facilitator_remove(request, slug, pk):
    group = _group(request, slug)
    membership = group.memberships.select_related("facilitator").filter(pk=pk).first()
    if membership is None:
        if GroupFacilitator.objects.filter(pk=pk).exists():
            raise Http404("No such facilitator on this group.")
        messages.info(request, f"That facilitator was already taken off {group.title}.")
        return redirect(reverse("manage:group", args=[group.slug]) + "#people")
    try:
        services.group_facilitator_remove(membership=membership)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"{membership.facilitator} is off {group.title}.")
    return redirect(reverse("manage:group", args=[group.slug]) + "#people")


# Sessions.


def _session_context(request, group, day, **forms_given):
    session = _session(group, day)
    covers = SessionSubstitute.objects.filter(group=group, original_date=day).select_related(
        "substitute", "replaces"
    )
    occurrence = session.occurrence
    return {
        "group": group,
        "day": day,
        "session": session,
        "occurrence": occurrence,
        "times": time_range(occurrence.start.time(), occurrence.end.time()),
        "change": SessionChange.objects.filter(group=group, original_date=day).first(),
        "covers": covers,
        "people": session_rows([session])[0].facilitators,
        "cancel_form": forms_given.get("cancel_form") or forms.CancelForm(),
        "move_form": forms_given.get("move_form") or forms.MoveForm(group=group),
        "substitute_form": forms_given.get("substitute_form") or forms.SubstituteForm(group=group),
        "clashes": forms_given.get("clashes", []),
    }


@coordinator_required
def session_detail(request, slug, day):
    group = _group(request, slug)
    day = _session_day(group, day)
    return render(request, "console/session.html", _session_context(request, group, day))


@coordinator_required
@require_POST
def session_cancel(request, slug, day):
    group = _group(request, slug)
    day = _session_day(group, day)
    form = forms.CancelForm(request.POST)
    if form.is_valid():
        try:
            services.session_cancel(
                group=group,
                original_date=day,
                public_note=form.cleaned_data["public_note"],
                private_note=form.cleaned_data["reason"],
                user=request.user,
            )
        except services.AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request,
                f"The session of {day:%A %-d %B} is cancelled. Its facilitators have been "
                "emailed, and the calendar and feeds show it now.",
            )
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
    context = _session_context(request, group, day, cancel_form=form)
    return render(request, "console/session.html", context, status=400)


@coordinator_required
@require_POST
def session_move(request, slug, day):
    group = _group(request, slug)
    day = _session_day(group, day)
    form = forms.MoveForm(request.POST, group=group)
    clashes = []
    if form.is_valid():
        data = form.cleaned_data
        fields = {
            "new_date": data["new_date"],
            "new_start_time": data["new_start_time"],
            "new_end_time": data["new_end_time"],
            "new_venue": data["new_venue"],
        }
        clashes = _move_clashes(request, group, day, fields)
        if clashes and not data["confirm_clash"]:
            form = forms.MoveForm(request.POST, group=group, clashing=True)
            form.is_valid()
            form.add_error(
                "confirm_clash",
                "This move clashes with another session (listed above). Change the time or "
                "place, or tick this box to move it anyway.",
            )
        else:
            try:
                services.session_move(
                    group=group,
                    original_date=day,
                    public_note=data["public_note"],
                    private_note=data["reason"],
                    user=request.user,
                    **fields,
                )
            except services.AlreadyDone as done:
                messages.info(request, " ".join(done.messages))
                return redirect("manage:session", slug=group.slug, day=day.isoformat())
            except ValidationError as error:
                forms.add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    f"The session of {day:%A %-d %B} is moved. Its facilitators have been "
                    "emailed, and the calendar and feeds show it now.",
                )
                return redirect("manage:session", slug=group.slug, day=day.isoformat())
    context = _session_context(request, group, day, move_form=form, clashes=clashes)
    return render(request, "console/session.html", context, status=400)


def _move_clashes(request, group, day, fields) -> list:
    """The clashes the session would have at its new time and place, with this region's others."""
    change = Change(
        original_date=day,
        cancelled=False,
        new_date=fields["new_date"],
        new_start_time=fields["new_start_time"],
        new_end_time=fields["new_end_time"],
        venue_id=fields["new_venue"].pk if fields["new_venue"] else None,
    )
    occurrence = group.schedule.occurrence(day, change)
    if occurrence.end <= occurrence.start:
        return []
    venue = fields["new_venue"] or group.venue
    candidate = session_rows([GroupSession(group, occurrence, venue)])[0]
    around = sessions_between(
        groups_for_user(request.user)
        .filter(region=group.region, status=Group.Status.ACTIVE)
        .exclude(pk=group.pk),
        occurrence.start - dt.timedelta(hours=12),
        occurrence.end + dt.timedelta(hours=12),
    )
    return dashboard.clashes_with(candidate, session_rows(around))


@coordinator_required
@require_POST
def session_undo(request, slug, day):
    group = _group(request, slug)
    day = _session_day(group, day)
    change = SessionChange.objects.filter(group=group, original_date=day).first()
    try:
        if change is None:
            raise services.AlreadyDone("That session was already as planned; nothing to undo.")
        services.session_change_undo(change=change)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(request, f"The session of {day:%A %-d %B} is back as planned.")
    return redirect("manage:session", slug=group.slug, day=day.isoformat())


@coordinator_required
@require_POST
def session_substitute(request, slug, day):
    group = _group(request, slug)
    day = _session_day(group, day)
    form = forms.SubstituteForm(request.POST, group=group)
    if form.is_valid():
        try:
            services.session_substitute_assign(
                group=group,
                original_date=day,
                substitute=form.cleaned_data["substitute"],
                replaces=form.cleaned_data["replaces"],
                user=request.user,
            )
        except services.AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(
                request, f"{form.cleaned_data['substitute']} covers the session of {day:%-d %B}."
            )
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
    context = _session_context(request, group, day, substitute_form=form)
    return render(request, "console/session.html", context, status=400)


@coordinator_required
@require_POST
def session_substitute_remove(request, slug, day, pk):
    group = _group(request, slug)
    day = _session_day(group, day)
    record = SessionSubstitute.objects.filter(group=group, original_date=day, pk=pk).first()
    try:
        if record is None:
            raise services.AlreadyDone("That substitute was already removed.")
        services.session_substitute_remove(record=record)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(request, f"{record.substitute} no longer covers this session.")
    return redirect("manage:session", slug=group.slug, day=day.isoformat())


@coordinator_required
@require_http_methods(["GET", "POST"])
def snow_day(request):
    """Cancel every session of a region on one date: first a list to confirm, then done."""
    regions = regions_for_user(request.user)
    form = forms.SnowDayForm(request.POST or request.GET or None, regions=regions)
    sessions, done = None, None
    if form.is_bound and form.is_valid():
        region, day = form.cleaned_data["region"], form.cleaned_data["day"]
        groups = groups_for_user(request.user).filter(region=region, status=Group.Status.ACTIVE)
        sessions = [
            s for s in sessions_on_day(groups, day, region.timezone) if not s.occurrence.cancelled
        ]
        if request.method == "POST" and request.POST.get("confirm") == "yes":
            try:
                done = services.sessions_cancel_on_day(
                    sessions=sessions,
                    public_note=form.cleaned_data["public_note"],
                    private_note=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as error:
                # A session the model will not cancel (a day beyond the planning horizon):
                # nothing is cancelled, and the form says why beside the date.
                forms.add_service_errors(form, error, {"original_date": "day"})
                return render(
                    request, "console/snow_day.html", {"form": form, "sessions": sessions}
                )
            if done:
                messages.success(
                    request,
                    f"{len(done)} session{'s' if len(done) != 1 else ''} on {day:%A %-d %B} "
                    "cancelled; their facilitators have been emailed.",
                )
            else:
                messages.info(request, f"Nothing left to cancel on {day:%A %-d %B}.")
            return redirect(f"{reverse('manage:snow-day')}?region={region.pk}&day={day}")
    return render(request, "console/snow_day.html", {"form": form, "sessions": sessions})


# Venues.


@coordinator_required
def venue_list(request):
    venues = venues_for_user(request.user).order_by("region__name", "-is_active", "name")
    return render(request, "console/venue_list.html", {"venues": venues})


@coordinator_required
@require_http_methods(["GET", "POST"])
def venue_form(request, slug=None):
    regions = regions_for_user(request.user)
    venue = get_object_or_404(venues_for_user(request.user), slug=slug) if slug else None
    form = forms.VenueForm(request.POST or None, instance=venue, regions=regions)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            if venue is None:
                fields["slug"] = forms.unique_slug(
                    fields["name"],
                    lambda slug: type(form.instance).objects.filter(slug=slug).exists(),
                )
                venue = venue_create(**fields)
            else:
                venue = venue_update(venue=venue, **fields)
        except ValidationError as error:
            forms.add_service_errors(form, error)
        else:
            messages.success(request, f"{venue.name} is saved.")
            return redirect("manage:venue", slug=venue.slug)
    context = {
        "form": form,
        "venue": venue,
        "history": history.venue_history(venue) if venue else [],
    }
    return render(request, "console/venue_form.html", context)


# People.


@coordinator_required
def facilitator_list(request):
    """The facilitators of your regions, then the invitations they have not accepted yet.

    An invitation shows only what the coordinator typed (the address and the proposed name),
    whoever it went to, so the page says nothing about people of other regions.
    """
    regions = regions_for_user(request.user)
    people = (
        FacilitatorProfile.objects.filter(regions__in=regions)
        .distinct()
        .select_related("user")
        .prefetch_related(
            Prefetch(
                "memberships",
                queryset=GroupFacilitator.objects.filter(group__region__in=regions)
                .exclude(group__status=Group.Status.ARCHIVED)
                .select_related("group"),
            )
        )
        .order_by("display_name")
    )
    invitations = (
        FacilitatorInvitation.objects.filter(region__in=regions)
        .select_related("user", "region")
        .order_by("display_name", "user__email", "region__name")
    )
    context = {"people": people, "invitations": invitations}
    return render(request, "console/facilitator_list.html", context)


@coordinator_required
@require_http_methods(["GET", "POST"])
def invite(request):
    """Invite a facilitator or a coordinator to one of your regions.

    The answer is the same for a new address and for anyone of another region (the services
    see to it): the only refusals about a person are "already a facilitator of this region"
    and "already a coordinator of this region".
    """
    regions = regions_for_user(request.user)
    form = forms.InviteForm(request.POST or None, regions=regions)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            if data["role"] == form.ROLE_FACILITATOR:
                facilitator_invite(
                    email=data["email"],
                    display_name=form.display_name,
                    regions=[data["region"]],
                    invited_by=request.user,
                )
                done = (
                    f"Invitation sent to {data['email']}. Once they accept it, they facilitate "
                    f"with {data['region'].name} and you can add them to groups."
                )
            else:
                coordinator_invite(
                    email=data["email"], region=data["region"], invited_by=request.user
                )
                done = (
                    f"Invitation sent to {data['email']}. The link in it lets them set a password."
                )
        except ValidationError as error:
            forms.add_service_errors(form, error, {"display_name": "first_name"})
        else:
            messages.success(request, done)
            return redirect("manage:facilitators")
    return render(request, "console/invite.html", {"form": form})
