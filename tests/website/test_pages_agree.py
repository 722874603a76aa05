"""Every session a public page shows is the one the JSON API and the feeds give, time for time."""

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from groups.models import SessionChange
from tests.ical_clients import expand_with_recurring_ical_events

pytestmark = pytest.mark.django_db
NY = ZoneInfo("America/New_York")
SESSION = re.compile(
    r'<article class="session(?P<classes>[^"]*)">.*?<time datetime="(?P<start>[^"]+)">.*?'
    r'<a href="/groups/(?P<slug>[^/]+)/">',
    re.DOTALL,
)


@pytest.fixture
def demo():
    call_command("seed_demo", "--force", verbosity=0)


def shown(html):
    """(group, start, status) for every session on a page."""
    return sorted(
        (
            match["slug"],
            dt.datetime.fromisoformat(match["start"]),
            "cancelled" if "session--cancelled" in match["classes"] else "confirmed",
        )
        for match in SESSION.finditer(html)
    )


def api(client, first, last, region):
    response = client.get(
        "/api/v1/occurrences.json", {"start": first, "end": last, "region": region}
    )
    return sorted(
        (item["group"], dt.datetime.fromisoformat(item["start"]), item["status"])
        for item in response.json()["occurrences"]
    )


def changed_dates():
    return sorted(SessionChange.objects.values_list("original_date", flat=True))


@pytest.mark.parametrize("region", ["central", "metro-boston", "southeast"])
def test_calendar_pages_show_what_the_api_and_the_feed_give(client, demo, region):
    # The week of every demo change in the next eight weeks, so cancelled and moved ones show.
    for day in changed_dates():
        monday = day - dt.timedelta(days=day.weekday())
        sunday = monday + dt.timedelta(days=6)
        page = client.get("/calendar/", {"view": "week", "date": monday, "region": region})
        on_page = shown(page.content.decode())
        assert on_page != []
        assert on_page == api(client, monday, sunday, region)

        feed = client.get(f"/regions/{region}/calendar.ics").content
        start = dt.datetime.combine(monday, dt.time.min, tzinfo=NY)
        expanded = expand_with_recurring_ical_events(feed, start, start + dt.timedelta(days=7))
        assert sorted(
            dt.datetime.fromisoformat(item["start"].replace("Z", "+00:00")) for item in expanded
        ) == sorted(start for _, start, status in on_page if status == "confirmed")


def test_the_demo_shows_a_cancelled_and_a_moved_session_somewhere(client, demo):
    statuses = set()
    for day in changed_dates():
        monday = day - dt.timedelta(days=day.weekday())
        html = client.get("/calendar/", {"view": "week", "date": monday}).content.decode()
        statuses |= {match["classes"].strip() for match in SESSION.finditer(html)}
    assert {"session--cancelled", "session--moved"} <= statuses


def test_group_page_next_dates_match_the_api(client, demo):
    slug = "metro-boston-lgbtq-peer-support"  # the demo's moved session
    html = client.get(f"/groups/{slug}/").content.decode()
    on_page = shown(html)
    first, last = on_page[0][1].date(), on_page[-1][1].date()
    expected = [item for item in api(client, first, last, "metro-boston") if item[0] == slug]
    assert on_page == expected
