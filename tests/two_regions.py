"""Two regions, each with a coordinator, venues, facilitators and public and private groups.

Everything a coordinator or facilitator of one region could reach in the other exists, so tests
can show that none of it leaks. The ``east`` and ``west`` fixtures (tests/conftest.py) build
them with the fixed clock of tests.page_clock: Saturday 28 February 2026, noon, Boston.
"""

import datetime as dt
from dataclasses import dataclass

from groups.models import Group
from groups.services import group_create
from groups.sessions import session_cancel
from tests.factories import (
    CoordinatorFactory,
    FacilitatorFactory,
    RegionFactory,
    UserFactory,
    VenueFactory,
    weekly,
)

TUESDAY = dt.date(2026, 3, 3)  # the first Tuesday session after the clock's "now"


@dataclass
class Side:
    region: object
    coordinator: object
    venue: object
    other_venue: object
    lead: object
    spare: object
    group: Group
    private_group: Group


def build_side(name, slug, number):
    region = RegionFactory(name=f"{name} RLC", slug=slug)
    coordinator = CoordinatorFactory(
        region=region, user=UserFactory(email=f"coordinator.{slug}@example.org")
    ).user
    venue = VenueFactory(region=region, name=f"{name} Library", slug=f"{slug}-library")
    other_venue = VenueFactory(region=region, name=f"{name} Peer Center", slug=f"{slug}-center")
    lead = FacilitatorFactory(
        display_name=f"Lead{number} A.", user=UserFactory(email=f"lead.{slug}@example.org")
    )
    spare = FacilitatorFactory(
        display_name=f"Spare{number} B.", user=UserFactory(email=f"spare.{slug}@example.org")
    )
    lead.regions.set([region])
    spare.regions.set([region])
    common = {
        "region": region,
        "start_date": dt.date(2026, 1, 6),
        "start_time": dt.time(18, 0),
        "duration_minutes": 90,
        "recurrences": weekly(1),
    }
    group = group_create(
        title=f"{name} Hearing Voices",
        slug=f"{slug}-hearing-voices",
        venue=venue,
        facilitators=[(lead, "lead")],
        **common,
    )
    private_group = group_create(
        title=f"{name} Inpatient Group",
        slug=f"{slug}-inpatient",
        venue=other_venue,
        is_public=False,
        audience=Group.Audience.HOSPITAL_PATIENTS,
        **common,
    )
    session_cancel(group=private_group, original_date=dt.date(2026, 3, 10), notify=False)
    return Side(region, coordinator, venue, other_venue, lead, spare, group, private_group)
