"""The dashboard: the fortnight's sessions, gaps, clashes, unconfirmed groups, recent changes."""

import datetime as dt

import pytest

from groups.models import Group
from groups.services import group_confirm_running, group_create
from groups.sessions import session_move
from tests.console.conftest import TUESDAY

pytestmark = pytest.mark.django_db


def test_this_week_and_next_list_every_session_private_ones_included(coordinator_client, east):
    weeks = coordinator_client.get("/manage/").context["weeks"]
    listed = [
        (day, row.group.title, row.occurrence.cancelled)
        for week in weeks
        for day, rows in week["days"]
        for row in rows
    ]
    last_week = TUESDAY - dt.timedelta(7)  # this week began on Monday 23 February
    assert listed == [
        (last_week, "Metro Boston Hearing Voices", False),
        (last_week, "Metro Boston Inpatient Group", False),
        (TUESDAY, "Metro Boston Hearing Voices", False),
        (TUESDAY, "Metro Boston Inpatient Group", False),
    ]
    assert [week["days"][0][0] for week in weeks] == [dt.date(2026, 2, 23), dt.date(2026, 3, 2)]


def test_sessions_with_no_facilitator_are_listed(coordinator_client, east):
    uncovered = coordinator_client.get("/manage/").context["uncovered"]
    # The private group has nobody; its cancelled session of 10 March is not a gap.
    assert [(r.group.title, r.occurrence.original_date) for r in uncovered] == [
        ("Metro Boston Inpatient Group", TUESDAY)
    ]


def test_clashes_of_place_and_person_are_listed(coordinator_client, east):
    session_move(
        group=east.group,
        original_date=TUESDAY,
        new_venue=east.other_venue,
        notify=False,
    )
    clashes = coordinator_client.get("/manage/").context["clashes"]
    assert [(c.kind, c.what, c.first.occurrence.original_date) for c in clashes] == [
        ("venue", "Metro Boston Peer Center", TUESDAY)
    ]


def test_groups_not_confirmed_for_90_days_are_listed(coordinator_client, east):
    group_confirm_running(group=east.group, on=dt.date(2026, 2, 1))
    group_confirm_running(group=east.private_group, on=dt.date(2025, 11, 29))
    unconfirmed = coordinator_client.get("/manage/").context["unconfirmed"]
    assert [group.title for group in unconfirmed] == ["Metro Boston Inpatient Group"]
    coordinator_client.post(f"/manage/groups/{east.private_group.slug}/confirm/")
    assert list(coordinator_client.get("/manage/").context["unconfirmed"]) == []


def test_recent_changes_name_who_did_what(coordinator_client, east, west):
    coordinator_client.post(
        f"/manage/groups/{east.group.slug}/sessions/{TUESDAY}/cancel/", {"reason": "Holiday"}
    )
    recent = coordinator_client.get("/manage/").context["recent"]
    # The test clock stands still: set-up and the cancellation share one instant.
    mine = [(e.what, e.group) for e in recent if e.who == "Alex Rivera"]
    assert mine == [("Cancelled the session of Tue 3 Mar 2026 (Holiday)", east.group)]
    assert {entry.group for entry in recent if entry.group} <= {east.group, east.private_group}


@pytest.mark.parametrize("extra", [0, 2])
def test_the_dashboard_makes_a_fixed_number_of_queries(
    coordinator_client, east, django_assert_num_queries, extra
):
    for number in range(extra):
        group_create(
            title=f"Extra {number}",
            slug=f"extra-{number}",
            region=east.region,
            venue=east.venue,
            facilitators=[(east.lead, "lead")],
            start_date=dt.date(2026, 1, 6),
            start_time=dt.time(18, 0),
            recurrences=east.group.recurrences,
        )
    # 21, and five for what has come in: new applications and unhandled feedback, each a
    # count and the newest few (tests/console/test_inbox.py), and new class requests' count
    with django_assert_num_queries(26):
        coordinator_client.get("/manage/")


@pytest.mark.parametrize("extra", [0, 2])
def test_the_group_list_makes_a_fixed_number_of_queries(
    coordinator_client, east, django_assert_num_queries, extra
):
    for number in range(extra):
        Group.objects.create(
            title=f"Extra {number}",
            slug=f"extra-{number}",
            region=east.region,
            start_date=dt.date(2026, 1, 6),
            start_time=dt.time(18, 0),
            timezone="America/New_York",
        )
    with django_assert_num_queries(6):
        coordinator_client.get("/manage/groups/")
