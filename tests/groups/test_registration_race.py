"""Many people register for the last seats at the same moment: exactly as many are confirmed as
there are seats, the rest wait. Real connections, one per thread, competing for the group's row
lock (groups/locks.py), as gunicorn's workers would.

PostgreSQL only: SQLite has no row locks (each transaction holds the whole file), so there the
question does not arise in the same way.
"""

import threading

import pytest
from django.db import connection

from groups.models import Group, Registration
from groups.registrations import registration_create
from tests.page_clock import NOW
from tests.two_regions import TUESDAY, build_side

PEOPLE = 8
SEATS = 3


@pytest.mark.django_db(transaction=True)
def test_exactly_as_many_confirmed_as_seats_when_all_register_at_once(page_clock):
    if connection.vendor != "postgresql":
        pytest.skip("the seat race needs PostgreSQL's row locks (set DATABASE_URL=postgres://...)")
    side = build_side("Metro Boston", "metro-boston", 1)
    Group.objects.filter(pk=side.group.pk).update(seats=SEATS)
    start = threading.Barrier(PEOPLE)
    outcome = []

    def register(number):
        try:
            start.wait(10)
            registration = registration_create(
                group=Group.objects.get(pk=side.group.pk),
                session_date=TUESDAY,
                first_name=f"Person{number}",
                email=f"person{number}@example.org",
                now=NOW,
            )
            outcome.append(registration.status)
        except Exception as error:  # noqa: BLE001 - the test reports what went wrong
            outcome.append(f"{type(error).__name__}: {error}")
        finally:
            connection.close()

    threads = [threading.Thread(target=register, args=(n,)) for n in range(PEOPLE)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(30)
    assert sorted(outcome) == sorted(["confirmed"] * SEATS + ["waiting"] * (PEOPLE - SEATS))
    saved = Registration.objects.filter(group=side.group, session_date=TUESDAY)
    assert saved.filter(status="confirmed").count() == SEATS
    assert saved.filter(status="waiting").count() == PEOPLE - SEATS
