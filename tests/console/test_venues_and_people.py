"""Venues, facilitators and invitations in the console."""

import pytest
from django.core import mail

from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from groups.models import GroupFacilitator
from regions.models import Coordinator, Venue

pytestmark = pytest.mark.django_db


def venue_data(side, **changes):
    data = {
        "name": "Shelter Day Room",
        "kind": "shelter",
        "region": side.region.pk,
        "address": "12 Hidden Way",
        "town": "Lowell",
        "is_active": "on",
    }
    data.update(changes)
    return data


def test_adding_a_venue_with_a_private_address(coordinator_client, east):
    response = coordinator_client.post("/manage/venues/new/", venue_data(east))
    venue = Venue.objects.get(name="Shelter Day Room")
    assert response["Location"] == f"/manage/venues/{venue.slug}/"
    assert (venue.region, venue.address_is_public, venue.public_location) == (
        east.region,
        False,
        "Lowell",
    )
    page = coordinator_client.get(f"/manage/venues/{venue.slug}/")
    assert [(e.who, e.what) for e in page.context["history"]] == [
        ("Alex Rivera", "Added the venue Shelter Day Room")
    ]


def test_an_online_venue_needs_its_joining_details(coordinator_client, east):
    response = coordinator_client.post(
        "/manage/venues/new/", venue_data(east, kind="online", town="")
    )
    assert response.context["form"].errors["join_details"] == [
        "An online venue needs its joining details."
    ]
    assert not Venue.objects.filter(name="Shelter Day Room").exists()


def test_a_new_address_reaches_its_groups_feeds_at_once(coordinator_client, east):
    before = coordinator_client.get(f"/groups/{east.group.slug}/calendar.ics").content
    data = venue_data(
        east, name="Main Library", kind="library", address="5 Elm Street", address_is_public="on"
    )
    coordinator_client.post(f"/manage/venues/{east.venue.slug}/", data)
    after = coordinator_client.get(f"/groups/{east.group.slug}/calendar.ics").content
    assert (b"5 Elm Street" in before, b"5 Elm Street" in after) == (False, True)


def test_assigning_and_removing_facilitators(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    url = f"/manage/groups/{east.group.slug}/facilitators/"
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, {"facilitator": east.spare.pk, "role": "co"})
    assert list(
        GroupFacilitator.objects.filter(group=east.group).values_list(
            "facilitator__display_name", "role"
        )
    ) == [("Lead1 A.", "lead"), ("Spare1 B.", "co")]
    assert [m.subject for m in mail.outbox] == [f"You are co-facilitator of {east.group.title}"]
    membership = GroupFacilitator.objects.get(facilitator=east.spare)
    coordinator_client.post(f"{url}{membership.pk}/remove/")
    assert list(
        GroupFacilitator.objects.filter(group=east.group).values_list("facilitator__display_name")
    ) == [("Lead1 A.",)]
    feed = coordinator_client.get(f"/feeds/{east.spare.feed_token}.ics").content
    assert east.group.title.encode() not in feed


def test_taking_someone_off_twice_says_so_and_another_groups_membership_is_a_404(
    coordinator_client, east, west
):
    url = f"/manage/groups/{east.group.slug}/facilitators/"
    coordinator_client.post(url, {"facilitator": east.spare.pk, "role": "co"})
    membership = GroupFacilitator.objects.get(facilitator=east.spare)
    coordinator_client.post(f"{url}{membership.pk}/remove/")
    again = coordinator_client.post(f"{url}{membership.pk}/remove/", follow=True)
    assert [str(m) for m in again.context["messages"]][-1] == (
        f"That facilitator was already taken off {east.group.title}."
    )
    elsewhere = west.group.memberships.get()
    assert coordinator_client.post(f"{url}{elsewhere.pk}/remove/").status_code == 404
    assert GroupFacilitator.objects.filter(pk=elsewhere.pk).exists()


def test_inviting_a_facilitator(coordinator_client, east, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(
            "/manage/people/invite/",
            {
                "role": "facilitator",
                "email": "new.person@example.org",
                "first_name": "Rosa",
                "last_initial": "m",
                "region": east.region.pk,
            },
        )
    assert response["Location"] == "/manage/people/"
    # They join the region's facilitators when they accept (tests/facilitators/test_invitations.py).
    assert FacilitatorProfile.objects.filter(user__email="new.person@example.org").exists() is False
    assert [m.to for m in mail.outbox] == [["new.person@example.org"]]
    page = coordinator_client.get("/manage/people/").context
    assert [p.display_name for p in page["people"]] == ["Lead1 A.", "Spare1 B."]
    assert [(i.display_name, i.user.email, i.region) for i in page["invitations"]] == [
        ("Rosa M.", "new.person@example.org", east.region)
    ]


def test_inviting_a_coordinator(coordinator_client, east, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(
            "/manage/people/invite/",
            {"role": "coordinator", "email": "second@example.org", "region": east.region.pk},
        )
    assert list(Coordinator.objects.filter(region=east.region).values_list("user__email")) == [
        ("coordinator.metro-boston@example.org",),
        ("second@example.org",),
    ]


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"email": "not-an-address"}, "email", "Enter a valid email address."),
        ({"first_name": ""}, "first_name", "A facilitator is shown by first name."),
        ({"last_initial": ""}, "last_initial", "Give the initial of the last name."),
    ],
)
def test_a_bad_invitation_is_refused_and_nothing_is_sent(
    coordinator_client, east, data, field, message
):
    base = {
        "role": "facilitator",
        "email": "new.person@example.org",
        "first_name": "Rosa",
        "last_initial": "M",
        "region": east.region.pk,
    }
    response = coordinator_client.post("/manage/people/invite/", {**base, **data})
    assert response.context["form"].errors[field] == [message]
    assert mail.outbox == []
    assert not FacilitatorInvitation.objects.filter(display_name="Rosa M.").exists()


def test_inviting_someone_who_already_facilitates_is_refused(coordinator_client, east):
    response = coordinator_client.post(
        "/manage/people/invite/",
        {
            "role": "facilitator",
            "email": "LEAD.metro-boston@example.org",
            "first_name": "Lead",
            "last_initial": "A",
            "region": east.region.pk,
        },
    )
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["email"]
    assert mail.outbox == []
