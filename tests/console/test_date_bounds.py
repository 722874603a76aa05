"""Dates far in the past or future, typed into the console: a message beside the field, never a
500 and never a half-saved change (issue 12, item 1)."""

import pytest

from groups.models import Group, SessionChange
from tests.console.conftest import TUESDAY
from tests.console.test_groups import group_data

pytestmark = pytest.mark.django_db

OUT_OF_RANGE = "Choose a date from 2000 to 2099."


@pytest.mark.parametrize("preview", [False, True], ids=["save", "preview"])
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"end_date": "9999-12-31"}, "end_date", OUT_OF_RANGE),
        ({"first_date": "9999-12-28"}, "first_date", OUT_OF_RANGE),
        ({"first_date": "0001-01-02"}, "first_date", OUT_OF_RANGE),
        ({"pattern": "dates", "dates": "9999-12-31"}, "dates", "Choose dates from 2000 to "
         "2099; these are not: 9999-12-31."),
        ({"dates": "0001-01-01"}, "dates", "Choose dates from 2000 to 2099; these are not: "
         "0001-01-01."),
        ({"first_date": "2031-03-02"}, "first_date", "The first date is more than three years "
         "away (after 28 February 2029); check the year."),
        ({"dates": "2029-03-01"}, "pattern", "An extra date is more than three years away "
         "(after 28 February 2029); check the year."),
    ],
)  # fmt: skip
def test_a_far_date_in_the_group_form_is_refused_beside_its_field(
    coordinator_client, east, changes, field, message, preview
):
    count = Group.objects.count()
    data = group_data(east, **changes) | ({"preview": "1"} if preview else {})
    response = coordinator_client.post("/manage/groups/new/", data)
    assert response.status_code == 200
    assert response.context["form"].errors[field] == [message]
    assert Group.objects.count() == count


def test_a_far_end_date_on_an_existing_group_is_refused_and_changes_nothing(
    coordinator_client, east
):
    group = east.group
    page = coordinator_client.get(f"/manage/groups/{group.slug}/")
    data = {
        **{key: value for key, value in page.context["form"].initial.items() if value is not None},
        **group_data(east, pattern="weekly", weekdays=["1"], first_date="2026-01-06"),
        "end_date": "9999-12-31",
        "title": "Renamed",
    }
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [OUT_OF_RANGE]
    group.refresh_from_db()
    assert (group.title, group.end_date) == ("Metro Boston Hearing Voices", None)


@pytest.mark.parametrize("new_date", ["9999-12-31", "0001-01-01"])
def test_a_move_to_a_far_date_is_refused(coordinator_client, east, new_date):
    response = coordinator_client.post(
        f"/manage/groups/{east.group.slug}/sessions/{TUESDAY}/move/", {"new_date": new_date}
    )
    assert response.status_code == 400
    assert response.context["move_form"].errors["new_date"] == [OUT_OF_RANGE]
    assert not SessionChange.objects.filter(group=east.group).exists()


@pytest.mark.parametrize("method", ["get", "post"])
@pytest.mark.parametrize("day", ["9999-12-31", "0001-01-01"])
def test_a_snow_day_far_away_is_refused(coordinator_client, east, method, day):
    data = {"region": east.region.pk, "day": day, "confirm": "yes"}
    response = getattr(coordinator_client, method)("/manage/snow-day/", data)
    assert response.status_code == 200
    assert response.context["form"].errors["day"] == [OUT_OF_RANGE]
    assert response.context["sessions"] is None
    assert SessionChange.objects.filter(group=east.group).count() == 0


@pytest.mark.parametrize("month", ["0000-01", "9999-12", "0001-01"])
@pytest.mark.parametrize("csv_file", [False, True], ids=["page", "csv"])
def test_a_report_month_far_away_is_a_400_that_names_it(coordinator_client, east, month, csv_file):
    url = f"/manage/reports{'.csv' if csv_file else '/'}?region={east.region.pk}&month={month}"
    response = coordinator_client.get(url)
    assert response.status_code == 400
    message = f"The month “{month}” is out of range: choose one from 2000 to 2099."
    assert message in response.content.decode()


def test_the_date_boxes_offer_only_the_years_the_site_takes(coordinator_client, east):
    page = coordinator_client.get("/manage/groups/new/").content.decode()
    assert page.count('min="2000-01-01" max="2099-12-31"') == 2  # starting on or after; last date
