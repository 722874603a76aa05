from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction

from peerhub.accounts.services import user_invite
from peerhub.validation import validated_save

from .models import FacilitatorProfile, new_feed_token


def display_name_for(first_name: str, last_name: str) -> str:
    """The public form of a name: “Maria S.”."""
    first = first_name.strip()
    return f"{first} {last_name.strip()[:1].upper()}." if last_name.strip() else first


@transaction.atomic
def facilitator_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    regions=(),
    password: str | None = None,
    display_name: str = "",
    **fields,
) -> FacilitatorProfile:
    """A facilitator's account and profile, in one step; nothing is kept if either is invalid."""
    user = get_user_model().objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    profile = FacilitatorProfile(
        user=user, display_name=display_name or display_name_for(first_name, last_name), **fields
    )
    validated_save(profile)
    profile.regions.set(regions)
    return profile


@transaction.atomic
def facilitator_invite(*, email: str, display_name: str, regions, invited_by) -> FacilitatorProfile:
    """Invite someone to facilitate in ``regions``: their account (new or existing), a profile
    with the public ``display_name`` ("Maria S."), and the invitation email once it is all saved.
    """
    regions = list(regions)
    role = "facilitator"
    if regions:
        role += " in " + " and ".join(region.name for region in regions)
    user = user_invite(email=email, invited_by=invited_by, role_description=role)
    if FacilitatorProfile.objects.filter(user=user).exists():
        raise ValidationError({"email": f"{user.email} is already a facilitator."})
    profile = validated_save(FacilitatorProfile(user=user, display_name=display_name))
    profile.regions.set(regions)
    return profile


@transaction.atomic
def facilitator_rotate_feed_token(*, facilitator: FacilitatorProfile) -> str:
    """Give the facilitator a new private feed URL; the old one stops working at once."""
    facilitator.feed_token = new_feed_token()
    facilitator.save(update_fields=["feed_token", "updated_at"])
    return facilitator.feed_token
