"""Registrations in the console: seats, each session's lists, adding and removing people,
attendance, the sign-in sheet (print and spreadsheet-safe CSV), and the other region's all 404
with nothing changed."""

import csv
import io

import pytest

from groups.models import Group, Registration
from groups.registrations import registration_create
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db
Status = Registration.Status
DAY = TUESDAY.isoformat()


@pytest.fixture
def seats(east, west):
    Group.objects.filter(pk__in=[east.group.pk, west.group.pk]).update(seats=1)
    for side in (east, west):
        side.group.refresh_from_db()
    first = registration_create(
        group=east.group,
        session_date=TUESDAY,
        first_name="=HYPERLINK(1)",
        email="ana@example.org",
        accommodation_needs="+Large print",
    )
    second = registration_create(
        group=east.group, session_date=TUESDAY, first_name="Ben", phone="617-555-0100"
    )
    west_one = registration_create(
        group=west.group, session_date=TUESDAY, first_name="Wes", email="wes@example.org"
    )
    return first, second, west_one


def base(side):
    return f"/manage/groups/{side.group.slug}/sessions/{DAY}/"


def rows():
    return list(Registration.objects.order_by("pk").values_list("first_name", "status", "attended"))


def test_the_session_page_lists_people_and_needs(coordinator_client, east, seats):
    response = coordinator_client.get(base(east) + "registrations/")
    assert response.status_code == 200
    page = response.content.decode()
    assert "1 of 1 seats taken; 1 waiting." in page
    assert "+Large print" in page
    assert "617-555-0100" in page
    assert "Wes" not in page


def test_seats_are_set_and_bounded(coordinator_client, east, seats):
    url = f"/manage/groups/{east.group.slug}/registrations/"
    response = coordinator_client.post(url, {"seats": "2", "registration_open": "on"})
    assert response.status_code == 302
    east.group.refresh_from_db()
    assert (east.group.seats, east.group.registration_open) == (2, True)
    refused = coordinator_client.post(url, {"seats": "501", "registration_open": "on"})
    assert refused.status_code == 400
    assert refused.context["form"].errors == {
        "seats": ["Give from 1 to 500 seats, or leave it empty."]
    }
    east.group.refresh_from_db()
    assert east.group.seats == 2


def test_more_seats_offer_the_place_to_the_next(coordinator_client, east, seats):
    url = f"/manage/groups/{east.group.slug}/registrations/"
    coordinator_client.post(url, {"seats": "2", "registration_open": "on"})
    coordinator_client.get(base(east) + "registrations/")
    assert rows()[:2] == [("=HYPERLINK(1)", "confirmed", None), ("Ben", "offered", None)]


def test_adding_someone_by_hand_and_removing_them(coordinator_client, east, seats):
    response = coordinator_client.post(
        base(east) + "registrations/", {"first_name": "Cy", "phone": "617-555-0111"}
    )
    assert response.status_code == 302
    assert rows()[-1] == ("Cy", "waiting", None)
    refused = coordinator_client.post(base(east) + "registrations/", {"first_name": "Dee"})
    assert refused.status_code == 400
    assert refused.context["add_form"].errors == {
        "email": ["Please give an email address or a phone number, so we can reach you."]
    }
    first = seats[0]
    coordinator_client.post(base(east) + f"registrations/{first.pk}/remove/")
    assert rows()[0] == ("=HYPERLINK(1)", "cancelled", None)
    assert rows()[1] == ("Ben", "offered", None)


def test_recording_who_came(coordinator_client, east, seats):
    first = seats[0]
    url = base(east) + f"registrations/{first.pk}/attended/"
    assert coordinator_client.post(url, {"attended": "yes"}).status_code == 302
    assert rows()[0] == ("=HYPERLINK(1)", "confirmed", True)
    assert coordinator_client.post(url, {"attended": "no"}).status_code == 302
    assert rows()[0] == ("=HYPERLINK(1)", "confirmed", False)
    assert coordinator_client.post(url, {"attended": "maybe"}).status_code == 400
    assert rows()[0] == ("=HYPERLINK(1)", "confirmed", False)


def test_the_sign_in_csv_is_spreadsheet_safe(coordinator_client, east, seats):
    response = coordinator_client.get(base(east) + "sign-in.csv")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = response.content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text))) == [
        ["First name", "Email", "Phone", "Accommodation needs", "Status", "Came"],
        ["'=HYPERLINK(1)", "ana@example.org", "", "'+Large print", "Confirmed", ""],
    ]


def test_the_sign_in_sheet_prints_the_confirmed(coordinator_client, east, seats):
    page = coordinator_client.get(base(east) + "sign-in/").content.decode()
    assert "=HYPERLINK(1)" in page
    assert "Ben" not in page


@pytest.mark.parametrize(
    ("method", "suffix", "data"),
    [
        ("get", "registrations/", {}),
        ("post", "registrations/", {"first_name": "Eve", "phone": "617-555-0199"}),
        ("post", "registrations/{pk}/remove/", {}),
        ("post", "registrations/{pk}/attended/", {"attended": "yes"}),
        ("get", "sign-in/", {}),
        ("get", "sign-in.csv", {}),
    ],
)
def test_the_other_regions_registrations_are_a_404_and_nothing_changes(
    coordinator_client, west, seats, method, suffix, data
):
    before = rows()
    url = base(west) + suffix.format(pk=seats[2].pk)
    response = getattr(coordinator_client, method)(url, data)
    assert response.status_code == 404
    assert rows() == before


def test_the_other_regions_seats_are_a_404(coordinator_client, west, seats):
    url = f"/manage/groups/{west.group.slug}/registrations/"
    assert coordinator_client.get(url).status_code == 404
    assert coordinator_client.post(url, {"seats": "9"}).status_code == 404
    west.group.refresh_from_db()
    assert west.group.seats == 1


def test_a_registration_of_another_session_is_a_404(coordinator_client, east, seats):
    other = f"/manage/groups/{east.group.slug}/sessions/2026-03-10/"
    response = coordinator_client.post(other + f"registrations/{seats[0].pk}/remove/")
    assert response.status_code == 404
    assert rows()[0] == ("=HYPERLINK(1)", "confirmed", None)


def test_a_group_without_seats_has_no_session_registrations(coordinator_client, east):
    assert coordinator_client.get(base(east) + "registrations/").status_code == 404


def test_the_monthly_report_counts_registrations_never_names(coordinator_client, east, seats):
    first = seats[0]
    coordinator_client.post(base(east) + f"registrations/{first.pk}/attended/", {"attended": "yes"})
    query = f"?region={east.region.pk}&month=2026-03"
    page = coordinator_client.get("/manage/reports/" + query).content.decode()
    assert (
        "1 confirmed (1 came, 0 did not), 1 on a waiting list, 0 cancelled. Counts only: names "
        "are never in the report." in " ".join(page.split())
    )
    assert "HYPERLINK" not in page
    assert "Ben" not in page
    text = coordinator_client.get("/manage/reports.csv" + query).content.decode("utf-8-sig")
    assert list(csv.reader(io.StringIO(text)))[-2:] == [
        ["Registrations", "Confirmed", "Waiting", "Cancelled", "Came", "Did not come"],
        ["", "1", "1", "0", "1", "0"],
    ]
    assert "HYPERLINK" not in text
