"""The demo network (groups/demo.py) and the seed_demo command that loads it."""

import datetime as dt
from io import StringIO

import pytest
from django.contrib.auth import authenticate
from django.core.management import call_command
from django.core.management.base import CommandError
from recurrence import MONTHLY, WEEKLY

from accounts.models import User
from facilitators.models import FacilitatorProfile
from groups.demo import GROUPS, seed_demo
from groups.models import AccessFeature, Group, GroupFacilitator, Language, SessionChange
from regions.models import Coordinator, Region, Venue
from tests.factories import RegionFactory

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)  # a Monday
REGION_SLUGS = ["central", "metro-boston", "metro-suburban", "northeast", "southeast", "western"]
EVERYTHING = {
    "regions": 6,
    "venues": 37,
    "users": 47,
    "facilitators": 40,
    "groups": 66,
    "cancelled": 6,
    "moved": 1,
}
MODELS = [Region, Venue, Coordinator, User, FacilitatorProfile, Group, GroupFacilitator]


def model_counts():
    return {model.__name__: model.objects.count() for model in [*MODELS, SessionChange]}


def schedule_patterns(group):
    """The kinds of schedule one group has, in the words of the contract."""
    rules = group.recurrences.rrules
    if not rules and not group.recurrences.rdates:
        return {"one-off"}
    patterns = set()
    for rule in rules:
        indexes = {day.index or 0 for day in rule.byday}
        if rule.freq == WEEKLY:
            patterns.add("weekly" if rule.interval == 1 else f"every {rule.interval} weeks")
            if len(rule.byday) > 1:
                patterns.add("several days a week")
        elif rule.freq == MONTHLY and indexes == {-1}:
            patterns.add("last weekday of the month")
        elif rule.freq == MONTHLY and min(indexes) > 0:
            patterns.add("nth weekday of the month")
    return patterns


def test_seed_demo_builds_the_contract_network():
    created = seed_demo(today=TODAY)

    assert created == EVERYTHING
    assert sorted(Region.objects.values_list("slug", flat=True)) == REGION_SLUGS
    assert set(Region.objects.values_list("timezone", flat=True)) == {"America/New_York"}
    for region in Region.objects.all():
        assert bool(region.phone and region.address and region.description) is True
        assert region.email.endswith("@example.org") is True
        assert region.website.startswith("https://example.org/") is True
        assert set(region.venues.values_list("kind", flat=True)) == {
            kind for kind in Venue.Kind.values if kind != Venue.Kind.OTHER
        }
    for venue in Venue.objects.filter(kind=Venue.Kind.ONLINE):
        assert (venue.address, venue.address_is_public, bool(venue.join_details)) == (
            "",
            True,
            True,
        )

    assert FacilitatorProfile.objects.filter(is_active=True).count() == 40
    assert sorted(FacilitatorProfile.objects.values_list("user__email", flat=True)) == sorted(
        f"facilitator{n}@example.org" for n in range(1, 41)
    )
    ten = FacilitatorProfile.objects.get(user__email="facilitator10@example.org")
    assert (ten.user.first_name, ten.user.last_name, ten.display_name) == (
        "Mary Ann",
        "Sullivan",
        "Mary S.",  # one first name only (facilitators.services.display_name_for)
    )
    region_counts = {profile.regions.count() for profile in FacilitatorProfile.objects.all()}
    assert region_counts == {1, 2}

    for slug in REGION_SLUGS:
        coordinated = Coordinator.objects.filter(user__email=f"coordinator.{slug}@example.org")
        assert list(coordinated.values_list("region__slug", flat=True)) == [slug]
    admin = User.objects.get(email="admin@example.org")
    assert (admin.is_superuser, admin.is_staff) == (True, True)
    assert User.objects.filter(is_superuser=True).count() == 1
    for email in [
        "admin@example.org",
        "coordinator.western@example.org",
        "facilitator40@example.org",
    ]:
        assert authenticate(email=email, password="peerhub-demo") == User.objects.get(email=email)
    assert authenticate(email="facilitator40@example.org", password="wrong") is None

    assert Group.objects.count() == sum(len(rows) for rows in GROUPS.values()) == 66
    assert Group.objects.count() >= 60
    assert {region.slug: region.groups.count() for region in Region.objects.all()} == dict.fromkeys(
        REGION_SLUGS, 11
    )


def test_seed_demo_schedules_cover_every_pattern():
    seed_demo(today=TODAY)
    groups = list(Group.objects.prefetch_related("languages", "access_features", "memberships"))

    patterns = set().union(*(schedule_patterns(group) for group in groups))
    assert patterns == {
        "weekly",
        "every 2 weeks",
        "several days a week",
        "nth weekday of the month",
        "last weekday of the month",
        "one-off",
    }
    one_offs = {
        (group.title, group.kind, group.duration_minutes)
        for group in groups
        if schedule_patterns(group) == {"one-off"}
    }
    assert one_offs == {
        ("Peer Support 101", Group.Kind.CLASS, 180),
        ("Peer Facilitator Training", Group.Kind.CLASS, 360),
    }
    for group in groups:
        if schedule_patterns(group) == {"one-off"}:
            assert (
                TODAY + dt.timedelta(weeks=2) <= group.start_date <= TODAY + dt.timedelta(weeks=6)
            )
        else:
            assert group.start_date < TODAY
            assert group.schedule.meets_on(group.start_date) is True
    second_and_fourth = Group.objects.get(slug="central-peer-worker-support-group")
    assert second_and_fourth.schedule.session_dates(TODAY, TODAY + dt.timedelta(days=30)) == [
        dt.date(2026, 11, 24),
        dt.date(2026, 12, 8),
        dt.date(2026, 12, 22),
    ]
    last_friday = Group.objects.get(slug="western-peer-worker-support-group")
    assert last_friday.schedule.session_dates(TODAY, TODAY + dt.timedelta(days=70)) == [
        dt.date(2026, 11, 27),
        dt.date(2026, 12, 25),
        dt.date(2027, 1, 29),  # the fifth Friday
    ]

    assert {group.kind for group in groups} == set(Group.Kind.values)
    assert {group.audience for group in groups} == set(Group.Audience.values)
    peer_workers = [group for group in groups if group.kind == Group.Kind.PEER_WORKER_SUPPORT]
    assert {(g.region.slug, g.audience) for g in peer_workers} == {
        (slug, Group.Audience.PEER_WORKERS) for slug in REGION_SLUGS
    }
    inpatient = [g for g in groups if g.audience == Group.Audience.HOSPITAL_PATIENTS]
    assert {(g.region.slug, g.is_public, g.venue.kind) for g in inpatient} == {
        (slug, False, Venue.Kind.STATE_HOSPITAL) for slug in REGION_SLUGS
    }
    assert {code for g in groups for code in g.languages.values_list("code", flat=True)} == set(
        Language.objects.values_list("code", flat=True)
    ) - {"zh"}
    assert {slug for g in groups for slug in g.access_features.values_list("slug", flat=True)} == (
        set(AccessFeature.objects.values_list("slug", flat=True))
    )

    for group in groups:
        roles = sorted(membership.role for membership in group.memberships.all())
        assert roles.count(GroupFacilitator.Role.LEAD) == 1, group.slug
        facilitator_regions = {
            region.slug for profile in group.facilitators.all() for region in profile.regions.all()
        }
        assert group.region.slug in facilitator_regions, group.slug
        assert group.venue.region_id == group.region_id
        assert bool(group.description and group.how_to_join) is True


def test_seed_demo_session_changes_are_real_upcoming_sessions():
    seed_demo(today=TODAY)
    changes = list(SessionChange.objects.select_related("group", "new_venue"))

    kinds = [change.kind for change in changes]
    assert kinds.count(SessionChange.Kind.CANCELLED) == 6
    assert kinds.count(SessionChange.Kind.CANCELLED) >= 5
    assert len({change.group.region_id for change in changes}) == 6
    window = (TODAY, TODAY + dt.timedelta(days=56))
    assert [c for c in changes if not window[0] <= c.original_date <= window[1]] == []
    assert [c for c in changes if not c.group.schedule.meets_on(c.original_date)] == []
    assert [c for c in changes if not (c.public_note and c.private_note)] == []
    for change in changes:
        change.full_clean()

    moved = [change for change in changes if change.kind == SessionChange.Kind.MOVED]
    assert len(moved) == 1
    move = moved[0]
    assert (move.group.slug, move.original_date, move.new_date) == (
        "metro-boston-lgbtq-peer-support",
        dt.date(2026, 12, 1),
        None,
    )
    assert (move.new_start_time, move.new_venue.slug) == (
        dt.time(19, 0),
        "metro-boston-peer-center",
    )
    assert (move.group.start_time, move.group.venue.slug) == (
        dt.time(18, 0),
        "metro-boston-cambridge-library",
    )
    assert move.new_venue.region_id == move.group.region_id
    assert move.public_note == "This week only: we meet in the community room at 7 pm"


def test_seed_demo_groups_are_valid_and_keep_private_places_private():
    seed_demo(today=TODAY)

    for group in Group.objects.all():
        Group.objects.get(pk=group.pk).full_clean()
    for venue in Venue.objects.all():
        venue.full_clean()
    assert (
        Group.objects.filter(is_public=True, audience=Group.Audience.HOSPITAL_PATIENTS).count() == 0
    )
    private_kinds = [Venue.Kind.SHELTER, Venue.Kind.STATE_HOSPITAL]
    assert Venue.objects.filter(kind__in=private_kinds).count() == 12
    assert Venue.objects.filter(kind__in=private_kinds, address_is_public=True).count() == 0
    assert set(Venue.objects.filter(address_is_public=False).values_list("kind", flat=True)) == set(
        private_kinds
    )


def test_seed_demo_keeps_what_exists_and_adds_the_rest():
    RegionFactory(slug="central", name="Our own Central RLC")

    created = seed_demo(today=TODAY)

    assert created == {**EVERYTHING, "regions": 5}
    assert Region.objects.get(slug="central").name == "Our own Central RLC"
    assert Region.objects.count() == 6


def test_seed_demo_on_another_day_changes_nothing():
    seed_demo(today=TODAY)
    before = model_counts()

    created = seed_demo(today=TODAY + dt.timedelta(days=100))

    assert created == dict.fromkeys(EVERYTHING, 0)
    assert model_counts() == before


def test_seed_demo_command_twice_changes_nothing():
    first, second = StringIO(), StringIO()
    call_command("seed_demo", "--force", stdout=first)
    after_first = model_counts()

    call_command("seed_demo", "--force", stdout=second)

    assert model_counts() == after_first
    assert after_first == {
        "Region": 6,
        "Venue": 37,
        "Coordinator": 6,
        "User": 47,
        "FacilitatorProfile": 40,
        "Group": 66,
        "GroupFacilitator": 102,  # 66 leads and 36 co-facilitators
        "SessionChange": 7,
    }
    assert first.getvalue() == (
        "Created 6 regions, 37 venues, 47 users, 40 facilitators, 66 groups, "
        "6 cancelled sessions, 1 moved session.\n"
    )
    assert second.getvalue() == "The demo data is already loaded; nothing changed.\n"


def test_seed_demo_command_refuses_with_debug_off():
    with pytest.raises(CommandError, match="refuses to run with DEBUG off") as excinfo:
        call_command("seed_demo", stdout=StringIO())

    assert str(excinfo.value) == (
        "seed_demo loads demo sign-ins with a known password; it refuses to run with DEBUG off. "
        "Use --force if you really mean it."
    )
    assert Region.objects.count() == 0
    assert User.objects.count() == 0


def test_seed_demo_command_runs_with_debug_on_when_empty(settings):
    settings.DEBUG = True
    out = StringIO()

    call_command("seed_demo", "--if-empty", stdout=out)

    assert Region.objects.count() == 6
    assert out.getvalue().startswith("Created 6 regions,") is True


def test_seed_demo_command_if_empty_does_nothing_when_a_region_exists():
    RegionFactory()
    out = StringIO()

    call_command("seed_demo", "--force", "--if-empty", stdout=out)

    assert Region.objects.count() == 1
    assert User.objects.count() == 0
    assert out.getvalue() == "Regions already exist; --if-empty, so nothing changed.\n"
