"""A region's changes as Atom (/regions/<slug>/changes.atom): what it lists and never lists,
order, words and times, entry ids, HTTP caching, and query counts. Read with xml.etree, by
the Atom namespace, as a feed reader would."""

import datetime as dt
import html
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import pytest
from django.contrib.sites.models import Site
from recurrence import WEEKLY, Recurrence, Rule

from groups import sessions
from groups.models import Group
from groups.services import ANY_VERSION, group_create, group_update
from regions.models import Venue
from regions.services import venue_update
from tests.factories import GroupFactory, RegionFactory, SessionChangeFactory, VenueFactory
from tests.page_clock import SITE
from tests.two_regions import TUESDAY

ATOM = "{http://www.w3.org/2005/Atom}"
pytestmark = pytest.mark.django_db

EAST = "/regions/metro-boston/changes.atom"
WEST = "/regions/western/changes.atom"


def parse(response):
    """(the feed's own fields, its entries in order), each a dict of what a reader shows."""
    assert response.status_code == 200, response.content
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    root = ET.fromstring(response.content)  # noqa: S314 (our own output)
    assert root.tag == f"{ATOM}feed"
    return _fields(root), [_fields(entry) for entry in root.findall(f"{ATOM}entry")]


def _fields(element) -> dict:
    found = {
        name: element.findtext(f"{ATOM}{name}")
        for name in ("id", "title", "updated", "summary", "subtitle")
    }
    summary = element.find(f"{ATOM}summary")
    if summary is not None:
        # Atom's type="html": the reader renders it. It holds no markup, only escaped words, so
        # what the reader shows is the words themselves.
        assert (summary.get("type"), "<" in summary.text) == ("html", False)
        found["summary"] = html.unescape(summary.text)
    found["links"] = {link.get("rel"): link.get("href") for link in element.findall(f"{ATOM}link")}
    found["author"] = element.findtext(f"{ATOM}author/{ATOM}name")
    return found


def tag(group, specific):
    return f"tag:peerhub.example.org,2026-02-28:group/{group.uuid}/{specific}"


def page(group):
    return f"{SITE}/groups/{group.slug}/"


# What it lists --------------------------------------------------------------------------------


def test_cancellations_moves_and_new_groups_newest_first_and_only_the_regions_public_ones(
    client, east, west, move_clock
):
    # Built first, so that they could leak: the private group (new, with a cancellation at the
    # clock's "now", tests/two_regions.py), a move of it, and the other region's cancellation.
    move_clock(5)
    sessions.session_cancel(
        group=east.group,
        original_date=TUESDAY,
        public_note="Closed for the snow",
        private_note="The boiler is broken again",
        notify=False,
    )
    sessions.session_cancel(
        group=west.group, original_date=TUESDAY, public_note="Western snow day", notify=False
    )
    move_clock(10)
    sessions.session_move(
        group=east.group,
        original_date=dt.date(2026, 3, 17),
        new_date=dt.date(2026, 3, 18),
        new_start_time=dt.time(19, 0),
        new_venue=east.other_venue,
        public_note="Upstairs this week",
        private_note="Ask Dana for the key",
        notify=False,
    )
    sessions.session_move(
        group=east.private_group,
        original_date=dt.date(2026, 3, 17),
        new_start_time=dt.time(19, 0),
        notify=False,
    )

    feed, entries = parse(client.get(EAST))

    assert [(e["title"], e["summary"]) for e in entries] == [
        (
            "Moved: Metro Boston Hearing Voices, Tuesday 17 March 2026",
            "The Metro Boston Hearing Voices session of Tuesday 17 March 2026 at 6:00 pm has "
            "moved: it is now on Wednesday 18 March 2026, 7:00 to 8:30 pm, at Metro Boston Peer "
            "Center, 1 Main Street, Worcester. Upstairs this week.",
        ),
        (
            "Cancelled: Metro Boston Hearing Voices, Tuesday 3 March 2026",
            "Metro Boston Hearing Voices does not meet on Tuesday 3 March 2026, 6:00 to 7:30 pm: "
            "this session is cancelled. Closed for the snow. The group's page has its next "
            "sessions.",
        ),
        (
            "New group: Metro Boston Hearing Voices",
            "Metro Boston RLC has a new group: Metro Boston Hearing Voices. Every Tuesday, 6:00 "
            "to 7:30 pm. It meets at Metro Boston Library, 1 Main Street, Worcester.",
        ),
    ]
    assert [e["id"] for e in entries] == [
        tag(east.group, "session/2026-03-17/moved"),
        tag(east.group, "session/2026-03-03/cancelled"),
        tag(east.group, "new"),
    ]
    assert [e["updated"] for e in entries] == [
        "2026-02-28T17:10:00+00:00",
        "2026-02-28T17:05:00+00:00",
        "2026-02-28T17:00:00+00:00",
    ]
    assert [e["links"] for e in entries] == [{"alternate": page(east.group)}] * 3
    assert feed == {
        "id": f"tag:peerhub.example.org,2026-02-28:region/{east.region.pk}",
        "title": "Metro Boston RLC: changes to peer support groups",
        "updated": "2026-02-28T17:10:00+00:00",
        "summary": None,
        "subtitle": "Cancelled and moved sessions and new groups of Metro Boston RLC, newest "
        "first.",
        "links": {
            "alternate": f"{SITE}/regions/metro-boston/",
            "self": f"{SITE}/regions/metro-boston/changes.atom",
        },
        "author": "Metro Boston RLC",
    }
    body = client.get(EAST).content.decode()
    for never in ("Inpatient", "boiler", "Dana", "Western", east.private_group.slug):
        assert never not in body


def test_each_region_has_its_own_feed(client, east, west, move_clock):
    move_clock(5)
    sessions.session_cancel(group=west.group, original_date=TUESDAY, notify=False)

    _, west_entries = parse(client.get(WEST))
    _, east_entries = parse(client.get(EAST))

    assert [e["title"] for e in west_entries] == [
        "Cancelled: Western Mass Hearing Voices, Tuesday 3 March 2026",
        "New group: Western Mass Hearing Voices",
    ]
    assert [e["title"] for e in east_entries] == ["New group: Metro Boston Hearing Voices"]


def test_a_group_that_is_not_running_is_left_out(client, east, move_clock):
    move_clock(5)
    sessions.session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    group_update(group=east.group, expected_version=ANY_VERSION, status=Group.Status.PAUSED)

    _, entries = parse(client.get(EAST))

    assert entries == []


def test_a_move_to_a_private_address_names_only_the_town(client, east, move_clock):
    shelter = VenueFactory(
        region=east.region,
        name="Harbor House",
        slug="harbor-house",
        kind=Venue.Kind.SHELTER,
        address="12 Quiet Lane",
        town="Fitchburg",
        address_is_public=False,
    )
    move_clock(5)
    sessions.session_move(
        group=east.group, original_date=dt.date(2026, 3, 10), new_venue=shelter, notify=False
    )
    move_clock(10)
    newcomer = group_create(
        title="Harbor Circle",
        slug="harbor-circle",
        region=east.region,
        venue=shelter,
        start_date=dt.date(2026, 3, 5),
        start_time=dt.time(10, 0),
        duration_minutes=60,
        recurrences=Recurrence(rrules=[Rule(WEEKLY, byday=[3])]),
    )

    response = client.get(EAST)
    _, entries = parse(response)

    assert [(e["id"], e["summary"]) for e in entries[:2]] == [
        (
            tag(newcomer, "new"),
            "Metro Boston RLC has a new group: Harbor Circle. Every Thursday, 10:00 to 11:00 "
            "am. It meets in Fitchburg. The address is shared when you contact Metro Boston RLC.",
        ),
        (
            tag(east.group, "session/2026-03-10/moved"),
            "The Metro Boston Hearing Voices session of Tuesday 10 March 2026 at 6:00 pm has "
            "moved: it is now on Tuesday 10 March 2026, 6:00 to 7:30 pm, in Fitchburg. The "
            "address is shared when you contact Metro Boston RLC.",
        ),
    ]
    assert "Quiet Lane" not in response.content.decode()
    assert "Harbor House" not in response.content.decode()


def test_a_venue_that_makes_its_address_private_is_never_served_from_an_old_copy(
    client, east, move_clock
):
    venue_update(venue=east.other_venue, address="9 Center Street")
    move_clock(5)
    sessions.session_move(
        group=east.group, original_date=TUESDAY, new_venue=east.other_venue, notify=False
    )
    assert "9 Center Street" in parse(client.get(EAST))[1][0]["summary"]  # kept in the cache
    move_clock(10)
    venue_update(venue=east.other_venue, address_is_public=False)

    response = client.get(EAST)

    assert parse(response)[1][0]["summary"] == (
        "The Metro Boston Hearing Voices session of Tuesday 3 March 2026 at 6:00 pm has moved: "
        "it is now on Tuesday 3 March 2026, 6:00 to 7:30 pm, in Worcester. The address is shared "
        "when you contact Metro Boston RLC."
    )
    assert "9 Center Street" not in response.content.decode()


def test_a_move_online_says_online(client, east, move_clock):
    online = VenueFactory(
        region=east.region, kind=Venue.Kind.ONLINE, address="", town="", join_details="zoom.us/j/1"
    )
    move_clock(5)
    sessions.session_move(
        group=east.group, original_date=dt.date(2026, 3, 10), new_venue=online, notify=False
    )

    response = client.get(EAST)
    _, entries = parse(response)

    assert entries[0]["summary"] == (
        "The Metro Boston Hearing Voices session of Tuesday 10 March 2026 at 6:00 pm has moved: "
        "it is now on Tuesday 10 March 2026, 6:00 to 7:30 pm, online."
    )
    assert "zoom" not in response.content.decode()


# Times ----------------------------------------------------------------------------------------


def test_times_stay_at_the_groups_wall_clock_across_the_clock_change(client, east, move_clock):
    # 3 March is before the clocks spring forward (8 March 2026), 10 March after: 6 pm both.
    move_clock(5)
    sessions.session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    move_clock(10)
    sessions.session_cancel(group=east.group, original_date=dt.date(2026, 3, 10), notify=False)

    _, entries = parse(client.get(EAST))

    assert [e["summary"] for e in entries[:2]] == [
        "Metro Boston Hearing Voices does not meet on Tuesday 10 March 2026, 6:00 to 7:30 pm: "
        "this session is cancelled. The group's page has its next sessions.",
        "Metro Boston Hearing Voices does not meet on Tuesday 3 March 2026, 6:00 to 7:30 pm: "
        "this session is cancelled. The group's page has its next sessions.",
    ]


def test_times_are_in_the_regions_own_timezone(client, page_clock):
    pacific = RegionFactory(name="Pacific RLC", slug="pacific", timezone="America/Los_Angeles")
    group = GroupFactory(region=pacific, title="Evening Circle")  # Tuesdays, 6 pm
    sessions.session_cancel(group=group, original_date=dt.date(2026, 3, 10), notify=False)

    _, entries = parse(client.get("/regions/pacific/changes.atom"))

    assert entries[0]["summary"] == (
        "Evening Circle does not meet on Tuesday 10 March 2026, 6:00 to 7:30 pm: this session is "
        "cancelled. The group's page has its next sessions."
    )


# Entry ids and edits ------------------------------------------------------------------------------


def test_entry_ids_stay_when_the_group_and_the_change_are_edited(client, east, move_clock):
    move_clock(5)
    sessions.session_move(
        group=east.group,
        original_date=TUESDAY,
        new_start_time=dt.time(19, 0),
        public_note="Later this week",
        notify=False,
    )
    _, before = parse(client.get(EAST))
    move_clock(10)
    group_update(
        group=east.group, expected_version=ANY_VERSION, title="Hearing Voices Boston", slug="hv"
    )
    sessions.session_move(
        group=east.group,
        original_date=TUESDAY,
        new_start_time=dt.time(19, 30),
        public_note="Later still",
        notify=False,
    )

    _, after = parse(client.get(EAST))

    assert [e["id"] for e in after] == [e["id"] for e in before]
    assert [(e["title"], e["summary"], e["updated"]) for e in after[:1]] == [
        (
            "Moved: Hearing Voices Boston, Tuesday 3 March 2026",
            "The Hearing Voices Boston session of Tuesday 3 March 2026 at 6:00 pm has moved: it "
            "is now on Tuesday 3 March 2026, 7:30 to 9:00 pm. Later still.",
            "2026-02-28T17:10:00+00:00",
        )
    ]
    assert after[0]["links"] == {"alternate": f"{SITE}/groups/hv/"}


def test_a_moved_session_then_cancelled_is_a_new_entry(client, east, move_clock):
    move_clock(5)
    sessions.session_move(
        group=east.group, original_date=TUESDAY, new_date=dt.date(2026, 3, 4), notify=False
    )
    move_clock(10)
    sessions.session_cancel(group=east.group, original_date=TUESDAY, notify=False)

    _, entries = parse(client.get(EAST))

    # Cancelled where it had moved to, as every page and feed says.
    assert [(e["id"], e["title"]) for e in entries] == [
        (
            tag(east.group, "session/2026-03-03/cancelled"),
            "Cancelled: Metro Boston Hearing Voices, Wednesday 4 March 2026",
        ),
        (tag(east.group, "new"), "New group: Metro Boston Hearing Voices"),
    ]


def test_words_are_written_as_words_never_as_markup(client, east, move_clock):
    move_clock(5)
    group_update(group=east.group, expected_version=ANY_VERSION, title="<b>Bold</b> Circle")
    sessions.session_cancel(
        group=east.group, original_date=TUESDAY, public_note="<script>x()</script>", notify=False
    )

    _, entries = parse(client.get(EAST))

    assert [(e["title"], e["summary"]) for e in entries[:1]] == [
        (
            "Cancelled: <b>Bold</b> Circle, Tuesday 3 March 2026",
            "<b>Bold</b> Circle does not meet on Tuesday 3 March 2026, 6:00 to 7:30 pm: this "
            "session is cancelled. <script>x()</script>. The group's page has its next sessions.",
        )
    ]


def test_the_last_fifty_changes(client, east, move_clock):
    move_clock(5)
    first = dt.date(2026, 1, 6)
    for week in range(51):
        SessionChangeFactory(group=east.group, original_date=first + dt.timedelta(weeks=week))

    _, entries = parse(client.get(EAST))

    assert len(entries) == 50
    assert tag(east.group, "new") not in {e["id"] for e in entries}


# HTTP -----------------------------------------------------------------------------------------


def test_an_unknown_region_is_404(client, east):
    assert client.get("/regions/nowhere/changes.atom").status_code == 404


def test_a_region_without_changes_is_an_empty_feed_dated_by_the_region(client, page_clock):
    RegionFactory(slug="quiet", name="Quiet RLC")

    feed, entries = parse(client.get("/regions/quiet/changes.atom"))

    assert (feed["updated"], entries) == ("2026-02-28T17:00:00+00:00", [])


def test_a_conditional_get_of_an_unchanged_feed_is_304(client, east, west, move_clock):
    first = client.get(EAST)
    etag, modified = first["ETag"], first["Last-Modified"]

    assert client.get(EAST, headers={"If-None-Match": etag}).status_code == 304
    assert client.get(EAST, headers={"If-Modified-Since": modified}).status_code == 304
    move_clock(5)
    sessions.session_cancel(group=west.group, original_date=TUESDAY, notify=False)
    assert client.get(EAST)["ETag"] == etag  # the other region's change
    sessions.session_cancel(group=east.group, original_date=TUESDAY, notify=False)
    again = client.get(EAST, headers={"If-None-Match": etag})
    assert again.status_code == 200
    assert again["ETag"] != etag
    assert parse(again)[1][0]["id"] == tag(east.group, "session/2026-03-03/cancelled")


def test_the_feed_is_english_for_every_reader(client, east):
    english = client.get(EAST).content
    assert client.get(EAST, headers={"Accept-Language": "es"}).content == english


@pytest.mark.parametrize("count", [1, 3])
def test_query_count_does_not_grow_with_the_entries(
    client, east, move_clock, django_assert_num_queries, count
):
    move_clock(5)
    for week in range(count):
        day = TUESDAY + dt.timedelta(weeks=week)
        sessions.session_cancel(group=east.group, original_date=day, notify=False)
        GroupFactory(region=east.region, venue=east.venue)
    Site.objects.get_current()  # the syndication framework asks once per process; not ours

    # The region's version, the region, its changes, its new groups.
    with django_assert_num_queries(4):
        _, entries = parse(client.get(EAST))
    # Kept under the version: only the version is read again.
    with django_assert_num_queries(1):
        parse(client.get(EAST))
    assert len(entries) == 2 * count + 1


# The region page links to it -------------------------------------------------------------------


class Links(HTMLParser):
    """The page's Atom <link>s in its head (href, title) and its <a> links (href, text)."""

    def __init__(self):
        super().__init__()
        self.feeds, self.anchors, self._anchor = [], [], None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "link" and attrs.get("type") == "application/atom+xml":
            self.feeds.append((attrs.get("rel"), attrs["href"], attrs.get("title")))
        elif tag == "a":
            self._anchor = [attrs.get("href"), ""]

    def handle_data(self, data):
        if self._anchor is not None:
            self._anchor[1] += data

    def handle_endtag(self, tag):
        if tag == "a" and self._anchor is not None:
            self.anchors.append(tuple(self._anchor))
            self._anchor = None


@pytest.mark.parametrize(
    ("page_path", "title", "text"),
    [
        (
            "/regions/metro-boston/",
            "Metro Boston RLC: cancellations, moves and new groups",
            "the news feed of cancellations, moves and new groups",
        ),
        (
            "/es/regions/metro-boston/",
            "Metro Boston RLC: cancelaciones, cambios y grupos nuevos",
            "las novedades de cancelaciones, cambios y grupos nuevos",
        ),
        (
            "/pt-br/regions/metro-boston/",
            "Metro Boston RLC: cancelamentos, mudanças e grupos novos",
            "as novidades de cancelamentos, mudanças e grupos novos",
        ),
    ],
)
def test_the_region_page_links_to_its_changes_feed(client, east, page_path, title, text):
    page = Links()
    page.feed(client.get(page_path).content.decode())

    assert page.feeds == [("alternate", EAST, title)]
    assert [(href, words) for href, words in page.anchors if href == EAST] == [(EAST, text)]
    assert client.get(EAST).status_code == 200
