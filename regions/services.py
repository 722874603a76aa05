from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from accounts.services import user_invite
from core.text import written_when_read
from core.validation import validated_save
from regions.models import Coordinator, Region, Venue


@transaction.atomic
def region_create(**fields) -> Region:
    return validated_save(Region(**fields))


@transaction.atomic
def region_update(*, region: Region, **fields) -> Region:
    """Change a region; a new timezone moves every group to the new wall clock.

    Its name, contact details and timezone are in every feed of its groups: saving it moves
    them all (groups/freshness.py hears the save).
    """
    for name, value in fields.items():
        setattr(region, name, value)
    validated_save(region)
    region.groups.exclude(timezone=region.timezone).update(timezone=region.timezone)
    return region


@transaction.atomic
def venue_create(*, region: Region, **fields) -> Venue:
    return validated_save(Venue(region=region, **fields))


@transaction.atomic
def venue_update(*, venue: Venue, **fields) -> Venue:
    """Change a venue; its name and address are the location of its groups' sessions."""
    for name, value in fields.items():
        setattr(venue, name, value)
    return validated_save(venue)


@transaction.atomic
def coordinator_add(*, user, region: Region) -> Coordinator:
    role, _ = Coordinator.objects.get_or_create(user=user, region=region)
    return role


@transaction.atomic
def coordinator_invite(*, email: str, region: Region, invited_by) -> Coordinator:
    """Invite someone to coordinate ``region``: their account (new or existing), the role, and
    the invitation email once both are saved.

    The answer is the same for a new address and for someone of another region: a switched-off
    account gets the role, which does nothing while it is switched off, and no email (see
    ``user_invite``); inviting again answers "already a coordinator" for everyone alike.
    """
    user = user_invite(
        email=email,
        invited_by=invited_by,
        # Read in the invitee's language when the email is written.
        role_description=written_when_read(
            lambda: gettext("coordinator of %(region)s") % {"region": region.name}
        ),
    )
    if Coordinator.objects.filter(user=user, region=region).exists():
        raise ValidationError({"email": f"{user.email} is already a coordinator of {region.name}."})
    return validated_save(Coordinator(user=user, region=region))
