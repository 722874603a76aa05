"""The facilitator's own pages at /me/: their sessions, their feed, handing a session on.

Every view is for a signed-in facilitator and shows or changes only what is theirs: their own
sessions and feed, their own requests, and the open requests of the regions they work in.
Anything else answers 404.
"""

from __future__ import annotations

import datetime as dt
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.words import long_date_no_year
from facilitators import selectors
from facilitators.models import FacilitatorProfile
from facilitators.services import (
    INVITATION_GONE,
    facilitator_invitation_accept,
    facilitator_invitation_decline,
    facilitator_rotate_feed_token,
)
from groups import covers
from groups.cover_notices import cover_language
from groups.models import Group, GroupFacilitator, SessionSubstitute, SubstituteRequest
from groups.records import records_due
from groups.selectors import substitute_requests_for, upcoming_sessions
from me.forms import LanguageForm
from publishing.links import facilitator_feed_path, subscribe_links

SESSION_WEEKS = 8


def facilitator_required(view):
    """Anonymous visitors go to sign in; a signed-in person who is no facilitator gets 403."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        facilitator = selectors.facilitator_for_user(request.user)
        if facilitator is None:
            if selectors.invitations_for_user(request.user).exists():
                return redirect("me:invitations")
            raise PermissionDenied(
                _(
                    "This page is for peer facilitators. If you facilitate a group, ask your "
                    "RLC's coordinator to invite you."
                )
            )
        return view(request, facilitator, *args, **kwargs)

    return wrapped


@facilitator_required
def me_home(request, facilitator):
    context = home_context(request, facilitator)
    context["language_form"] = LanguageForm(initial={"language": request.user.language})
    return render(request, "me/home.html", context)


def home_context(request, facilitator) -> dict:
    """Everything /me/ shows but the language form."""
    now = timezone.now()
    rows = upcoming_sessions(facilitator, now=now, weeks=SESSION_WEEKS)
    mine, others = substitute_requests_for(facilitator, now=now)
    asked = {(record.group_id, record.original_date) for record in mine}
    covered_by = {
        (cover.group_id, cover.original_date): cover.substitute.display_name
        for cover in SessionSubstitute.objects.filter(
            replaces=facilitator, original_date__gte=now.date()
        ).select_related("substitute")
    }
    regular = set(
        GroupFacilitator.objects.filter(facilitator=facilitator).values_list("group_id", flat=True)
    )
    # A request for a session they are on already is not theirs to take: the sessions of the
    # page's weeks say who is on each; past them, their own groups do.
    on_it = {
        (row.group.pk, row.occurrence.original_date)
        for row in rows
        if any(person.pk == facilitator.pk for person in row.facilitators)
    }
    last_shown = now.date() + dt.timedelta(weeks=SESSION_WEEKS)
    others = [
        record
        for record in others
        if (record.group_id, record.original_date) not in on_it
        and not (record.original_date > last_shown and record.group_id in regular)
    ]
    for record in others:
        record.language_needed = cover_language(record.group)
    return {
        "facilitator": facilitator,
        "rows": [
            {
                "row": row,
                "key": (key := (row.group.pk, row.occurrence.original_date)),
                "mine": any(person.pk == facilitator.pk for person in row.facilitators),
                "regular": row.group.pk in regular,
                "asked": key in asked,
                "covered_by": covered_by.get(key),
            }
            for row in rows
        ],
        "my_requests": mine,
        "records_due": records_due(facilitator, now=now),
        "open_requests": others,
        # Cover to take, or one's own request to withdraw, comes before the coming sessions.
        "requests_first": bool(others or mine),
        "memberships": GroupFacilitator.objects.filter(facilitator=facilitator)
        .exclude(group__status=Group.Status.ARCHIVED)
        .select_related("group__region", "group__venue")
        .order_by("group__title"),
        "coordinators": selectors.coordinators_for(facilitator),
        "invitations": list(selectors.invitations_for_user(request.user)),
        "subscribe": subscribe_links(
            facilitator_feed_path(facilitator), _("Your private calendar link")
        ),
    }


@login_required
@require_safe
def invitations(request):
    """Invitations to facilitate, for the signed-in person to accept or decline.

    Anyone signed in may open it (someone invited has no facilitator profile yet); it shows only
    their own invitations, with the public name they would have.
    """
    context = {
        "invitations": selectors.invitations_for_user(request.user),
        "profile": FacilitatorProfile.objects.filter(user=request.user).first(),
    }
    return render(request, "me/invitations.html", context)


@login_required
@require_POST
def invitation_answer(request, pk, answer):
    """Accept or decline one of your own invitations; any other is "no longer waiting"."""
    invitation = selectors.invitations_for_user(request.user).filter(pk=pk).first()
    if invitation is None:
        messages.info(request, INVITATION_GONE)
        return redirect("me:invitations")
    region = invitation.region
    if answer == "decline":
        facilitator_invitation_decline(invitation=invitation)
        messages.info(
            request,
            _("You said no thanks to %(region)s. Nothing else has changed.")
            % {"region": region.name},
        )
        return redirect("me:invitations")
    try:
        profile = facilitator_invitation_accept(invitation=invitation)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("me:invitations")
    messages.success(
        request,
        _(
            "Welcome to %(region)s! Its coordinators can now add you to groups. The public sees "
            "you as “%(name)s”."
        )
        % {"region": region.name, "name": profile.display_name},
    )
    return redirect("me:home")


@facilitator_required
@require_POST
def feed_rotate(request, facilitator):
    facilitator_rotate_feed_token(facilitator=facilitator)
    messages.success(
        request,
        _(
            "You have a new calendar link. The old one has stopped working: add the new one to "
            "your calendar app, and remove the old calendar there."
        ),
    )
    return redirect(reverse("me:home") + "#calendar")


def _own_session(facilitator, slug: str, date: dt.date):
    """A group the facilitator runs or covers a session of, and a date it meets on; else 404."""
    group = get_object_or_404(
        Group.objects.filter(
            Q(memberships__facilitator=facilitator) | Q(substitutes__substitute=facilitator)
        )
        .distinct()
        .select_related("region"),
        slug=slug,
    )
    if not group.meets_on(date):
        raise Http404(_("The group does not meet on that date."))
    return group, date


@facilitator_required
@require_POST
def request_cover(request, facilitator, slug, day):
    """ "I can't make this one": ask the region's facilitators to take the session."""
    group, date = _own_session(facilitator, slug, day)
    note = request.POST.get("note", "").strip()
    if len(note) > 300:
        messages.error(request, _("Keep the note to 300 characters or fewer."))
        return redirect("me:home")
    try:
        record = covers.substitute_request_open(
            group=group, original_date=date, facilitator=facilitator, note=note
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        values = {"group": group.title, "day": long_date_no_year(date)}
        if record.colleagues_asked:
            told = _(
                "Your request for %(group)s on %(day)s is out. The region's facilitators and "
                "coordinators have been told; you will get an email when someone takes it."
            )
        else:
            told = _(
                "Your request for %(group)s on %(day)s is out. No other facilitator in the "
                "region can take it yet, so the region's coordinators have been told; you will "
                "get an email when someone takes it."
            )
        messages.success(request, told % values)
    return redirect("me:home")


@facilitator_required
@require_POST
def request_withdraw(request, facilitator, pk):
    record = get_object_or_404(SubstituteRequest, pk=pk, requested_by=facilitator)
    try:
        covers.substitute_request_withdraw(record=record)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Your request is withdrawn: the session is yours as before."))
    return redirect("me:home")


@facilitator_required
@require_POST
def request_take(request, facilitator, pk):
    record = get_object_or_404(
        SubstituteRequest.objects.select_related("group__region", "requested_by"),
        pk=pk,
        group__region__in=facilitator.regions.all(),
    )
    try:
        covers.substitute_request_take(record=record, facilitator=facilitator)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _(
                "Thank you: you are facilitating %(group)s on %(day)s. It is in your calendar "
                "feed now."
            )
            % {"group": record.group.title, "day": long_date_no_year(record.original_date)},
        )
    return redirect("me:home")
