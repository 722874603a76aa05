"""Accommodation requests in the console: own regions only, closed once, deleted after 30 days."""

import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import timezone

from groups.accommodations import (
    accommodation_close,
    accommodation_request_submit,
    accommodations_forget_closed,
)
from groups.models import AccommodationRequest
from tests.factories import FacilitatorFactory, UserFactory
from tests.page_clock import NOW

pytestmark = pytest.mark.django_db


def ask(side, details, *, group=True, **extra):
    return accommodation_request_submit(
        region=side.region,
        group=side.group if group else None,
        needs=["interpreter"],
        details=details,
        email=f"{details.split()[0].lower()}@example.org",
        **extra,
    )


@pytest.fixture
def requests(east, west, monkeypatch):
    """Two requests to the east region and one to the west, a minute apart, oldest first."""
    made = []
    for minutes, (side, details, group) in enumerate(
        [
            (east, "Portuguese interpreter please", True),
            (west, "West only: never shown in the east", True),
            (east, "Mandarin for the RLC at large", False),
        ]
    ):
        monkeypatch.setattr(timezone, "now", lambda m=minutes: NOW + dt.timedelta(minutes=m))
        made.append(ask(side, details, group=group))
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(hours=1))
    return made


def rows(response):
    return [item.details for item in response.context["page"]]


def console_messages(response):
    return [str(message) for message in response.context["messages"]]


def closed():
    return list(
        AccommodationRequest.objects.order_by("pk").values_list(
            "details", "closed_at", "closed_by__email"
        )
    )


def test_the_coordinator_sees_their_regions_open_requests_oldest_first(
    coordinator_client, requests
):
    response = coordinator_client.get("/manage/accommodations/")
    assert rows(response) == ["Portuguese interpreter please", "Mandarin for the RLC at large"]
    html = response.content.decode()
    assert "West only" not in html
    assert 'href="mailto:portuguese@example.org"' in html
    assert "A spoken-language interpreter" in html


def test_closing_moves_a_request_to_the_closed_list_once(coordinator_client, east, requests):
    first = requests[0]
    url = f"/manage/accommodations/{first.pk}/close/"
    response = coordinator_client.post(url, follow=True)
    assert console_messages(response) == ["The request for Metro Boston Hearing Voices is closed."]
    assert rows(response) == ["Mandarin for the RLC at large"]
    again = coordinator_client.post(url, follow=True)
    assert console_messages(again) == ["This request was already closed; nothing changed."]
    assert closed()[0] == (
        "Portuguese interpreter please",
        NOW + dt.timedelta(hours=1),
        east.coordinator.email,
    )
    listed = coordinator_client.get("/manage/accommodations/?show=closed")
    assert rows(listed) == ["Portuguese interpreter please"]
    assert "Closed by Alex Rivera on 28 February 2026" in listed.content.decode()


def test_closing_a_request_for_the_region_names_the_region(coordinator_client, requests):
    response = coordinator_client.post(
        f"/manage/accommodations/{requests[2].pk}/close/", follow=True
    )
    assert console_messages(response) == ["The request for Metro Boston RLC is closed."]


def test_another_regions_request_is_a_404_and_changes_nothing(coordinator_client, requests):
    west_request = requests[1]
    before = closed()
    response = coordinator_client.post(f"/manage/accommodations/{west_request.pk}/close/")
    assert response.status_code == 404
    assert closed() == before
    assert coordinator_client.post("/manage/accommodations/999999/close/").status_code == 404


def test_the_west_coordinator_sees_and_closes_only_theirs(client, west, requests):
    client.force_login(west.coordinator)
    assert rows(client.get("/manage/accommodations/")) == ["West only: never shown in the east"]
    assert client.post(f"/manage/accommodations/{requests[0].pk}/close/").status_code == 404
    assert client.post(f"/manage/accommodations/{requests[1].pk}/close/").status_code == 302
    assert [row[1] is not None for row in closed()] == [False, True, False]


def test_closing_needs_a_post(coordinator_client, requests):
    response = coordinator_client.get(f"/manage/accommodations/{requests[0].pk}/close/")
    assert response.status_code == 405
    assert [row[1] for row in closed()] == [None, None, None]


def test_closing_needs_the_csrf_token(east, requests):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(east.coordinator)
    assert client.post(f"/manage/accommodations/{requests[0].pk}/close/").status_code == 403
    assert [row[1] for row in closed()] == [None, None, None]


def test_closed_requests_are_deleted_30_days_after_closing(east, requests, monkeypatch):
    accommodation_close(accommodation=requests[0], user=east.coordinator)
    closed_at = NOW + dt.timedelta(hours=1)
    assert accommodations_forget_closed(closed_at + dt.timedelta(days=30)) == 0
    assert accommodations_forget_closed(closed_at + dt.timedelta(days=30, seconds=1)) == 1
    # Open requests wait for a coordinator, however old.
    assert accommodations_forget_closed(closed_at + dt.timedelta(days=900)) == 0
    assert [row[0] for row in closed()] == [
        "West only: never shown in the east",
        "Mandarin for the RLC at large",
    ]


def test_the_command_deletes_them_too(east, requests, monkeypatch):
    accommodation_close(accommodation=requests[0], user=east.coordinator)
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=31))
    call_command("forget_closed_accommodations", verbosity=0)
    assert len(closed()) == 2


def test_a_new_request_deletes_the_old_closed_ones(east, requests, monkeypatch):
    accommodation_close(accommodation=requests[0], user=east.coordinator)
    monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(days=31))
    ask(east, "Another request", group=False)
    assert [row[0] for row in closed()] == [
        "West only: never shown in the east",
        "Mandarin for the RLC at large",
        "Another request",
    ]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_query_count_is_fixed(coordinator_client, east, count, django_assert_num_queries):
    for number in range(count):
        ask(east, f"Request{number} words")
    # session, user, two coordinator checks (the view's and the site nav's), count, the page
    with django_assert_num_queries(6):
        response = coordinator_client.get("/manage/accommodations/")
    assert len(response.context["page"]) == count


def test_visitors_are_sent_to_sign_in(client):
    response = client.get("/manage/accommodations/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=/manage/accommodations/",
    )


def test_a_facilitator_who_coordinates_nothing_gets_403(client, requests):
    client.force_login(FacilitatorFactory(user=UserFactory(email="only@example.org")).user)
    assert client.get("/manage/accommodations/").status_code == 403
    assert client.post(f"/manage/accommodations/{requests[0].pk}/close/").status_code == 403


def test_the_console_nav_marks_the_page(coordinator_client):
    html = coordinator_client.get("/manage/accommodations/").content.decode()
    assert (
        '<li><a href="/manage/accommodations/" aria-current="page">Accommodations</a></li>' in html
    )
