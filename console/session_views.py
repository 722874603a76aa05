"""The console's sessions: one session (cancel, move, undo, cover) and a snow day for a region."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from console.access import coordinator_required, scoped_group
from console.forms import add_service_errors
from console.session_forms import CancelForm, MoveForm, SnowDayForm, SubstituteForm
from groups import services
from groups import sessions as session_changes
from groups.clashes import sessions_clashes
from groups.describe import time_range
from groups.models import Group, SessionSubstitute
from groups.occurrences import Change
from groups.selectors import (
    GroupSession,
    change_on,
    groups_for_user,
    session_on,
    session_rows,
    sessions_on_day,
)
from regions.selectors import regions_for_user


def _session_day(group: Group, day: dt.date) -> dt.date:
    """The date in a session URL (a date already); a 404 unless the group meets (or met) on it."""
    if not group.meets_on(day):
        raise Http404("The group does not meet on that date.")
    return day


def _session(group: Group, day: dt.date) -> GroupSession:
    return session_on(group, day)


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
        "change": change_on(group, day),
        "covers": covers,
        "people": session_rows([session])[0].facilitators,
        "cancel_form": forms_given.get("cancel_form") or CancelForm(),
        "move_form": forms_given.get("move_form") or MoveForm(group=group),
        "substitute_form": forms_given.get("substitute_form") or SubstituteForm(group=group),
        "clashes": forms_given.get("clashes", []),
        "refused": forms_given.get("refused"),
    }


def _refused(request, group, day, error: ValidationError):
    """The session page again, saying why the change of a cancelled session is refused."""
    context = _session_context(request, group, day, refused=" ".join(error.messages))
    return render(request, "console/session.html", context, status=400)


@coordinator_required
def session_detail(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    return render(request, "console/session.html", _session_context(request, group, day))


@coordinator_required
@require_POST
def session_cancel(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    form = CancelForm(request.POST)
    if form.is_valid():
        try:
            session_changes.session_cancel(
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
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _(
                    "The session of %(day)s is cancelled. Its facilitators have been emailed, "
                    "and the calendar and feeds show it now."
                )
                % {"day": f"{day:%A %-d %B}"},
            )
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
    context = _session_context(request, group, day, cancel_form=form)
    return render(request, "console/session.html", context, status=400)


@coordinator_required
@require_POST
def session_move(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    try:
        session_changes.ensure_not_cancelled(group, day, session_changes.MOVE_REFUSED)
    except session_changes.SessionCancelled as error:
        return _refused(request, group, day, error)
    form = MoveForm(request.POST, group=group)
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
            form = MoveForm(request.POST, group=group, clashing=True)
            form.is_valid()
            form.add_error(
                "confirm_clash",
                _(
                    "This move clashes with another session (listed above). Change the time or "
                    "place, or tick this box to move it anyway."
                ),
            )
        else:
            try:
                session_changes.session_move(
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
            except session_changes.SessionCancelled as error:  # cancelled a moment ago
                return _refused(request, group, day, error)
            except ValidationError as error:
                add_service_errors(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "The session of %(day)s is moved. Its facilitators have been emailed, "
                        "and the calendar and feeds show it now."
                    )
                    % {"day": f"{day:%A %-d %B}"},
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
    if occurrence.end.astimezone(dt.UTC) <= occurrence.start.astimezone(dt.UTC):
        return []
    venue = fields["new_venue"] or group.venue
    others = groups_for_user(request.user).filter(region=group.region).exclude(pk=group.pk)
    return sessions_clashes([GroupSession(group, occurrence, venue)], others)


@coordinator_required
@require_POST
def session_undo(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    change = change_on(group, day)
    try:
        if change is None:
            raise services.AlreadyDone(_("That session was already as planned; nothing to undo."))
        moved = session_changes.session_change_undo(change=change)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    except ValidationError as error:  # the day it had moved to is taken since
        messages.error(request, " ".join(error.messages))
    else:
        if moved is None:
            messages.success(
                request,
                _("The session of %(day)s is back as planned.") % {"day": f"{day:%A %-d %B}"},
            )
        else:
            messages.success(
                request,
                _("The session of %(day)s is on again, as moved: %(moved)s.")
                % {
                    "day": f"{day:%A %-d %B}",
                    "moved": f"{session_on(group, day).occurrence.start:%A %-d %B}",
                },
            )
    return redirect("manage:session", slug=group.slug, day=day.isoformat())


@coordinator_required
@require_POST
def session_substitute(request, slug, day):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    try:
        session_changes.ensure_not_cancelled(group, day, session_changes.COVER_REFUSED)
    except session_changes.SessionCancelled as error:
        return _refused(request, group, day, error)
    form = SubstituteForm(request.POST, group=group)
    if form.is_valid():
        try:
            session_changes.session_substitute_assign(
                group=group,
                original_date=day,
                substitute=form.cleaned_data["substitute"],
                replaces=form.cleaned_data["replaces"],
                user=request.user,
            )
        except services.AlreadyDone as done:
            messages.info(request, " ".join(done.messages))
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
        except session_changes.SessionCancelled as error:  # cancelled a moment ago
            return _refused(request, group, day, error)
        except ValidationError as error:
            add_service_errors(form, error)
        else:
            messages.success(
                request,
                _("%(person)s covers the session of %(day)s.")
                % {"person": form.cleaned_data["substitute"], "day": f"{day:%-d %B}"},
            )
            return redirect("manage:session", slug=group.slug, day=day.isoformat())
    context = _session_context(request, group, day, substitute_form=form)
    return render(request, "console/session.html", context, status=400)


@coordinator_required
@require_POST
def session_substitute_remove(request, slug, day, pk):
    group = scoped_group(request, slug)
    day = _session_day(group, day)
    record = SessionSubstitute.objects.filter(group=group, original_date=day, pk=pk).first()
    try:
        if record is None:
            raise services.AlreadyDone(_("That substitute was already removed."))
        session_changes.session_substitute_remove(record=record)
    except services.AlreadyDone as done:
        messages.info(request, " ".join(done.messages))
    else:
        messages.success(
            request, _("%(person)s no longer covers this session.") % {"person": record.substitute}
        )
    return redirect("manage:session", slug=group.slug, day=day.isoformat())


def _snow_day_words(to_cancel: list, kept: list) -> dict:
    """What the list says, in plain English for any number."""
    n, k = len(to_cancel), len(kept)
    return {
        "cancel_heading": (
            ngettext("This session will be cancelled", "These %(n)d sessions will be cancelled", n)
            % {"n": n}
            if n
            else _("Nothing will be cancelled: every session of the day keeps running.")
        ),
        "keep_heading": ngettext(
            "This session keeps running", "These %(n)d sessions keep running", k
        )
        % {"n": k},
        "confirm_label": ngettext("Cancel this session", "Cancel these %(n)d sessions", n)
        % {"n": n},
    }


@coordinator_required
@require_http_methods(["GET", "POST"])
def snow_day(request):
    """Cancel the sessions of a region on one date: first a list to confirm, then done.

    Online sessions keep running unless the coordinator unticks them; any other can be kept.
    """
    regions = regions_for_user(request.user)
    form = SnowDayForm(request.POST or request.GET or None, regions=regions)
    context = {"form": form, "sessions": None}
    status = 200
    if form.is_bound and form.is_valid():
        region, day = form.cleaned_data["region"], form.cleaned_data["day"]
        groups = groups_for_user(request.user).filter(region=region, status=Group.Status.ACTIVE)
        sessions = [
            s for s in sessions_on_day(groups, day, region.timezone) if not s.occurrence.cancelled
        ]
        kept = form.kept(sessions)
        if kept is None:
            status, kept = 400, {s.group.pk for s in sessions if s.venue and s.venue.is_online}
        to_cancel = [s for s in sessions if s.group.pk not in kept]
        kept_sessions = [s for s in sessions if s.group.pk in kept]
        context.update(
            sessions=sessions,
            to_cancel=to_cancel,
            kept=kept_sessions,
            shown=",".join(str(pk) for pk in sorted(kept)),
            **_snow_day_words(to_cancel, kept_sessions),
        )
        confirmed = request.method == "POST" and request.POST.get("confirm") == "yes"
        if confirmed and status == 200 and form.changed_since_shown(kept):
            form.add_error(
                None,
                _(
                    "You changed which sessions keep running: check the list below, then confirm "
                    "again."
                ),
            )
            status = 400
        elif confirmed and status == 200:
            try:
                done = session_changes.sessions_cancel_on_day(
                    sessions=to_cancel,
                    public_note=form.cleaned_data["public_note"],
                    private_note=form.cleaned_data["reason"],
                    user=request.user,
                )
            except ValidationError as error:
                # A session the model will not cancel (a day beyond the planning horizon):
                # nothing is cancelled, and the form says why beside the date.
                add_service_errors(form, error, {"original_date": "day"})
                return render(request, "console/snow_day.html", context)
            if done:
                n = len(done)
                text = ngettext(
                    "%(n)d session on %(day)s cancelled; its facilitators have been emailed.",
                    "%(n)d sessions on %(day)s cancelled; their facilitators have been emailed.",
                    n,
                ) % {"n": n, "day": f"{day:%A %-d %B}"}
                if kept_sessions:
                    text += " " + _("Kept running: %(groups)s.") % {
                        "groups": ", ".join(s.group.title for s in kept_sessions)
                    }
                messages.success(request, text)
            else:
                messages.info(
                    request, _("Nothing left to cancel on %(day)s.") % {"day": f"{day:%A %-d %B}"}
                )
            return redirect(f"{reverse('manage:snow-day')}?region={region.pk}&day={day}")
    return render(request, "console/snow_day.html", context, status=status)
