"""Dates in URLs (core/converters.py): ``<isodate:day>`` gives the view a date, or matches nothing.

A URL whose date part is not a real date from 2000 to 2099 is a 404 for everyone, before any
view or sign-in check runs (as any address that names nothing is); a real date reaches the view
as a ``datetime.date``, and the view decides (a day the group does not meet on is its 404).
"""

import datetime as dt

import pytest
from django.urls import NoReverseMatch, Resolver404, resolve, reverse

from core.converters import IsoDateConverter
from core.dates import DateOutOfRange, UnreadableDate
from tests.two_regions import TUESDAY

NOT_DATES = [
    "2026-02-30",  # no such day
    "2026-13-01",
    "1999-12-28",  # before 2000
    "2100-01-05",  # after 2099
    "0001-01-01",
    "9999-12-28",
    "2026-3-3",  # no leading zeros
    "20260303",  # no dashes
    "٢٠٢٦-٠٣-٠٣",  # not ASCII digits
    "2026-03-03T18:00",
    "tuesday",
]


def test_a_real_date_is_a_date():
    assert IsoDateConverter().to_python("2026-03-03") == dt.date(2026, 3, 3)
    assert IsoDateConverter().to_python("2000-01-01") == dt.date(2000, 1, 1)
    assert IsoDateConverter().to_python("2099-12-31") == dt.date(2099, 12, 31)


@pytest.mark.parametrize("text", ["2026-02-30", "1999-12-31", "2100-01-01", "0000-01-01"])
def test_a_date_that_matches_the_pattern_but_is_not_one_is_refused(text):
    # The resolver takes a ValueError from a converter as "no match".
    assert issubclass(UnreadableDate, ValueError)
    assert issubclass(DateOutOfRange, ValueError)
    with pytest.raises((UnreadableDate, DateOutOfRange)):
        IsoDateConverter().to_python(text)


def test_a_date_goes_into_a_url_as_yyyy_mm_dd():
    kwargs = {"slug": "walk", "day": dt.date(2026, 3, 3)}
    assert reverse("session-ics", kwargs=kwargs) == "/groups/walk/sessions/2026-03-03.ics"
    assert reverse("me:record", kwargs=kwargs) == "/me/sessions/walk/2026-03-03/record/"
    assert reverse("manage:session", kwargs=kwargs) == "/manage/groups/walk/sessions/2026-03-03/"
    assert reverse("session-ics", kwargs={"slug": "walk", "day": "2026-03-03"}) == (
        "/groups/walk/sessions/2026-03-03.ics"
    )


@pytest.mark.parametrize("day", [dt.datetime(2026, 3, 3, 18), "2026-3-3", "2026-02-30"])
def test_what_is_not_a_date_never_goes_into_a_url(day):
    with pytest.raises((NoReverseMatch, ValueError)):
        reverse("session-ics", kwargs={"slug": "walk", "day": day})


@pytest.mark.parametrize(
    "path",
    [
        "/groups/walk/sessions/{}.ics",
        "/me/sessions/walk/{}/record/",
        "/me/sessions/walk/{}/cover/",
        "/manage/groups/walk/sessions/{}/",
        "/manage/groups/walk/sessions/{}/cancel/",
        "/manage/groups/walk/sessions/{}/substitute/3/remove/",
    ],
)
def test_each_session_address_reads_its_date_with_the_converter(path):
    assert resolve(path.format("2026-03-03")).kwargs["day"] == dt.date(2026, 3, 3)
    for text in NOT_DATES:
        with pytest.raises(Resolver404):
            resolve(path.format(text))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/groups/{group}/sessions/{day}.ics"),
        ("post", "/groups/{group}/sessions/{day}.ics"),
        ("get", "/me/sessions/{group}/{day}/record/"),
        ("post", "/me/sessions/{group}/{day}/cover/"),
        ("get", "/manage/groups/{group}/sessions/{day}/"),
        ("get", "/manage/groups/{group}/sessions/{day}/cancel/"),
        ("post", "/manage/groups/{group}/sessions/{day}/move/"),
    ],
)
def test_a_session_address_without_a_real_date_is_a_404_for_anyone(
    client, east, west, method, path
):
    visitors = [None, east.coordinator, east.lead.user, west.coordinator]
    for visitor in visitors:
        client.logout()
        if visitor is not None:
            client.force_login(visitor)
        for day in ("2026-02-30", "2100-03-02", "next-tuesday"):
            url = path.format(group=east.group.slug, day=day)
            assert getattr(client, method)(url).status_code == 404, (visitor, url)
    # The same address with a real date is the view's to answer: never a 404 for the visitor
    # it is for (a sign-in page for nobody, the page or form for its facilitator or coordinator).
    client.logout()
    url = path.format(group=east.group.slug, day=TUESDAY.isoformat())
    assert getattr(client, method)(url).status_code != 404
