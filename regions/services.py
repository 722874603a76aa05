from django.db import transaction

from peerhub.validation import validated_save

from .models import Coordinator, Region, Venue


@transaction.atomic
def region_create(**fields) -> Region:
    return validated_save(Region(**fields))


@transaction.atomic
def region_update(*, region: Region, **fields) -> Region:
    """Change a region; a new timezone moves every group to the new wall clock."""
    for name, value in fields.items():
        setattr(region, name, value)
    validated_save(region)
    region.groups.exclude(timezone=region.timezone).update(timezone=region.timezone)
    return region


@transaction.atomic
def venue_create(*, region: Region, **fields) -> Venue:
    return validated_save(Venue(region=region, **fields))


@transaction.atomic
def coordinator_add(*, user, region: Region) -> Coordinator:
    role, _ = Coordinator.objects.get_or_create(user=user, region=region)
    return role
