"""Reads of facilitators."""

import datetime as dt
import hmac

from django.db.models import Q

from facilitators.models import FacilitatorInvitation, FacilitatorProfile, feed_token_digest
from groups.models import Group, GroupFacilitator, SubstituteRequest
from groups.selectors import SessionRow, session_rows, sessions_between
from regions.models import Coordinator


def facilitator_for_feed_token(token: str) -> FacilitatorProfile | None:
    """The active facilitator whose private feed URL carries ``token``, or None.

    The lookup is by the token's SHA-256, so its timing reveals nothing about the token; the
    token itself is then compared in constant time.
    """
    profile = FacilitatorProfile.objects.filter(
        feed_token_digest=feed_token_digest(token), is_active=True
    ).first()
    if profile is None or not hmac.compare_digest(profile.feed_token, token):
        return None
    return profile


def facilitator_for_user(user) -> FacilitatorProfile | None:
    """The signed-in user's facilitator profile, if they have an active one."""
    if not user.is_authenticated:
        return None
    return FacilitatorProfile.objects.filter(user=user, is_active=True).first()


def upcoming_sessions(facilitator, *, now: dt.datetime, weeks: int = 8) -> list[SessionRow]:
    """The sessions ``facilitator`` runs or covers from now on, private ones included.

    A session of one of their groups that someone else covers is listed too (the page says who
    covers it). Four queries, whatever the number of groups.
    """
    groups = (
        Group.objects.filter(status=Group.Status.ACTIVE)
        .filter(Q(memberships__facilitator=facilitator) | Q(substitutes__substitute=facilitator))
        .distinct()
        .select_related("region", "venue")
    )
    rows = session_rows(sessions_between(groups, now, now + dt.timedelta(weeks=weeks)))
    regular = set(
        GroupFacilitator.objects.filter(facilitator=facilitator).values_list("group_id", flat=True)
    )
    return [
        row
        for row in rows
        if row.group.pk in regular or any(p.pk == facilitator.pk for p in row.facilitators)
    ]


def substitute_requests_for(facilitator, *, now: dt.datetime):
    """(their own open requests, open requests of their regions they could take), by date."""
    regions = list(facilitator.regions.values_list("pk", flat=True))
    found = (
        SubstituteRequest.objects.filter(
            status=SubstituteRequest.Status.OPEN, original_date__gte=now.date()
        )
        .filter(Q(requested_by=facilitator) | Q(group__region_id__in=regions))
        .select_related("group__region", "group__venue", "requested_by")
        .order_by("original_date", "group__title")
    )
    mine, others = [], []
    for record in found:
        (mine if record.requested_by_id == facilitator.pk else others).append(record)
    return mine, others


def coordinators_for(facilitator):
    """The coordinators of the regions a facilitator works in: who to call."""
    return Coordinator.objects.filter(region__in=facilitator.regions.all()).select_related(
        "user", "region"
    )


def facilitators_for_region(region):
    """Active facilitators who work in a region: the ones who may be assigned or asked there."""
    return FacilitatorProfile.objects.filter(regions=region, is_active=True).order_by(
        "display_name"
    )


def invitations_for_user(user):
    """The invitations to facilitate waiting for ``user``'s answer, oldest first."""
    return FacilitatorInvitation.objects.filter(user=user).select_related("region", "invited_by")
