"""The data migration that keeps one first name in the public names already saved."""

import datetime as dt
import importlib

import pytest
from django.apps import apps

from facilitators.models import FacilitatorProfile
from groups.models import FeedVersion, Group
from tests.factories import FacilitatorFactory, GroupFacilitatorFactory, GroupFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("facilitators.migrations.0004_public_names_one_first_name")


def test_names_with_a_second_word_keep_only_the_first():
    # The factories save without validation, as rows saved under the old rule were.
    names = ["Maria Surname S.", "Mary Ann O.", "Maria José Santos S.", "Jean-Luc D.", "Lead1 A."]
    profiles = [FacilitatorFactory(display_name=name) for name in names]
    migration.keep_one_first_name(apps, None)
    assert [FacilitatorProfile.objects.get(pk=p.pk).display_name for p in profiles] == [
        "Maria S.",
        "Mary O.",
        "Maria S.",
        "Jean-Luc D.",
        "Lead1 A.",
    ]


def test_the_groups_and_feeds_that_showed_the_old_name_move_on():
    shown = GroupFacilitatorFactory(facilitator=FacilitatorFactory(display_name="Maria Surname S."))
    other = GroupFactory()
    FeedVersion.objects.update_or_create(  # the factories' saves gave it a version already
        key="network",
        defaults={"token": "old", "changed_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
    )
    before = {group.pk: group.sequence for group in Group.objects.all()}
    migration.keep_one_first_name(apps, None)
    after = {group.pk: group.sequence for group in Group.objects.all()}
    assert (after[shown.group.pk], after[other.pk]) == (
        before[shown.group.pk] + 1,
        before[other.pk],
    )
    assert FeedVersion.objects.get(key="network").token != "old"


def test_nothing_moves_when_every_name_keeps_the_rule():
    FacilitatorFactory(display_name="Maria S.")
    FeedVersion.objects.update_or_create(  # the factories' saves gave it a version already
        key="network",
        defaults={"token": "old", "changed_at": dt.datetime(2026, 1, 1, tzinfo=dt.UTC)},
    )
    migration.keep_one_first_name(apps, None)
    assert FeedVersion.objects.get(key="network").token == "old"
