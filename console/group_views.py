"""The console's groups: the list, a new group, one group (its form, schedule preview, status,
facilitators)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST
from recurrence import serialize

from console import history
from console.access import coordinator_required, local_today, scoped_group
from console.forms import add_service_errors, unique_slug
from console.group_forms import GROUP_FIELD_ON_FORM, FacilitatorAssignForm, GroupForm
from core.problems import Problem
from core.redirects import next_url
from core.text import sentence
from groups import services
from groups.clashes import schedule_clashes
from groups.clock_changes import start_warnings
from groups.describe import schedule_in_words
from groups.models import Group, GroupFacilitator
from groups.selectors import groups_for_user
from regions.selectors import regions_for_user

PREVIEW_SESSIONS = 8
SESSION_WEEKS = 8
MAX_SEARCH = 160  # the longest name a group or a venue can have


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
                _(
                    "Search for at most %(limit)s characters: no group's or venue's name is "
                    "longer (this search has %(length)s)."
                )
                % {"limit": MAX_SEARCH, "length": f"{len(query):,}"},
            )
        )
    elif query:
        groups = groups.filter(Q(title__icontains=query) | Q(venue__name__icontains=query))
    rows = [(group, _current_schedule(group)) for group in groups.order_by("title")]
    context = {
        "rows": rows,
        "status": status,
        "statuses": [("current", _("Current (not archived)")), *Group.Status.choices],
        "query": query,
        "problems": problems,
    }
    return render(request, "console/group_list.html", context, status=400 if problems else 200)


def _current_schedule(group: Group) -> str:
    """The schedule in words, or why it cannot be read (a row that slipped past validation)."""
    if group.schedule_problem is not None:
        return _("Cannot be read: %(problem)s. Open the group to set it again.") % {
            "problem": group.schedule_problem
        }
    return schedule_in_words(group.schedule)


def _preview(form: GroupForm, group: Group | None) -> list:
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
        add_service_errors(form, error, GROUP_FIELD_ON_FORM)
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
        form.add_error("first_date", _("This schedule has no dates from today on."))
    return dates


def _schedule_words(form) -> str:
    fields = form.cleaned_data["schedule_fields"]
    region = form.cleaned_data["region"]
    return schedule_in_words(Group(timezone=region.timezone, **fields).schedule)


# What a group's sessions are made of: a change of any of them is checked for clashes.
SCHEDULE_AND_PLACE = ("start_date", "start_time", "duration_minutes", "end_date", "venue", "region")
CLASH_MESSAGE = gettext_lazy(
    "This group's sessions would clash with other sessions (listed above). Change the time or "
    "place, or tick this box to save it anyway."
)


def _clashes(request, form: GroupForm, group: Group | None) -> list:
    """The clashes of the group's sessions as the form would save them (groups/clashes.py).

    None for an edit that leaves the schedule and the place as they are, or for a group that is
    not running; none either for a schedule the save would refuse (the save then says why).
    """
    fields = form.group_fields()
    if group is not None:
        if group.status != Group.Status.ACTIVE:
            return []
        same = all(getattr(group, name) == fields[name] for name in SCHEDULE_AND_PLACE)
        if same and serialize(group.recurrences) == serialize(fields["recurrences"]):
            return []
        trial = Group.objects.get(pk=group.pk)
    else:
        trial = Group()
    names = (*SCHEDULE_AND_PLACE, "recurrences")
    for name in names:
        setattr(trial, name, fields[name])
    trial.timezone = fields["region"].timezone
    try:
        trial.full_clean(
            exclude=[f.name for f in Group._meta.fields if f.name not in names],
            validate_unique=False,
            validate_constraints=False,
        )
    except ValidationError:
        return []
    return schedule_clashes(trial, groups_for_user(request.user).filter(region=trial.region))


def _unconfirmed_clashes(request, form: GroupForm, group: Group | None, **form_kwargs):
    """(form, clashes): the form again, offering "Save it anyway", if the group would clash and
    that box is not ticked; else (form, [])."""
    clashes = _clashes(request, form, group)
    if not clashes or form.cleaned_data["confirm_clash"]:
        return form, []
    form = GroupForm(request.POST, clashing=True, **form_kwargs)
    form.is_valid()
    form.add_error("confirm_clash", CLASH_MESSAGE)
    return form, clashes


@coordinator_required
@require_http_methods(["GET", "POST"])
def group_create(request):
    regions = regions_for_user(request.user)
    form = GroupForm(request.POST or None, regions=regions)
    preview, words, clashes = None, "", []
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, None)
            words = _schedule_words(form) if preview else ""
        else:
            form, clashes = _unconfirmed_clashes(request, form, None, regions=regions)
        if "preview" not in request.POST and not clashes:
            fields = form.group_fields()
            fields["slug"] = unique_slug(
                fields["title"], lambda slug: Group.objects.filter(slug=slug).exists()
            )
            try:
                group = services.group_create(**fields)
            except ValidationError as error:
                add_service_errors(form, error, GROUP_FIELD_ON_FORM)
            else:
                messages.success(request, _("%(group)s is saved.") % {"group": group.title})
                return redirect("manage:group", slug=group.slug)
    return render(
        request,
        "console/group_form.html",
        {
            "form": form,
            "preview": preview,
            "schedule_words": words,
            "group": None,
            "clashes": clashes,
        },
        status=400 if clashes else 200,
    )


@coordinator_required
@require_http_methods(["GET", "POST"])
def group_detail(request, slug):
    group = scoped_group(request, slug)
    regions = regions_for_user(request.user)
    form = GroupForm(request.POST or None, instance=group, regions=regions)
    preview, words, conflict, clashes = None, "", None, []
    if request.method == "POST" and form.is_valid():
        if "preview" in request.POST:
            preview = _preview(form, group)
            words = _schedule_words(form) if preview else ""
        else:
            form, clashes = _unconfirmed_clashes(
                request, form, group, instance=group, regions=regions
            )
        if "preview" not in request.POST and not clashes:
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
                form = GroupForm(instance=group, regions=regions)
            except ValidationError as error:
                group.refresh_from_db()
                add_service_errors(form, error, GROUP_FIELD_ON_FORM)
            else:
                messages.success(request, _("Your changes are saved."))
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
        "assign_form": FacilitatorAssignForm(group=group),
        "sessions": sessions,
        # Sessions in the coming year that start in the hour the clocks skip or repeat.
        "clock_warnings": []
        if group.schedule_problem is not None
        else start_warnings(group.schedule, local_today(), local_today() + dt.timedelta(days=365)),
        "history": history.group_history(group),
        "statuses": Group.Status.choices,
        "clashes": clashes,
    }
    return render(request, "console/group_detail.html", context, status=400 if clashes else 200)


STATUS_DONE = {
    Group.Status.ACTIVE: gettext_lazy(
        "%(group)s is running again: its sessions are back on the calendar."
    ),
    Group.Status.PAUSED: gettext_lazy(
        "%(group)s is paused: its sessions are off the calendar until you resume it."
    ),
    Group.Status.ENDED: gettext_lazy(
        "%(group)s has ended: its sessions are off the calendar; its history stays."
    ),
    Group.Status.ARCHIVED: gettext_lazy(
        "%(group)s is archived: it is hidden from the lists; its history stays."
    ),
}


@coordinator_required
@require_POST
def group_status(request, slug):
    group = scoped_group(request, slug)
    status = request.POST.get("status")
    if status not in Group.Status.values:
        messages.error(request, _("Choose run, pause, end or archive."))
        return redirect("manage:group", slug=group.slug)
    try:
        services.group_status_set(group=group, status=status)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(request, STATUS_DONE[status] % {"group": group.title})
    return redirect("manage:group", slug=group.slug)


@coordinator_required
@require_POST
def group_confirm(request, slug):
    group = scoped_group(request, slug)
    services.group_confirm_running(group=group, on=local_today())
    messages.success(
        request, _("%(group)s is confirmed as still running.") % {"group": group.title}
    )
    return HttpResponseRedirect(next_url(request, fallback=reverse("manage:dashboard")))


@coordinator_required
@require_POST
def group_facilitator_add(request, slug):
    group = scoped_group(request, slug)
    form = FacilitatorAssignForm(request.POST, group=group)
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
            messages.success(
                request,
                sentence(
                    _("%(person)s is on %(group)s")
                    % {"person": form.cleaned_data["facilitator"], "group": group.title}
                ),
            )
    else:
        messages.error(request, _("Choose a facilitator of this region and a role."))
    return redirect(reverse("manage:group", args=[group.slug]) + "#people")


@coordinator_required
@require_POST
def group_facilitator_remove(request, slug, pk):
    group = scoped_group(request, slug)
    membership = group.memberships.select_related("facilitator").filter(pk=pk).first()
    if membership is None:
        if GroupFacilitator.objects.filter(pk=pk).exists():
            raise Http404("No such facilitator on this group.")
        messages.info(
            request,
            sentence(
                _("That facilitator was already taken off %(group)s") % {"group": group.title}
            ),
        )
        return redirect(reverse("manage:group", args=[group.slug]) + "#people")
    try:
        services.group_facilitator_remove(membership=membership)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            sentence(
                _("%(person)s is off %(group)s")
                % {"person": membership.facilitator, "group": group.title}
            ),
        )
    return redirect(reverse("manage:group", args=[group.slug]) + "#people")
