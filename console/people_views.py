"""The console's people: the facilitators of your regions, and invitations to facilitate or
coordinate."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Prefetch
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from console.access import coordinator_required
from console.forms import add_service_errors
from console.people_forms import InviteForm
from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from facilitators.services import facilitator_invite
from groups.models import Group, GroupFacilitator
from regions.selectors import regions_for_user
from regions.services import coordinator_invite


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
    form = InviteForm(request.POST or None, regions=regions)
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
                done = _(
                    "Invitation sent to %(email)s. Once they accept it, they facilitate with "
                    "%(region)s and you can add them to groups."
                ) % {"email": data["email"], "region": data["region"].name}
            else:
                coordinator_invite(
                    email=data["email"], region=data["region"], invited_by=request.user
                )
                done = _(
                    "Invitation sent to %(email)s. The link in it lets them set a password."
                ) % {"email": data["email"]}
        except ValidationError as error:
            add_service_errors(form, error, {"display_name": "first_name"})
        else:
            messages.success(request, done)
            return redirect("manage:facilitators")
    return render(request, "console/invite.html", {"form": form})
