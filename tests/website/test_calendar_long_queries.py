"""A long calendar address is never a 500: repeated values count once, and an address too long
for a printed QR code is printed as text instead (issue 12, item 3)."""

import pytest

from website.calendar_words import qr_svg

pytestmark = pytest.mark.django_db


def test_a_value_repeated_200_times_counts_once(client, east):
    response = client.get("/calendar/?" + "&".join(["weekday=tue"] * 200 + ["time=evening"] * 200))
    assert response.status_code == 200
    assert response.context["qr_url"] == (
        "https://peerhub.example.org/calendar/?weekday=tue&time=evening"
    )
    assert response.context["session_count"] == 1  # Tuesday 3 March, 6 pm
    assert "<svg" in str(response.context["qr"])


def test_an_address_too_long_for_a_qr_code_is_printed_as_text():
    assert qr_svg("https://peerhub.example.org/calendar/?q=" + "x" * 3000) == ""


def test_a_long_address_that_fits_gets_its_qr_code():
    assert qr_svg("https://peerhub.example.org/calendar/?q=" + "x" * 1800).startswith("<svg")


def test_the_printed_header_shows_the_address_when_there_is_no_qr_code(client, east, monkeypatch):
    monkeypatch.setattr("website.calendar.qr_svg", lambda url: "")
    page = client.get("/calendar/?view=week&region=metro-boston").content.decode()
    assert "Scan to add" not in page
    assert "This schedule online: " in page
