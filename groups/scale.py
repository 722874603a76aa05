"""A synthetic network for benchmarks: ``manage.py seed_scale``. Deterministic for a seed.

The same variety as the demo network (every schedule kind, every kind of venue, private
inpatient groups, lead and co-facilitators, cancelled and moved sessions), at any size. It writes
with ``bulk_create`` in batches: a national network (60 regions × 300 groups) loads in well under
a minute. Rows are checked by construction, not by ``full_clean`` (each rule starts on one of
its own meeting days, each venue belongs to its group's region); no history rows are written,
since nobody made these changes.
"""

from __future__ import annotations

import base64
import datetime as dt
import random
import uuid

import recurrence
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.utils import timezone

from facilitators.models import FacilitatorProfile, feed_token_digest
from groups import freshness
from groups.demo import first_meeting
from groups.models import Group, GroupFacilitator, SessionChange
from regions.models import Coordinator, Region, Venue

BATCH = 2000
TIMEZONE = "America/New_York"
VENUES_PER_REGION = 12
FACILITATORS_PER_GROUP = 0.8  # a region has about this many facilitators per group
CHANGE_SHARE = 0.1  # about one group in ten has a cancelled or moved session soon

# Every schedule kind the demo has, with how often it comes up.
SCHEDULES = [
    ("WEEKLY;BYDAY=MO", 14),
    ("WEEKLY;BYDAY=TU", 14),
    ("WEEKLY;BYDAY=WE", 14),
    ("WEEKLY;BYDAY=TH", 14),
    ("WEEKLY;BYDAY=FR", 8),
    ("WEEKLY;BYDAY=SA", 4),
    ("WEEKLY;INTERVAL=2;BYDAY=TU", 6),
    ("WEEKLY;INTERVAL=2;BYDAY=TH", 6),
    ("WEEKLY;BYDAY=MO,WE,FR", 5),
    ("MONTHLY;BYDAY=2TU,4TU", 5),
    ("MONTHLY;BYDAY=1MO,3MO", 4),
    ("MONTHLY;BYDAY=-1SA", 3),
    ("MONTHLY;BYDAY=-1TH", 3),
    (None, 2),  # a one-off event: a class or a training
]
VENUE_KINDS = [
    (Venue.Kind.LIBRARY, 3),
    (Venue.Kind.PEER_CENTER, 3),
    (Venue.Kind.CHURCH, 2),
    (Venue.Kind.ONLINE, 2),
    (Venue.Kind.SHELTER, 1),
    (Venue.Kind.STATE_HOSPITAL, 1),
]
TITLES = [
    "Peer Support Group",
    "Hearing Voices Group",
    "WRAP Group",
    "Alternatives to Suicide",
    "Drop-In Peer Support",
    "Creative Expression",
    "LGBTQ+ Peer Support",
    "Peer Worker Support Group",
    "Men's Peer Support",
    "Women's Peer Support",
]
START_TIMES = [dt.time(10), dt.time(12), dt.time(13, 30), dt.time(15), dt.time(18), dt.time(18, 30)]
FIRST_NAMES = ["Maria", "James", "Aisha", "Wei", "Rosa", "Dana", "Kofi", "Emily", "Luis", "Mai"]


def _pick(rng: random.Random, weighted):
    values, weights = zip(*weighted, strict=True)
    return rng.choices(values, weights=weights)[0]


def _noon(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(12))


@transaction.atomic
def seed_scale(*, regions: int, groups_per_region: int, seed: int, today: dt.date) -> dict:
    """Load the network into a database with no regions yet; the counts of what was made."""
    rng = random.Random(seed)
    now = timezone.now()
    password = make_password(None)  # nobody signs in as a synthetic person
    region_rows = Region.objects.bulk_create(
        [
            Region(
                name=f"Region {number:03d} RLC",
                slug=f"region-{number:03d}",
                phone=f"555-01{number % 100:02d}",
                email=f"rlc{number:03d}@example.org",
                timezone=TIMEZONE,
            )
            for number in range(1, regions + 1)
        ],
        batch_size=BATCH,
    )
    venues = Venue.objects.bulk_create(
        [
            _venue(rng, region, number)
            for region in region_rows
            for number in range(1, VENUES_PER_REGION + 1)
        ],
        batch_size=BATCH,
    )
    venues_by_region: dict[int, list[Venue]] = {}
    for venue in venues:
        venues_by_region.setdefault(venue.region_id, []).append(venue)

    people_per_region = max(2, round(groups_per_region * FACILITATORS_PER_GROUP))
    users = get_user_model().objects.bulk_create(
        [
            get_user_model()(
                email=f"facilitator.{region.slug}.{number}@example.org",
                first_name=rng.choice(FIRST_NAMES),
                last_name="Synthetic",
                password=password,
            )
            for region in region_rows
            for number in range(1, people_per_region + 1)
        ]
        + [
            get_user_model()(email=f"coordinator.{region.slug}@example.org", password=password)
            for region in region_rows
        ],
        batch_size=BATCH,
    )
    facilitator_users = users[: regions * people_per_region]
    coordinator_users = users[regions * people_per_region :]
    profiles = []
    for user in facilitator_users:
        # Random like a real token, but the same for the same seed.
        token = base64.urlsafe_b64encode(rng.randbytes(32)).rstrip(b"=").decode()
        profiles.append(
            FacilitatorProfile(
                user=user,
                display_name=f"{user.first_name} {chr(65 + rng.randrange(26))}.",
                feed_token=token,
                feed_token_digest=feed_token_digest(token),
            )
        )
    profiles = FacilitatorProfile.objects.bulk_create(profiles, batch_size=BATCH)
    Through = FacilitatorProfile.regions.through
    Through.objects.bulk_create(
        [
            Through(facilitatorprofile_id=profile.pk, region_id=region.pk)
            for index, region in enumerate(region_rows)
            for profile in profiles[index * people_per_region : (index + 1) * people_per_region]
        ],
        batch_size=BATCH,
    )
    Coordinator.objects.bulk_create(
        [
            Coordinator(user=user, region=region)
            for user, region in zip(coordinator_users, region_rows, strict=True)
        ],
        batch_size=BATCH,
    )

    groups = []
    for region in region_rows:
        for number in range(1, groups_per_region + 1):
            groups.append(_group(rng, region, number, venues_by_region[region.pk], today, now))
    groups = Group.objects.bulk_create(groups, batch_size=BATCH)

    memberships = []
    for index, group in enumerate(groups):
        team = profiles[
            (index // groups_per_region) * people_per_region : (index // groups_per_region + 1)
            * people_per_region
        ]
        chosen = rng.sample(team, k=min(len(team), rng.choice([1, 1, 2])))
        memberships += [
            GroupFacilitator(
                group=group,
                facilitator=person,
                role=GroupFacilitator.Role.LEAD if position == 0 else GroupFacilitator.Role.CO,
            )
            for position, person in enumerate(chosen)
        ]
    GroupFacilitator.objects.bulk_create(memberships, batch_size=BATCH)

    changes = []
    for group in groups:
        if group.recurrences.rrules and rng.random() < CHANGE_SHARE:
            upcoming = group.schedule.session_dates(today, today + dt.timedelta(weeks=8))
            if upcoming:
                day = rng.choice(upcoming)
                if len(changes) % 5 != 4:  # four cancellations to one move
                    changes.append(
                        SessionChange(
                            group=group,
                            original_date=day,
                            kind=SessionChange.Kind.CANCELLED,
                            public_note="Closed for the holiday.",
                        )
                    )
                else:
                    changes.append(
                        SessionChange(
                            group=group,
                            original_date=day,
                            kind=SessionChange.Kind.MOVED,
                            new_start_time=dt.time(19),
                            public_note="Later this week.",
                        )
                    )
    SessionChange.objects.bulk_create(changes, batch_size=BATCH)
    # bulk_create sends no signal: the feeds of the new groups move, as their saves would.
    freshness.groups_created(group_ids=[group.pk for group in groups])
    return {
        "regions": len(region_rows),
        "venues": len(venues),
        "facilitators": len(profiles),
        "groups": len(groups),
        "private groups": sum(1 for group in groups if not group.is_public),
        "session changes": len(changes),
    }


def _venue(rng: random.Random, region: Region, number: int) -> Venue:
    kind = _pick(rng, VENUE_KINDS)
    private = kind in (Venue.Kind.SHELTER, Venue.Kind.STATE_HOSPITAL)
    online = kind == Venue.Kind.ONLINE
    return Venue(
        region=region,
        name=f"{Venue.Kind(kind).label} {number} ({region.slug})",
        slug=f"{region.slug}-venue-{number:02d}",
        kind=kind,
        address="" if online else f"{number} Main Street",
        town="" if online else f"Town {region.pk}-{number % 5}",
        address_is_public=not private,
        join_details="Call the RLC for the link." if online else "",
    )


def _group(rng, region, number, venues, today, now) -> Group:
    schedule = _pick(rng, SCHEDULES)
    venue = rng.choice(venues)
    inpatient = venue.kind == Venue.Kind.STATE_HOSPITAL and rng.random() < 0.7
    if schedule is None:
        rules = recurrence.Recurrence()
        start_date = today + dt.timedelta(days=rng.randrange(3, 60))
    else:
        rules = recurrence.deserialize(f"RRULE:FREQ={schedule}")
        start_date = first_meeting(
            rules.rrules[0], today - dt.timedelta(weeks=rng.randrange(4, 60))
        )
    return Group(
        uuid=uuid.UUID(int=rng.getrandbits(128), version=4),
        title=f"{rng.choice(TITLES)} {number}",
        slug=f"{region.slug}-group-{number:04d}",
        kind=Group.Kind.CLASS if schedule is None else Group.Kind.SELF_HELP,
        audience=Group.Audience.HOSPITAL_PATIENTS if inpatient else Group.Audience.EVERYONE,
        is_public=not inpatient,
        region=region,
        venue=venue,
        start_date=start_date,
        start_time=rng.choice(START_TIMES),
        duration_minutes=180 if schedule is None else rng.choice([60, 90, 90, 120]),
        timezone=region.timezone,
        recurrences=rules,
        last_confirmed_on=today - dt.timedelta(days=rng.randrange(0, 150)),
        created_at=now,
        updated_at=now,
    )
