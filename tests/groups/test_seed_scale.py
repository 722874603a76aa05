"""seed_scale: a valid, deterministic synthetic network with the demo's variety."""

import datetime as dt

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction

from facilitators.models import FacilitatorProfile
from groups.models import Group, GroupFacilitator, SessionChange
from groups.scale import seed_scale
from regions.models import Region, Venue

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 11, 23)


def snapshot():
    return (
        list(
            Group.objects.order_by("slug").values_list(
                "slug", "title", "uuid", "start_date", "start_time", "is_public", "venue__slug"
            )
        ),
        [str(group.recurrences) for group in Group.objects.order_by("slug")],
        list(FacilitatorProfile.objects.order_by("feed_token").values_list("feed_token")),
        list(SessionChange.objects.order_by("group__slug").values_list("group__slug", "kind")),
    )


def test_the_same_seed_gives_the_same_network():
    with transaction.atomic():
        seed_scale(regions=2, groups_per_region=20, seed=7, today=TODAY)
        first = snapshot()
        transaction.set_rollback(True)
    seed_scale(regions=2, groups_per_region=20, seed=7, today=TODAY)
    assert snapshot() == first


def test_every_row_passes_the_models_own_validation():
    seed_scale(regions=2, groups_per_region=40, seed=3, today=TODAY)
    for model in (Region, Venue, FacilitatorProfile, Group, GroupFacilitator, SessionChange):
        for obj in model.objects.all():
            obj.full_clean()


def test_the_network_has_the_demos_variety():
    made = seed_scale(regions=3, groups_per_region=60, seed=1, today=TODAY)
    assert (made["regions"], made["groups"], made["venues"]) == (3, 180, 36)
    rules = {str(group.recurrences).split("FREQ=")[-1][:7] for group in Group.objects.all()}
    assert {"WEEKLY;", "MONTHLY"} <= rules
    assert Group.objects.filter(recurrences="").exists()  # one-off events
    assert Group.objects.filter(is_public=False).exists()
    assert set(Venue.objects.values_list("kind", flat=True)) == set(Venue.Kind.values) - {"other"}
    assert set(SessionChange.objects.values_list("kind", flat=True)) == {"cancelled", "moved"}
    assert GroupFacilitator.objects.filter(role="co").exists()


def test_the_command_refuses_a_database_that_has_regions(capsys):
    call_command("seed_scale", "--regions", "1", "--groups-per-region", "2")
    assert "Created 1 regions" in capsys.readouterr().out
    with pytest.raises(CommandError, match="already has regions"):
        call_command("seed_scale", "--regions", "1", "--groups-per-region", "2")
