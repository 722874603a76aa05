"""NUL and other control characters in any parameter or field: a 400 that names the parameter,
never a 500 (PostgreSQL refuses NUL in text) and never a half-saved change (issue 12, item 3)."""

import pytest

from groups.models import GroupFeedback, SessionChange
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

CONTROL = ["%00", "%01", "%08", "%0B", "%1B", "%7F", "a%00b"]


@pytest.mark.parametrize("value", CONTROL)
@pytest.mark.parametrize(
    "path",
    [
        "/calendar/?q=",
        "/calendar/?town=",
        "/calendar/?region=",
        "/calendar.ics?q=",
        "/regions/metro-boston/?x=",
        "/groups/metro-boston-hearing-voices/?utm_source=",
        "/become-a-facilitator/thanks/?region=",
    ],
)
def test_a_control_character_in_a_public_query_is_a_400_naming_it(client, east, path, value):
    response = client.get(path + value)
    name = path.split("?")[1].rstrip("=")
    assert response.status_code == 400
    assert f"“{name}”" in response.content.decode()


@pytest.mark.parametrize("value", ["%00", "%1F", "x%7F"])
def test_a_control_character_in_an_api_query_is_a_json_400(client, east, value):
    response = client.get(f"/api/v1/occurrences.json?region={value}")
    assert response.status_code == 400
    assert response.json() == {
        "error": "The value of “region” holds a control character, which no value here can have.",
        "parameter": "region",
    }
    assert response["Access-Control-Allow-Origin"] == "*"


def test_a_control_character_in_a_parameters_name_is_refused(client, east):
    response = client.get("/calendar/?q%00=walk")
    assert response.status_code == 400
    assert "holds a control character" in response.content.decode()


def test_tabs_and_line_breaks_in_a_query_are_refused_too(client, east):
    assert client.get("/calendar/?q=a%0Ab").status_code == 400
    assert client.get("/calendar/?q=a%09b").status_code == 400


@pytest.mark.parametrize(
    "path",
    ["/manage/groups/?q=%00", "/manage/feedback/?group=%00", "/manage/reports/?month=%00"],
)
def test_a_control_character_in_a_console_query_is_a_400(client, east, path):
    client.force_login(east.coordinator)
    response = client.get(path)
    assert response.status_code == 400


def test_a_nul_in_a_posted_field_is_refused_and_nothing_is_saved(client, east):
    client.force_login(east.coordinator)
    response = client.post(
        f"/manage/groups/{east.group.slug}/sessions/{TUESDAY}/cancel/",
        {"reason": "Snow\x00", "public_note": "Closed"},
    )
    assert response.status_code == 400
    assert "“reason”" in response.content.decode()
    assert not SessionChange.objects.filter(group=east.group, original_date=TUESDAY).exists()


def test_line_breaks_and_tabs_in_a_posted_text_box_are_kept(client, east):
    response = client.post(
        f"/groups/{east.group.slug}/feedback/",
        {"rating": "4", "comment": "Kind people.\r\n\tThank you."},
    )
    assert response.status_code == 302
    assert GroupFeedback.objects.get().comment == "Kind people.\r\n\tThank you."


def test_a_control_character_in_a_posted_feedback_is_refused(client, east):
    response = client.post(
        f"/groups/{east.group.slug}/feedback/", {"rating": "4", "comment": "Hi\x1b[31m"}
    )
    assert response.status_code == 400
    assert GroupFeedback.objects.count() == 0


@pytest.mark.parametrize("region", ["²", "١", "1²", "+1", "1.0", "0x1", "9" * 30])
@pytest.mark.parametrize("csv_file", [False, True], ids=["page", "csv"])
def test_a_report_region_that_is_not_plain_digits_is_a_400(client, east, region, csv_file):
    client.force_login(east.coordinator)
    url = f"/manage/reports{'.csv' if csv_file else '/'}"
    response = client.get(url, {"region": region, "month": "2026-02"})
    assert response.status_code == 400
    assert "region" in response.content.decode()
