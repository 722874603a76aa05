"""Locks are taken in one order, so changes made at the same moment wait for each other and
never deadlock (PostgreSQL would abort one of them: a server error for someone)."""

import threading
import time

import pytest
from django.db import DatabaseError, connection, transaction

from groups.freshness import groups_changed
from tests.factories import (
    FacilitatorFactory,
    GroupFacilitatorFactory,
    GroupFactory,
    RegionFactory,
    VenueFactory,
)

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="SQLite has one writer at a time, so there is no lock order to get wrong",
    ),
]


def test_a_change_to_several_groups_and_one_to_a_single_group_at_once_both_commit():
    """A snow day moves its groups' feeds one group after another in one transaction; a cover
    or a cancellation of another group that shares a facilitator moves that facilitator's feed
    too. Feed versions are taken network first, so the second waits instead of deadlocking."""
    region = RegionFactory()
    venue = VenueFactory(region=region)
    first, second, third = (GroupFactory(region=region, venue=venue) for _ in range(3))
    shared = FacilitatorFactory()
    GroupFacilitatorFactory(group=second, facilitator=shared)
    GroupFacilitatorFactory(group=third, facilitator=shared)
    first_done, release = threading.Event(), threading.Event()
    outcome = {}

    def several():
        try:
            with transaction.atomic():
                groups_changed(group_ids=[first.pk])
                first_done.set()
                release.wait(10)  # hold the first group's feed versions while `one` starts
                groups_changed(group_ids=[second.pk])
            outcome["several"] = "committed"
        except DatabaseError as error:
            outcome["several"] = type(error.__cause__).__name__
        finally:
            connection.close()

    def one():
        try:
            first_done.wait(10)
            with transaction.atomic():
                groups_changed(group_ids=[third.pk])
            outcome["one"] = "committed"
        except DatabaseError as error:
            outcome["one"] = type(error.__cause__).__name__
        finally:
            connection.close()

    threads = [threading.Thread(target=several), threading.Thread(target=one)]
    for thread in threads:
        thread.start()
    first_done.wait(10)
    time.sleep(0.5)  # `one` is now waiting for a feed version `several` holds
    assert outcome == {}
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == {"several": "committed", "one": "committed"}
