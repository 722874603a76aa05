import datetime as dt

import pytest

from groups.dates import DateOutOfRange, UnreadableDate, parse_iso_date


def test_parse_iso_date_reads_a_real_date():
    assert parse_iso_date("2026-03-08") == dt.date(2026, 3, 8)


@pytest.mark.parametrize("text", ["2026-02-30", "20260301", "2026-W10-1", "yesterday", "", None])
def test_parse_iso_date_refuses_what_is_not_a_real_date(text):
    with pytest.raises(UnreadableDate):
        parse_iso_date(text)


@pytest.mark.parametrize("text", ["1999-12-31", "2100-01-01", "9999-12-31"])
def test_parse_iso_date_refuses_years_far_away(text):
    with pytest.raises(DateOutOfRange):
        parse_iso_date(text)
