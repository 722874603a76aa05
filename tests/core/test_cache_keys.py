"""Cache keys are an unambiguous encoding of what the cached answer depends on.

A value typed into one parameter must never produce the key of another set of parameters:
otherwise one request fills the cache with an answer that another, different request is then
served (issue 12, item 2: ``q=group%26type%3Dself_help`` emptied ``q=group&type=self_help``).
"""

import datetime as dt

import pytest
from icalendar import Calendar

from core import cache

pytestmark = pytest.mark.django_db

# "Hearing Voices" is a self-help group; no group has "voices&type=self_help" in its text.
PLAIN = "q=voices&type=self_help"
SMUGGLED = "q=voices%26type%3Dself_help"


def feed_uids(client, query):
    response = client.get(f"/calendar.ics?{query}")
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    return sorted({str(event["UID"]) for event in Calendar.from_ical(body).walk("VEVENT")})


def test_a_value_holding_an_ampersand_never_shares_a_feeds_cache_entry(client, east, west):
    assert feed_uids(client, SMUGGLED) == []
    assert feed_uids(client, PLAIN) == sorted([east.group.ical_uid, west.group.ical_uid])


def test_a_value_holding_an_ampersand_never_shares_a_calendar_pages_cache_entry(client, east, west):
    smuggled = client.get(f"/calendar/?{SMUGGLED}&view=month&date=2026-03-01")
    assert smuggled.context["session_count"] == 0
    plain = client.get(f"/calendar/?{PLAIN}&view=month&date=2026-03-01")
    assert plain.context["session_count"] == 10


def test_the_api_answer_for_one_region_list_is_not_another_lists(client, east, west):
    # Two regions, or one region whose slug held a comma, must not share a key.
    both = client.get(
        "/api/v1/occurrences.json?start=2026-03-01&end=2026-03-31"
        "&region=metro-boston&region=western"
    )
    assert both.status_code == 200
    assert len(both.json()["occurrences"]) == 10
    one = client.get("/api/v1/occurrences.json?start=2026-03-01&end=2026-03-31&region=metro-boston")
    assert len(one.json()["occurrences"]) == 5


@pytest.mark.parametrize(
    ("first", "second"),
    [
        (("a:b", "c"), ("a", "b:c")),
        (("a|b", "c"), ("a", "b|c")),
        (("a&b=c",), ("a", "b=c")),
        (("x", ("1", "2")), ("x", "1,2")),
        (("x", None), ("x", "None")),
        (("x", 1), ("x", "1")),
        (("x", ""), ("x",)),
    ],
)
def test_keys_of_different_parts_differ(first, second):
    assert cache.key("feed", *first) != cache.key("feed", *second)


def test_a_key_is_the_same_for_the_same_parts():
    assert cache.key("feed", "network", ("q", "walk")) == cache.key(
        "feed", "network", ("q", "walk")
    )


def test_a_key_is_made_only_under_a_declared_namespace():
    with pytest.raises(ValueError, match="not declared"):
        cache.key("feeds", "network")


def test_a_namespaces_format_is_part_of_its_keys(monkeypatch):
    before = cache.key("page:group", 1, 2)
    monkeypatch.setitem(cache.FORMATS, "page:group", cache.FORMATS["page:group"] + 1)
    assert cache.key("page:group", 1, 2) != before


def test_namespaces_of_the_same_parts_differ():
    assert cache.key("feed", "x") != cache.key("ical", "x")


def test_an_encoding_never_changes_under_the_keys_and_etags_already_given_out():
    """ETags that calendar apps and browsers hold, and the shared cache that outlives a deploy,
    are digests of this encoding: the same parts must always give the same digest."""
    parts = (
        2,
        "https://peerhub.example",
        "café",
        12,
        None,
        True,
        1.5,
        dt.date(2026, 3, 8),
        dt.datetime(2026, 11, 1, 1, 30, tzinfo=dt.UTC),
        dt.time(18, 0),
        dt.timedelta(hours=1),
        {"b", "a"},
        ["x", ("y",)],
    )
    assert cache.digest(*parts) == (
        "1d2ef4b1d006c2ace965b02226599e6fd0cd0f7991d5780c1bc6f157b6b87ddf"
    )


def test_a_value_with_no_encoding_is_refused():
    with pytest.raises(TypeError, match="No cache key encoding for object"):
        cache.key("feed", object())
