"""Two facilitators take the same request at the same moment: exactly one of them gets it.

Two real connections, one per thread, on PostgreSQL and on SQLite (a file; see
peerhub/settings/test.py).
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from groups.covers import substitute_request_open, substitute_request_take
from groups.models import SessionSubstitute, SubstituteRequest
from tests.factories import FacilitatorFactory, UserFactory
from tests.two_regions import TUESDAY, build_side


@pytest.mark.django_db(transaction=True)
def test_exactly_one_of_two_simultaneous_takers_wins(page_clock):
    side = build_side("Metro Boston", "metro-boston", 1)
    third = FacilitatorFactory(display_name="Third C.", user=UserFactory(email="third@example.org"))
    third.regions.set([side.region])
    record = substitute_request_open(group=side.group, original_date=TUESDAY, facilitator=side.lead)
    start = threading.Barrier(2)
    outcome = {}

    def take(name, person):
        try:
            start.wait(5)
            substitute_request_take(
                record=SubstituteRequest.objects.get(pk=record.pk), facilitator=person
            )
            outcome[name] = "took it"
        except ValidationError as error:
            outcome[name] = error.messages[0]
        finally:
            connection.close()

    threads = [
        threading.Thread(target=take, args=("spare", side.spare)),
        threading.Thread(target=take, args=("third", third)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(10)
    assert sorted(outcome.values()) == [
        "Someone else took this session a moment ago, or it was withdrawn.",
        "took it",
    ]
    winner = SubstituteRequest.objects.get(pk=record.pk).taken_by
    assert list(SessionSubstitute.objects.values_list("substitute", "replaces")) == [
        (winner.pk, side.lead.pk)
    ]
