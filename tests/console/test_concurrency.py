"""No lost updates: of two coordinators saving the same group at once, the second is refused.

Two real connections (each thread has its own): the first save holds its transaction open while
the second one starts, so the second really waits on the first: for the group's row lock on
PostgreSQL, for the database's write lock on SQLite (a file; see peerhub/settings/test.py).
"""

import threading
import time

import pytest
from django.db import connection, transaction

from groups.models import Group
from groups.services import EditConflict, group_update
from tests.factories import GroupFactory


@pytest.mark.django_db(transaction=True)
def test_the_second_of_two_simultaneous_saves_is_refused_and_the_first_kept():
    group = GroupFactory(title="Hearing Voices")
    first_saved, release = threading.Event(), threading.Event()
    outcome = {}

    def first():
        try:
            with transaction.atomic():
                group_update(
                    group=Group.objects.get(pk=group.pk), expected_version=0, title="First"
                )
                first_saved.set()
                release.wait(10)  # keep the transaction (and the row) open
            outcome["first"] = "saved"
        finally:
            connection.close()

    def second():
        try:
            first_saved.wait(10)
            group_update(group=Group.objects.get(pk=group.pk), expected_version=0, title="Second")
            outcome["second"] = "saved"
        except EditConflict as error:
            outcome["second"] = error.code
        finally:
            connection.close()

    threads = [threading.Thread(target=first), threading.Thread(target=second)]
    for thread in threads:
        thread.start()
    first_saved.wait(10)
    time.sleep(0.5)  # the second save now waits for the row lock (SQLite: the write lock)
    assert "second" not in outcome
    release.set()
    for thread in threads:
        thread.join(10)
    assert outcome == {"first": "saved", "second": "conflict"}
    assert Group.objects.values_list("title", "version").get(pk=group.pk) == ("First", 1)


@pytest.mark.django_db(transaction=True)
def test_saves_one_after_the_other_from_fresh_forms_both_land():
    group = GroupFactory(title="Hearing Voices")
    group_update(group=Group.objects.get(pk=group.pk), expected_version=0, title="First")
    group_update(group=Group.objects.get(pk=group.pk), expected_version=1, title="Second")
    assert Group.objects.values_list("title", "version").get(pk=group.pk) == ("Second", 2)
