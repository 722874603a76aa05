"""Reads of facilitators."""

import hmac

from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX

from facilitators.models import FacilitatorInvitation, FacilitatorProfile, feed_token_digest
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


def facilitators_who_can_cover(region):
    """The facilitators of a region who could take one of its sessions today: active, with an
    account that is switched on and can sign in (its password set, so its invitation taken up).

    Someone invited minutes ago, who has not yet set a password, cannot reach "I'll take it".
    """
    return (
        facilitators_for_region(region)
        .filter(user__is_active=True)
        .exclude(user__password="")
        .exclude(user__password__startswith=UNUSABLE_PASSWORD_PREFIX)
    )


def invitations_for_user(user):
    """The invitations to facilitate waiting for ``user``'s answer, oldest first."""
    return FacilitatorInvitation.objects.filter(user=user).select_related("region", "invited_by")
