"""The calendar page's cached parts (website.calendar_parts.cached_sessions, public_choices),
and the page kept whole for visitors not signed in (website/visitor_pages.py).

The parts are kept under the version of the region shown (or of the network), so a change
shows at once where it belongs, and a change elsewhere does not make a region's page read its
groups again. The whole page follows the network's version.
"""

import datetime as dt
import re

import pytest
from django.utils import timezone

from core import cache
from groups.models import FeedVersion
from groups.services import ANY_VERSION, group_update
from groups.sessions import session_cancel
from regions.services import venue_update
from tests.caches import clear_caches
from tests.page_clock import NOW
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db

EAST_MONTH = "/calendar/?view=month&date=2026-03-01&region=metro-boston"
WHOLE_MONTH = "/calendar/?view=month&date=2026-03-01"
# the network's and the listing's versions (the page kept whole follows the network's), the
# region asked for and its version: no groups, no changes, and not the filter form's regions,
# towns, access features and languages (it follows the listing's version, which a session's
# change does not move)
WARM = 3
COUNT = re.compile(
    r'<p class="calendar__count">\s*(?:(\d+) sessions?(?:, (\d+) of them cancelled)?\.)?'
)


def sessions_of(response):
    """The sessions and cancelled sessions the page says it shows (none: it says nothing)."""
    shown, cancelled = COUNT.search(response.content.decode()).groups()
    return (int(shown or 0), int(cancelled or 0))


def test_a_cancelled_session_shows_at_once(client, east, west):
    before = client.get(EAST_MONTH)
    assert sessions_of(before) == (5, 0)
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow", notify=False)
    after = client.get(EAST_MONTH)
    assert sessions_of(after) == (5, 1)
    assert "Snow" in after.content.decode()
    assert sessions_of(client.get(WHOLE_MONTH)) == (10, 1)


def test_another_regions_change_leaves_a_regions_page_cached(
    client, east, west, django_assert_num_queries
):
    first = client.get(EAST_MONTH)
    session_cancel(group=west.group, original_date=TUESDAY, notify=False)
    with django_assert_num_queries(WARM):
        again = client.get(EAST_MONTH)
    assert again.content == first.content


def test_the_whole_network_page_follows_a_change_in_any_region(client, east, west):
    assert sessions_of(client.get(WHOLE_MONTH)) == (10, 0)
    session_cancel(group=west.group, original_date=TUESDAY, notify=False)
    assert sessions_of(client.get(WHOLE_MONTH)) == (10, 1)


def test_a_group_made_private_leaves_the_page(client, east, west):
    assert "Metro Boston Hearing Voices" in client.get(EAST_MONTH).content.decode()
    group_update(group=east.group, expected_version=ANY_VERSION, is_public=False)
    response = client.get(EAST_MONTH)
    assert sessions_of(response) == (0, 0)
    assert "Metro Boston Hearing Voices" not in response.content.decode()


def test_each_filter_has_its_own_entry(client, east, west):
    assert sessions_of(client.get(EAST_MONTH)) == (5, 0)
    assert sessions_of(client.get(EAST_MONTH + "&weekday=wed")) == (0, 0)
    assert sessions_of(client.get(EAST_MONTH + "&type=social")) == (0, 0)
    assert sessions_of(client.get(EAST_MONTH)) == (5, 0)


def test_today_moves_at_midnight(client, east, west, monkeypatch):
    # The same March page on Saturday 28 February (no day of it is today), then on 3 March.
    assert "month-day--today" not in client.get(EAST_MONTH).content.decode()
    tuesday = timezone.make_aware(dt.datetime(2026, 3, 3, 9, 0), NOW.tzinfo)
    monkeypatch.setattr(timezone, "now", lambda: tuesday)
    page = client.get(EAST_MONTH).content.decode()
    assert page.count("month-day--today") == 1
    today_cell = page[page.index("month-day--today") :]
    assert today_cell.index("Tuesday 3 March") < today_cell.index("</li>")


def test_a_venue_moved_to_another_town_shows_in_sessions_and_filter(client, east, west):
    assert "Northampton" not in client.get(EAST_MONTH).content.decode()
    venue_update(venue=east.venue, town="Northampton")
    page = client.get(EAST_MONTH).content.decode()
    assert '<option value="Northampton">Northampton</option>' in page
    assert page.count('<span class="brief__where">1 Main Street, Northampton</span>') == 5


def test_the_filter_form_is_kept_per_query(client, east, west):
    east_page = client.get(EAST_MONTH).content.decode()
    west_page = client.get(EAST_MONTH.replace("metro-boston", "western")).content.decode()
    checked = '<input type="checkbox" name="region" value="{}" checked>'
    assert (
        checked.format("metro-boston") in east_page,
        checked.format("western") in east_page,
    ) == (
        True,
        False,
    )
    assert (
        checked.format("metro-boston") in west_page,
        checked.format("western") in west_page,
    ) == (
        False,
        True,
    )


def rendered_sessions(response) -> list[str]:
    """The titles of the sessions the request rendered (each one's template, website/
    calendar_sessions.py), not those it took from the caches."""
    return [
        context["session"].group.title
        for template, context in zip(response.templates, response.context, strict=True)
        if template.name == "website/_calendar_brief.html"
    ]


def test_a_change_renders_again_only_the_changed_groups_sessions(client, east, west):
    """Each group's sessions are kept under its own version: after one group's change, the
    network's page renders that group's five sessions again, not the other region's."""
    first = client.get(WHOLE_MONTH)
    assert sorted(set(rendered_sessions(first))) == sorted({east.group.title, west.group.title})
    assert len(rendered_sessions(first)) == 10
    session_cancel(group=west.group, original_date=TUESDAY, public_note="Snow", notify=False)

    after = client.get(WHOLE_MONTH)

    assert rendered_sessions(after) == [west.group.title] * 5
    assert sessions_of(after) == (10, 1)
    # The same page as one built with every cache empty.
    clear_caches()
    assert client.get(WHOLE_MONTH).content == after.content


def test_while_another_builds_the_new_version_the_page_shows_the_one_before(
    client, east, west, monkeypatch
):
    """A visitor who comes during another request's build of the region's new version sees
    the version before (for the few milliseconds of a build); the builder and everyone after
    see the change."""
    assert sessions_of(client.get(EAST_MONTH)) == (5, 0)
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow", notify=False)
    monkeypatch.setattr(cache, "claim_build", lambda key: False)  # another's build, going on

    during = client.get(EAST_MONTH)

    assert sessions_of(during) == (5, 0)
    assert "Snow" not in during.content.decode()
    monkeypatch.undo()
    after = client.get(EAST_MONTH)
    assert sessions_of(after) == (5, 1)
    assert "Snow" in after.content.decode()


def towns_offered(response) -> list[str]:
    page = response.content.decode()
    select = page.split('name="town"', 1)[1].split("</select>", 1)[0]
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_filter_form_follows_what_groups_offer_not_their_sessions(client, east, west):
    """The listing's version moves with a venue, a group or a label, never with a session."""
    listing = FeedVersion.objects.get(key=FeedVersion.LISTING).token
    towns = towns_offered(client.get(EAST_MONTH))
    session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    assert FeedVersion.objects.get(key=FeedVersion.LISTING).token == listing
    assert towns_offered(client.get(EAST_MONTH)) == towns
    venue_update(venue=east.venue, town="Chelsea")
    assert FeedVersion.objects.get(key=FeedVersion.LISTING).token != listing
    assert "Chelsea" in towns_offered(client.get(EAST_MONTH))
    assert towns_offered(client.get(EAST_MONTH)) != towns
