"""The API's one costly answer, a window of sessions never asked for before, is limited per
client address, so one client cannot starve the others; an answer already built is never
counted (issue 12, item 5)."""

import pytest

from core import cache
from groups.freshness import groups_changed

pytestmark = pytest.mark.django_db

LIMITS = {"api_occurrences": "2/1m/key"}


def window(client, start, *, address="203.0.113.5"):
    return client.get(f"/api/v1/occurrences.json?start={start}&end=2099-12-31", REMOTE_ADDR=address)


def test_new_windows_from_one_address_are_limited(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    assert window(client, "2099-03-01").status_code == 200
    assert window(client, "2099-03-02").status_code == 200
    refused = window(client, "2099-03-03")
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "Too many new windows asked for from your address in a short time; try again "
        "in a minute. Windows asked for before are answered at once.",
        "retry_after": 60,
    }
    assert (refused["Retry-After"], refused["Access-Control-Allow-Origin"]) == ("60", "*")


def test_a_window_already_built_is_answered_whatever_the_limit(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    first = window(client, "2099-03-01")
    window(client, "2099-03-02")
    assert window(client, "2099-03-03").status_code == 429
    again = window(client, "2099-03-01")
    assert (again.status_code, again.content) == (200, first.content)


def test_another_address_is_not_held_back_by_the_first(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = LIMITS
    for start in ("2099-03-01", "2099-03-02", "2099-03-03"):
        window(client, start)
    assert window(client, "2099-03-04", address="198.51.100.7").status_code == 200


def test_the_limit_is_in_the_openapi_description(client):
    described = client.get("/api/v1/openapi.json").json()
    responses = described["paths"]["/api/v1/occurrences.json"]["get"]["responses"]
    assert responses["429"]["content"]["application/json"]["schema"] == {
        "$ref": "#/components/schemas/TooManyOut"
    }


def feed(client, query, *, address="203.0.113.5"):
    return client.get(f"/calendar.ics?{query}", REMOTE_ADDR=address)


def test_new_filtered_feeds_from_one_address_are_limited(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = {"feed_builds": "2/1m/key"}
    first = feed(client, "q=voices").getvalue()  # read whole: a streamed feed is kept once sent
    assert feed(client, "q=hearing").status_code == 200
    refused = feed(client, "q=boston")
    assert (refused.status_code, refused["Retry-After"]) == (429, "60")
    assert refused.content.decode() == (
        "Too many new filtered calendars asked for from your address in a short time; try "
        "again in a minute.\n"
    )
    again = feed(client, "q=voices")
    assert (again.status_code, again.getvalue()) == (200, first)
    assert feed(client, "q=boston", address="198.51.100.7").status_code == 200


def test_the_whole_network_feed_and_region_feeds_are_never_limited(client, east, settings):
    settings.ACCOUNT_RATE_LIMITS = {"feed_builds": "0/1m/key"}
    assert feed(client, "").status_code == 200
    assert client.get("/regions/metro-boston/calendar.ics").status_code == 200


def test_a_reader_answered_the_version_before_during_a_build_is_not_counted(
    client, east, settings, monkeypatch
):
    """After a change, the readers that come while another request builds the new version are
    answered the one before: they built nothing, so nothing is counted against their address.
    The build itself is counted."""
    settings.ACCOUNT_RATE_LIMITS = {"api_occurrences": "1/1m/key", "feed_builds": "1/1m/key"}
    api, ics = window(client, "2099-03-01"), feed(client, "q=voices")  # one build each
    ics_body = ics.getvalue()  # read whole: a streamed feed is kept once sent
    groups_changed(group_ids=[east.group.pk])
    monkeypatch.setattr(cache, "claim_build", lambda key: False)  # another request builds

    during = [window(client, "2099-03-01") for _ in range(3)]
    feeds = [feed(client, "q=voices") for _ in range(3)]

    assert [(answer.status_code, answer.content) for answer in during] == [(200, api.content)] * 3
    assert [(answer.status_code, answer.content) for answer in feeds] == [(200, ics_body)] * 3
    monkeypatch.undo()
    # This request would build the new version, over its address's limit of one: it is
    # answered the version before, as every reader meanwhile was, and builds nothing.
    over = window(client, "2099-03-01"), feed(client, "q=voices")
    assert [(answer.status_code, answer["ETag"], body(answer)) for answer in over] == [
        (200, api["ETag"], api.content),
        (200, ics["ETag"], ics_body),
    ]
    # Another address, within its limit, builds it; then everyone gets the new version.
    other = "198.51.100.7"
    new = window(client, "2099-03-01", address=other), feed(client, "q=voices", address=other)
    assert [
        (answer.status_code, answer["ETag"] != old["ETag"])
        for answer, old in zip(new, (api, ics), strict=True)
    ] == [(200, True), (200, True)]
    [body(answer) for answer in new]  # read whole: a streamed feed is kept once sent
    again = window(client, "2099-03-01"), feed(client, "q=voices")
    assert [answer["ETag"] for answer in again] == [answer["ETag"] for answer in new]


def body(response) -> bytes:
    return response.getvalue() if response.streaming else response.content


def test_a_window_of_more_group_days_than_one_answer_gives_is_a_400_naming_end(
    client, east, west, settings, monkeypatch
):
    """Every region's sessions for a year at national size (18,000 groups) would be about
    400 MB of JSON: groups times days is bounded before anything is built."""
    from groups.selectors import public_groups
    from publishing import api

    groups = public_groups().count()
    monkeypatch.setattr(api, "MAX_GROUP_DAYS", 10 * groups)
    settings.ACCOUNT_RATE_LIMITS = {"api_occurrences": "3/1m/key"}
    path = "/api/v1/occurrences.json?start=2099-03-01&end=2099-03-"
    refused = client.get(f"{path}11")  # 11 days of every public group
    assert (refused.status_code, refused["Access-Control-Allow-Origin"]) == (400, "*")
    assert refused.json() == {
        "error": f"This window is {groups:,} groups for 11 days, more than one answer gives "
        f"({10 * groups:,} group-days): ask for at most 10 days, or name a region.",
        "parameter": "end",
    }
    assert client.get(f"{path}10").status_code == 200  # at the bound exactly
    region = client.get(f"{path}11&region={east.region.slug}")
    assert region.status_code == 200
    assert client.get(f"{path}12").status_code == 429  # the refusal counted as a build


def test_new_lists_of_groups_from_one_address_are_limited_but_not_lists_built_before(
    client, east, west, settings
):
    """Any set of regions is a list of its own to build (at national size, seconds each):
    as new windows, new lists are limited per client address."""
    settings.ACCOUNT_RATE_LIMITS = {"api_groups": "2/1m/key"}
    slugs = (east.region.slug, west.region.slug)

    def listing(*regions, address="203.0.113.5"):
        query = "&".join(f"region={slug}" for slug in regions)
        return client.get(f"/api/v1/groups.json?{query}", REMOTE_ADDR=address)

    first = listing(slugs[0])
    assert (first.status_code, listing(*slugs).status_code) == (200, 200)
    refused = listing(slugs[1])
    assert refused.status_code == 429
    assert refused.json() == {
        "error": "Too many new lists asked for from your address in a short time; try again in "
        "a minute. Lists asked for before are answered at once.",
        "retry_after": 60,
    }
    assert (refused["Retry-After"], refused["Access-Control-Allow-Origin"]) == ("60", "*")
    again = listing(slugs[0])
    assert (again.status_code, again.content) == (200, first.content)
    assert listing(slugs[1], address="198.51.100.7").status_code == 200
