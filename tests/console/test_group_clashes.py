"""A new group, or a group's new schedule or place, that clashes with another group's sessions.

The same check as a move's (groups/clashes.py): the clash is listed, nothing is saved, and the
group is saved only when "Save it anyway" is ticked. Online venues never clash.
"""

import datetime as dt

import pytest

from groups.models import Group
from regions.models import Venue
from tests.console.test_groups import edit_data, group_data
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

CLASH_MESSAGE = (
    "This group's sessions would clash with other sessions (listed above). Change the time or "
    "place, or tick this box to save it anyway."
)


def tuesdays_at_the_library(side, **changes):
    # east.group meets at the library on Tuesdays, 6 to 7:30 pm.
    at = {"pattern": "weekly", "weekdays": ["1"], "start_time": "18:30", "end_time": "20:00"}
    return group_data(side, **{**at, **changes})


def test_a_new_group_in_a_place_already_in_use_is_listed_and_not_saved(coordinator_client, east):
    count = Group.objects.count()
    response = coordinator_client.post("/manage/groups/new/", tuesdays_at_the_library(east))
    assert response.status_code == 400
    clashes = response.context["clashes"]
    assert [(c.kind, c.what, c.second.group.title) for c in clashes[:1]] == [
        ("venue", "Metro Boston Library", "Metro Boston Hearing Voices")
    ]
    assert {c.second.occurrence.start.date() for c in clashes} >= {
        dt.date(2026, 3, 3),
        dt.date(2026, 3, 10),
    }
    assert response.context["form"].errors["confirm_clash"] == [CLASH_MESSAGE]
    assert response.context["form"]["confirm_clash"].is_hidden is False
    body = response.content.decode()
    assert "These sessions would clash" in body
    assert "Metro Boston Library is in use: Metro Boston Hearing Voices" in body
    assert Group.objects.count() == count


def test_ticking_save_it_anyway_saves_the_clashing_group(coordinator_client, east):
    response = coordinator_client.post(
        "/manage/groups/new/", tuesdays_at_the_library(east, confirm_clash="on")
    )
    assert response.status_code == 302
    assert Group.objects.filter(title="Thursday WRAP").count() == 1


def test_a_group_with_no_clash_is_saved_at_once(coordinator_client, east):
    response = coordinator_client.post(
        "/manage/groups/new/", tuesdays_at_the_library(east, start_time="20:00", end_time="21:00")
    )
    assert response.status_code == 302
    assert Group.objects.filter(title="Thursday WRAP").count() == 1
    form = coordinator_client.get("/manage/groups/new/").context["form"]
    assert form["confirm_clash"].is_hidden is True


def test_groups_meeting_online_at_the_same_time_never_clash(coordinator_client, east):
    online = VenueFactory(region=east.region, name="Zoom room", kind=Venue.Kind.ONLINE)
    for group in (east.group, east.private_group):
        Group.objects.filter(pk=group.pk).update(venue=online)
    response = coordinator_client.post(
        "/manage/groups/new/", tuesdays_at_the_library(east, venue=online.pk)
    )
    assert response.status_code == 302


def test_editing_a_schedule_into_a_clash_is_listed_and_not_saved(coordinator_client, east):
    group = east.private_group  # at the peer center, Tuesdays 6 pm
    data = edit_data(coordinator_client, group, venue=east.venue.pk)
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 400
    assert response.context["form"].errors["confirm_clash"] == [CLASH_MESSAGE]
    assert [(c.kind, c.what) for c in response.context["clashes"][:1]] == [
        ("venue", "Metro Boston Library")
    ]
    group.refresh_from_db()
    assert (group.venue_id, group.version) == (east.other_venue.pk, 0)
    response = coordinator_client.post(
        f"/manage/groups/{group.slug}/", {**data, "confirm_clash": "on"}
    )
    assert response.status_code == 302
    group.refresh_from_db()
    assert group.venue_id == east.venue.pk


def test_an_edit_that_leaves_the_schedule_and_place_alone_is_not_checked(coordinator_client, east):
    # Both groups already share the library at the same time: a new name saves at once.
    Group.objects.filter(pk=east.private_group.pk).update(venue=east.venue)
    group = Group.objects.get(pk=east.private_group.pk)
    response = coordinator_client.post(
        f"/manage/groups/{group.slug}/", edit_data(coordinator_client, group, title="Renamed")
    )
    assert response.status_code == 302
    assert Group.objects.get(pk=group.pk).title == "Renamed"
    response = coordinator_client.post(
        f"/manage/groups/{group.slug}/",
        edit_data(coordinator_client, group, start_time="18:15", end_time="19:45"),
    )
    assert response.status_code == 400
    assert response.context["form"].errors["confirm_clash"] == [CLASH_MESSAGE]
