"""The network the feed assembly tests share (tests/publishing/test_feed_assembly.py and
test_stored_events.py)."""

import datetime as dt

import pytest

from groups.freshness import groups_changed
from groups.models import Group
from groups.scale import seed_scale
from groups.selectors import public_groups
from groups.sessions import session_cancel, session_move

TODAY = dt.date(2026, 11, 23)


@pytest.fixture
def network():
    """Two regions of twelve groups of every schedule kind, one of them private, with a session
    cancelled and one moved to another day (which its timezone's VTIMEZONE must cover too)."""
    seed_scale(regions=2, groups_per_region=12, seed=3, today=TODAY)
    first, second, third = public_groups().filter(region__slug="region-001").order_by("slug")[:3]
    Group.objects.filter(pk=first.pk).update(is_public=False)
    groups_changed(group_ids=[first.pk])
    day = second.schedule.next_session_date(TODAY)
    session_cancel(group=second, original_date=day, public_note="Closed", notify=False)
    day = third.schedule.next_session_date(TODAY)
    session_move(group=third, original_date=day, new_date=day + dt.timedelta(days=9), notify=False)
    return Group.objects.order_by("pk")
