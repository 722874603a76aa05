import datetime as dt

import factory
from recurrence import WEEKLY, Recurrence, Rule

from accounts.models import User
from facilitators.models import FacilitatorProfile
from groups.models import Group, GroupFacilitator, SessionChange
from regions.models import Coordinator, Region, Venue


def weekly(*weekdays, interval=1):
    """A django-recurrence rule set meeting weekly on the given weekday numbers (0 = Monday)."""
    return Recurrence(rrules=[Rule(WEEKLY, interval=interval, byday=list(weekdays))])


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        django_get_or_create = ["email"]

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = "Alex"
    last_name = "Rivera"
    password = factory.django.Password("peerhub-test")


class RegionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Region

    name = factory.Sequence(lambda n: f"Region {n} RLC")
    slug = factory.Sequence(lambda n: f"region-{n}")
    phone = "508-555-0100"
    email = factory.Sequence(lambda n: f"rlc{n}@example.org")
    timezone = "America/New_York"


class VenueFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Venue

    region = factory.SubFactory(RegionFactory)
    name = factory.Sequence(lambda n: f"Venue {n}")
    slug = factory.Sequence(lambda n: f"venue-{n}")
    kind = Venue.Kind.LIBRARY
    address = "1 Main Street"
    town = "Worcester"


class CoordinatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Coordinator

    user = factory.SubFactory(UserFactory)
    region = factory.SubFactory(RegionFactory)


class FacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = FacilitatorProfile

    user = factory.SubFactory(UserFactory)
    display_name = "Maria S."


class GroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Group

    title = factory.Sequence(lambda n: f"Group {n}")
    slug = factory.Sequence(lambda n: f"group-{n}")
    region = factory.SubFactory(RegionFactory)
    venue = factory.SubFactory(VenueFactory, region=factory.SelfAttribute("..region"))
    start_date = dt.date(2026, 1, 6)  # a Tuesday
    start_time = dt.time(18, 0)
    duration_minutes = 90
    timezone = factory.SelfAttribute("region.timezone")
    recurrences = factory.LazyFunction(lambda: weekly(1))


class GroupFacilitatorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = GroupFacilitator

    group = factory.SubFactory(GroupFactory)
    facilitator = factory.SubFactory(FacilitatorFactory)
    role = GroupFacilitator.Role.LEAD


class SessionChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionChange

    group = factory.SubFactory(GroupFactory)
    original_date = dt.date(2026, 1, 13)
    kind = SessionChange.Kind.CANCELLED
