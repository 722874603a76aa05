"""Reads of regions and venues, scoped to who is asking."""

from regions.models import Region, Venue


def regions_for_user(user):
    """The regions a user coordinates; every region for a superuser; none for anyone else."""
    if not user.is_authenticated or not user.is_active:
        return Region.objects.none()
    if user.is_superuser:
        return Region.objects.all()
    return Region.objects.filter(coordinators__user=user)


def venues_for_user(user):
    """The venues of the regions a user coordinates."""
    return Venue.objects.filter(region__in=regions_for_user(user)).select_related("region")


def is_coordinator(user) -> bool:
    """May this user open the console at /manage/ (a coordinator of any region, or a superuser)?"""
    return (
        user.is_authenticated
        and user.is_active
        and (user.is_superuser or user.coordinator_roles.exists())
    )
