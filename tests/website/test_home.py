import datetime as dt

import pytest
from django.utils import timezone

from groups import sessions
from groups.models import Group
from groups.selectors import public_groups, sessions_between
from tests.factories import GroupFactory, RegionFactory, weekly

pytestmark = pytest.mark.django_db


def tomorrow_group(**fields):
    """A weekly group whose next session is tomorrow evening, local time."""
    day = timezone.localdate() + dt.timedelta(days=1)
    return GroupFactory(start_date=day, recurrences=weekly(day.weekday()), **fields)


def test_home_lists_public_sessions_and_hides_private_ones(client):
    public = tomorrow_group(title="Hearing Voices Group")
    tomorrow_group(title="Inpatient Peer Circle", is_public=False)
    tomorrow_group(title="Paused Group", status=Group.Status.PAUSED)
    response = client.get("/")
    assert response.status_code == 200
    [(day, sessions)] = response.context["days"]
    assert [s.group for s in sessions] == [public]
    assert "Inpatient Peer Circle" not in response.content.decode()


def test_home_shows_a_cancelled_session_struck_through_with_its_note(client):
    group = tomorrow_group(title="WRAP Group")
    sessions.session_cancel(
        group=group, original_date=group.start_date, public_note="Closed for the holiday"
    )
    html = client.get("/").content.decode()
    assert "<del>" in html
    assert "Cancelled" in html
    assert "Closed for the holiday" in html


def test_home_shows_each_region_with_its_contact_details(client):
    RegionFactory(name="Western Mass RLC", phone="413-555-0106")
    html = client.get("/").content.decode()
    assert "Western Mass RLC" in html
    assert 'href="tel:413-555-0106"' in html


def test_home_empty_state(client):
    response = client.get("/")
    assert response.context["days"] == []
    assert "No groups are scheduled in the next 7 days." in response.content.decode()


@pytest.mark.parametrize("count", [1, 3])
def test_home_query_count_does_not_grow_with_groups(client, django_assert_num_queries, count):
    for _ in range(count):
        group = tomorrow_group()
        sessions.session_cancel(group=group, original_date=group.start_date)
    # the network's version (the page kept whole), the regions, the public groups counted by
    # region (website.calendar_parts.too_many), groups with region and venue, their changes
    with django_assert_num_queries(5):
        response = client.get("/")
    assert sum(len(sessions) for _, sessions in response.context["days"]) == count


def test_sessions_between_includes_a_session_moved_in_from_outside_the_window():
    group = GroupFactory()  # Tuesdays from 2026-01-06, 6 pm
    sessions.session_move(
        group=group, original_date=dt.date(2026, 1, 6), new_date=dt.date(2026, 2, 26)
    )
    tz = group.schedule.tzinfo
    start = dt.datetime(2026, 2, 25, tzinfo=tz)
    found = sessions_between(public_groups(), start, start + dt.timedelta(days=3))
    assert [(s.occurrence.original_date, s.occurrence.start.date()) for s in found] == [
        (dt.date(2026, 1, 6), dt.date(2026, 2, 26)),
    ]


INVITATION = (
    '<section class="invitation" aria-labelledby="invitation">\n'
    '  <h2 id="invitation">Become a peer facilitator</h2>\n'
)


def test_home_invites_peers_to_facilitate_before_the_list_of_sessions(client):
    for _ in range(3):
        tomorrow_group()
    html = client.get("/").content.decode()
    assert INVITATION in html
    assert '<a href="/become-a-facilitator/">Find out how to become a peer facilitator</a>' in html
    # Near the top, not under the coming days (the footer's link is thousands of pixels down).
    assert html.index(INVITATION) < html.index('<h2 id="coming-up">')


def test_home_points_to_the_page_of_every_rlc(client):
    RegionFactory(slug="central", name="Central Mass RLC")
    html = client.get("/").content.decode()
    assert '<a href="/regions/">Every RLC and the towns where its groups meet</a>' in html


# Kept whole for visitors not signed in (website/visitor_pages.py): under the network's version
# and today's date, until the first of its sessions ends.


def this_afternoon_group(**fields):
    """A weekly group meeting on the page clock's day (Saturday 28 February 2026) at 1 pm,
    an hour after the clock's noon, for an hour."""
    day = dt.date(2026, 2, 28)
    return GroupFactory(
        start_date=day,
        recurrences=weekly(day.weekday()),
        start_time=dt.time(13, 0),
        duration_minutes=60,
        **fields,
    )


def test_the_kept_home_page_follows_a_change_at_once(client, page_clock):
    group = this_afternoon_group(title="Saturday Circle")
    assert "Saturday Circle" in client.get("/").content.decode()
    sessions.session_cancel(
        group=group, original_date=dt.date(2026, 2, 28), public_note="Closed for the storm"
    )
    assert "Closed for the storm" in client.get("/").content.decode()


def test_the_kept_home_page_follows_a_regions_new_phone(client, page_clock):
    from regions.services import region_update

    region = this_afternoon_group().region
    client.get("/")
    region_update(region=region, phone="413-555-0199")
    assert 'href="tel:413-555-0199"' in client.get("/").content.decode()


def test_a_session_that_has_ended_leaves_the_kept_home_page(client, monkeypatch, page_clock):
    from tests.page_clock import NOW

    this_afternoon_group(title="Saturday Circle")
    assert "Saturday Circle" in client.get("/").content.decode()
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(hours=1, minutes=59))
    assert "Saturday Circle" in client.get("/").content.decode()  # until 2 pm
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(hours=2, minutes=1))
    assert "Saturday Circle" not in client.get("/").content.decode()


def test_a_signed_in_visitor_gets_the_home_page_built(client):
    from tests.factories import UserFactory

    tomorrow_group(title="Hearing Voices Group")
    client.get("/")  # kept for visitors not signed in
    client.force_login(UserFactory())
    response = client.get("/")
    assert "Hearing Voices Group" in response.content.decode()
    assert response.context is not None  # rendered for this visitor, not taken whole
