import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from groups.models import Group
from regions import services
from regions.models import Region, Venue
from tests.factories import GroupFactory, RegionFactory

pytestmark = pytest.mark.django_db


def region_fields(**overrides):
    fields = {"name": "Central Mass RLC", "slug": "central", "timezone": "America/New_York"}
    fields.update(overrides)
    return fields


def test_region_with_unknown_timezone_is_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.region_create(**region_fields(timezone="America/Worcester"))
    assert excinfo.value.message_dict == {
        "timezone": [
            "“America/Worcester” is not a timezone name. Use an IANA name such as America/New_York."
        ]
    }
    assert Region.objects.count() == 0


def test_region_duplicate_slug_is_refused():
    services.region_create(**region_fields())
    with pytest.raises(ValidationError) as excinfo:
        services.region_create(**region_fields(name="Another RLC"))
    assert excinfo.value.message_dict == {"slug": ["Region with this Slug already exists."]}
    assert Region.objects.count() == 1


def test_region_timezone_change_moves_its_groups_to_the_new_wall_clock():
    group = GroupFactory()
    other_region_group = GroupFactory()
    services.region_update(region=group.region, timezone="America/Chicago")
    assert list(Group.objects.order_by("pk").values_list("timezone", flat=True)) == [
        "America/Chicago",
        "America/New_York",
    ]
    group.refresh_from_db()
    assert group.schedule.first_start.isoformat() == "2026-01-06T18:00:00-06:00"
    assert other_region_group.region.timezone == "America/New_York"


def venue_fields(region, **overrides):
    fields = {
        "region": region,
        "name": "Worcester Public Library",
        "slug": "worcester-library",
        "kind": Venue.Kind.LIBRARY,
        "address": "3 Salem Square",
        "town": "Worcester",
    }
    fields.update(overrides)
    return fields


def test_venue_private_address_shows_the_town_only():
    region = RegionFactory()
    shelter = services.venue_create(
        **venue_fields(region, kind=Venue.Kind.SHELTER, slug="shelter", address_is_public=False)
    )
    library = services.venue_create(**venue_fields(region))
    assert (shelter.public_location, library.public_location) == (
        "Worcester",
        "3 Salem Square, Worcester",
    )


def test_venue_needs_both_coordinates_or_neither():
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(**venue_fields(RegionFactory(), latitude="42.26"))
    assert excinfo.value.message_dict == {
        "longitude": ["Give both the latitude and the longitude, or neither."]
    }
    assert Venue.objects.count() == 0


def test_venue_coordinates_out_of_range_are_refused():
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(**venue_fields(RegionFactory(), latitude="95", longitude="-71.8"))
    assert list(excinfo.value.message_dict) == ["latitude"]


def test_venue_in_a_building_needs_a_town():
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(**venue_fields(RegionFactory(), town=""))
    assert excinfo.value.message_dict == {
        "town": ["A venue needs its town; the public sees at least that."]
    }


def test_online_venue_needs_join_details_not_a_town():
    region = RegionFactory()
    with pytest.raises(ValidationError) as excinfo:
        services.venue_create(
            **venue_fields(region, kind=Venue.Kind.ONLINE, address="", town="", slug="zoom")
        )
    assert excinfo.value.message_dict == {
        "join_details": ["An online venue needs its joining details."]
    }
    venue = services.venue_create(
        **venue_fields(
            region, kind=Venue.Kind.ONLINE, address="", town="", slug="zoom", join_details="Call us"
        )
    )
    assert venue.public_location == "Online"


def test_coordinator_add_is_idempotent():
    region = RegionFactory()
    from tests.factories import UserFactory

    user = UserFactory()
    first = services.coordinator_add(user=user, region=region)
    again = services.coordinator_add(user=user, region=region)
    assert (first.pk, list(region.coordinators.all())) == (again.pk, [first])


def test_start_date_fixture_is_a_tuesday():
    # The factories rely on it; a wrong constant would make many tests vacuous.
    assert dt.date(2026, 1, 6).strftime("%A") == "Tuesday"


LAT, LON = Decimal("42.26"), Decimal("-71.8")


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        pytest.param({}, (LAT, LON), id="public-address"),
        pytest.param({"address_is_public": False}, None, id="private-address"),
        pytest.param({"kind": Venue.Kind.ONLINE}, None, id="online"),
        pytest.param({"latitude": None, "longitude": None}, None, id="unknown"),
    ],
)
def test_venue_public_coordinates(fields, expected):
    venue = Venue(**{"kind": Venue.Kind.LIBRARY, "latitude": LAT, "longitude": LON, **fields})
    assert venue.public_coordinates == expected
