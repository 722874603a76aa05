"""Scoping: a coordinator reaches their own regions only; everyone else reaches nothing."""

import pytest
from django.core import mail

from groups.models import Group, GroupFacilitator, SessionChange, SessionSubstitute
from regions.models import Venue
from tests.console.conftest import TUESDAY

pytestmark = pytest.mark.django_db

DAY = TUESDAY.isoformat()


def object_urls(side):
    """Every console URL that names one object, with the method and data to use."""
    group, slug = side.group, side.group.slug
    membership = group.memberships.get()
    session = f"/manage/groups/{slug}/sessions/{DAY}/"
    return [
        ("get", f"/manage/groups/{slug}/", {}),
        ("post", f"/manage/groups/{slug}/", {"title": "Taken over"}),
        ("post", f"/manage/groups/{slug}/status/", {"status": "ended"}),
        ("post", f"/manage/groups/{slug}/confirm/", {}),
        ("post", f"/manage/groups/{slug}/facilitators/", {"facilitator": side.spare.pk}),
        ("post", f"/manage/groups/{slug}/facilitators/{membership.pk}/remove/", {}),
        ("get", session, {}),
        ("post", session + "cancel/", {"reason": "x"}),
        ("post", session + "move/", {"new_start_time": "19:00"}),
        ("post", session + "undo/", {}),
        ("post", session + "substitute/", {"substitute": side.spare.pk}),
        ("post", session + "substitute/1/remove/", {}),
        ("get", f"/manage/groups/{side.private_group.slug}/", {}),
        ("get", f"/manage/venues/{side.venue.slug}/", {}),
        ("post", f"/manage/venues/{side.venue.slug}/", {"name": "Taken over"}),
        ("get", f"/manage/embed/venues/{side.venue.slug}/", {}),
        ("get", f"/manage/embed/groups/{slug}/", {}),
        ("get", f"/manage/embed/groups/{side.private_group.slug}/", {}),
    ]


LIST_URLS = [
    "/manage/",
    "/manage/groups/",
    "/manage/groups/new/",
    "/manage/snow-day/",
    "/manage/venues/",
    "/manage/venues/new/",
    "/manage/people/",
    "/manage/people/invite/",
    "/manage/embed/",
]


def snapshot():
    """Everything a console action could change."""
    return (
        list(Group.objects.order_by("pk").values_list("pk", "title", "status", "version")),
        list(Group.objects.order_by("pk").values_list("last_confirmed_on", flat=True)),
        list(GroupFacilitator.objects.order_by("pk").values_list("pk", "group", "role")),
        list(SessionChange.objects.order_by("pk").values_list("pk", "kind", "new_start_time")),
        list(SessionSubstitute.objects.order_by("pk").values_list("pk")),
        list(Venue.objects.order_by("pk").values_list("pk", "name")),
    )


def test_every_object_of_another_region_is_a_404_and_changes_nothing(coordinator_client, west):
    before = snapshot()
    for method, url, data in object_urls(west):
        response = getattr(coordinator_client, method)(url, data)
        assert (method, url, response.status_code) == (method, url, 404)
    assert snapshot() == before
    assert mail.outbox == []


def test_the_same_urls_work_in_the_coordinators_own_region(coordinator_client, east):
    for method, url, _data in object_urls(east):
        if method != "get":
            continue
        assert (url, coordinator_client.get(url).status_code) == (url, 200)


@pytest.mark.parametrize("url", LIST_URLS)
def test_anonymous_visitors_are_sent_to_sign_in(client, east, west, url):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={url}",
    )


def test_anonymous_visitors_cannot_act_on_objects(client, east, west):
    before = snapshot()
    for method, url, data in object_urls(east):
        response = getattr(client, method)(url, data)
        assert (url, response.status_code) == (url, 302)
        assert response["Location"].startswith("/accounts/login/?next=")
    assert snapshot() == before


def test_a_facilitator_gets_403_everywhere(client, east, west):
    client.force_login(east.lead.user)
    before = snapshot()
    for url in LIST_URLS:
        assert (url, client.get(url).status_code) == (url, 403)
    for method, url, data in object_urls(east):
        assert (url, getattr(client, method)(url, data).status_code) == (url, 403)
    assert snapshot() == before


def test_the_403_page_is_friendly(client, east):
    client.force_login(east.lead.user)
    response = client.get("/manage/")
    assert b"The coordinator console is for RLC coordinators." in response.content


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_never_show_another_regions_names(coordinator_client, west, url):
    body = coordinator_client.get(url).content.decode()
    for name in (
        west.group.title,
        west.private_group.title,
        west.venue.name,
        west.lead.display_name,
        west.region.name,
    ):
        assert (url, name in body) == (url, False)


def test_forms_refuse_another_regions_choices(coordinator_client, east, west):
    before = snapshot()
    attempts = [
        ("/manage/snow-day/", {"region": west.region.pk, "day": DAY, "confirm": "yes"}, "region"),
        (
            "/manage/people/invite/",
            {"role": "coordinator", "email": "x@example.org", "region": west.region.pk},
            "region",
        ),
        (
            f"/manage/groups/{east.group.slug}/sessions/{DAY}/move/",
            {"new_venue": west.venue.pk},
            "new_venue",
        ),
        (
            f"/manage/groups/{east.group.slug}/sessions/{DAY}/substitute/",
            {"substitute": west.spare.pk},
            "substitute",
        ),
        (
            "/manage/venues/new/",
            {"name": "Mine", "kind": "library", "town": "X", "region": west.region.pk},
            "region",
        ),
    ]
    for url, data, field in attempts:
        response = coordinator_client.post(url, data)
        form = next(
            value
            for key in ("form", "move_form", "substitute_form")
            if (value := response.context.get(key)) is not None and field in value.errors
        )
        assert form.errors[field] == [
            "Select a valid choice. That choice is not one of the available choices."
        ]
    assert snapshot() == before


def test_superusers_manage_every_region(client, east, west, django_user_model):
    admin = django_user_model.objects.create_superuser(email="root@example.org", password="x")
    client.force_login(admin)
    assert client.get(f"/manage/groups/{west.group.slug}/").status_code == 200
    assert client.get(f"/manage/groups/{east.group.slug}/").status_code == 200
