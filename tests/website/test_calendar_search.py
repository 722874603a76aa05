"""The calendar's search box and filter panel: words people type, the next sessions when the
dates shown have none, the panel's count and the choices it offers, privacy, query counts."""

import datetime as dt
import html
from urllib.parse import urlencode

import pytest

from groups.models import AccessFeature, Group, Language
from groups.services import ANY_VERSION, group_update
from regions.models import Venue
from regions.services import venue_update
from tests.caches import clear_caches
from tests.factories import GroupFactory, RegionFactory, VenueFactory, weekly

pytestmark = pytest.mark.django_db

MONDAY = dt.date(2026, 3, 2)  # the week shown: Monday 2 to Sunday 8 March 2026
WEEK = "/calendar/?view=week&date=2026-03-02"


def weekly_group(weekday: int, *, languages=(), access=(), start=dt.date(2026, 1, 5), **fields):
    first = start + dt.timedelta(days=(weekday - start.weekday()) % 7)
    group = GroupFactory(start_date=first, recurrences=weekly(first.weekday()), **fields)
    group.languages.set(Language.objects.filter(code__in=languages))
    group.access_features.set(AccessFeature.objects.filter(slug__in=access))
    return group


def titles(response) -> list[str]:
    days = response.context.get("days") or []
    return sorted({session.title for day in days for session in day.sessions})


def text(response) -> str:
    return html.unescape(response.content.decode())


@pytest.fixture
def world():
    central = RegionFactory(slug="central", name="Central Mass RLC")
    western = RegionFactory(slug="western", name="Western Mass RLC")
    library = VenueFactory(
        region=central,
        slug="library",
        name="Worcester Public Library",
        kind=Venue.Kind.LIBRARY,
        address="3 Salem Square",
        town="Worcester",
    )
    church = VenueFactory(
        region=western,
        slug="church",
        name="First Church",
        kind=Venue.Kind.CHURCH,
        address="50 Elm Street",
        town="Springfield",
        accessibility_notes="Step-free entrance by the car park.",
    )
    shelter = VenueFactory(
        region=western,
        slug="shelter",
        name="Safe Harbor",
        kind=Venue.Kind.SHELTER,
        address="12 Hidden Lane",
        town="Holyoke",
        address_is_public=False,
    )
    hospital = VenueFactory(
        region=central, slug="hospital", kind=Venue.Kind.STATE_HOSPITAL, town="Worcester"
    )
    K = Group.Kind
    weekly_group(0, title="Grupo de Apoyo", region=central, venue=library, kind=K.SELF_HELP,
                 languages=["es"], access=["wheelchair"])  # fmt: skip
    weekly_group(1, title="Roda de Conversa", region=western, venue=church, kind=K.SOCIAL,
                 languages=["pt", "en"], access=["asl"])  # fmt: skip
    weekly_group(2, title="WRAP Training", region=central, venue=library, kind=K.CLASS,
                 languages=["en"])  # fmt: skip
    weekly_group(3, title="Peer Workers Circle", region=western, venue=shelter,
                 kind=K.PEER_WORKER_SUPPORT, languages=["en"])  # fmt: skip
    weekly_group(4, title="Inpatient Circle", region=central, venue=hospital, kind=K.OTHER,
                 languages=["es"], is_public=False,
                 audience=Group.Audience.HOSPITAL_PATIENTS)  # fmt: skip
    # Peer Support 101 meets on five Wednesdays from 18 March only.
    GroupFactory(
        title="Peer Support 101",
        slug="peer-support-101",
        region=central,
        venue=library,
        kind=K.CLASS,
        start_date=dt.date(2026, 3, 18),
        end_date=dt.date(2026, 4, 29),
        recurrences=weekly(2),
    )


GRUPO, RODA, WRAP, WORKERS = (
    "Grupo de Apoyo",
    "Roda de Conversa",
    "WRAP Training",
    ("Peer Workers Circle"),
)


@pytest.mark.parametrize(
    ("q", "expected"),
    [
        # languages, in English and in their own words, however they are typed
        ("Spanish", [GRUPO]),
        ("spanish", [GRUPO]),
        ("Span", [GRUPO]),
        ("español", [GRUPO]),
        ("ESPAÑOL", [GRUPO]),
        ("espanol", [GRUPO]),
        ("Portuguese", [RODA]),
        ("português", [RODA]),
        ("portugues", [RODA]),
        ("English", [RODA, WORKERS, WRAP]),
        # access
        ("wheelchair", [GRUPO]),
        ("accessible", [GRUPO]),
        ("ASL", [RODA]),
        ("sign language", [RODA]),
        ("step-free", [RODA]),  # the venue's access notes
        # kinds of group
        ("peer worker", [WORKERS]),
        ("training", [WRAP]),
        ("social", [RODA]),
        ("class", [WRAP]),
        # towns, regions, places, public addresses
        ("worcester", [GRUPO, WRAP]),
        ("Worc", [GRUPO, WRAP]),
        ("holyoke", [WORKERS]),
        ("western mass", [RODA, WORKERS]),
        ("salem square", [GRUPO, WRAP]),
        ("library", [GRUPO, WRAP]),
        # several words: each must match something
        ("spanish worcester", [GRUPO]),
        ("Spanish group", [GRUPO]),
        ("spanish springfield", []),
        ("wrap", [WRAP]),
        # what is private never matches
        ("hidden lane", []),
        ("inpatient", []),
        ("xyzzy", []),
        # only small words: every group; only symbols: none
        ("the group", [GRUPO, RODA, WRAP, WORKERS]),
        ("🌈", []),
        ("!!!", []),
    ],
)
def test_search_understands_what_people_type(client, world, q, expected):
    response = client.get(f"{WEEK}&{urlencode({'q': q})}")
    assert response.status_code == 200
    assert titles(response) == sorted(expected)


def test_search_finds_what_a_group_gains_after_it_was_searched(client, world):
    assert titles(client.get(f"{WEEK}&q=vietnamese")) == []
    group = Group.objects.get(title=WRAP)
    group.languages.add(Language.objects.get(code="vi"))
    assert titles(client.get(f"{WEEK}&q=ti%E1%BA%BFng+vi%E1%BB%87t")) == [WRAP]
    assert titles(client.get(f"{WEEK}&q=vietnamese")) == [WRAP]


def test_the_feed_searches_the_same_way(client, world):
    response = client.get("/calendar.ics?q=espa%C3%B1ol")
    feed = b"".join(response.streaming_content).decode()
    assert "Grupo de Apoyo" in feed
    assert "WRAP Training" not in feed


# The next sessions, when the dates shown have none ----------------------------------------


def test_a_search_with_nothing_this_week_offers_the_next_sessions(client, world):
    response = client.get(f"{WEEK}&q=Peer+Support+101")
    assert response.status_code == 200
    assert response.context["session_count"] == 0
    page = text(response)
    assert "Nothing matches your choices from Monday 2 March to Sunday 8 March 2026." in page
    assert '<h2 id="next-sessions">The next sessions that match</h2>' in page
    upcoming = page.split('<ol class="next-sessions">', 1)[1].split("</ol>", 1)[0]
    dates = ["Wednesday 18 March", "Wednesday 25 March", "Wednesday 1 April",
             "Wednesday 8 April", "Wednesday 15 April"]  # fmt: skip
    assert [line for line in dates if line in upcoming] == dates
    assert "Wednesday 22 April" not in upcoming  # five at most
    assert upcoming.count('<a href="/groups/peer-support-101/">Peer Support 101</a>') == 5
    assert (
        '<a href="/calendar/?view=week&amp;date=2026-03-18&amp;q=Peer+Support+101">'
        in response.content.decode()
    )


def test_no_next_session_within_a_year_says_so(client, world):
    response = client.get("/calendar/?view=week&date=2026-03-02&q=Peer+Support+101&weekday=mon")
    page = text(response)
    assert "Nothing matches your choices from Monday 2 March to Sunday 8 March 2026." in page
    assert "Nothing matches in the year after these dates either." in page
    assert '<ol class="next-sessions">' not in page


def test_next_sessions_never_show_private_groups(client, world):
    page = text(client.get(f"{WEEK}&q=inpatient"))
    assert "Nothing matches in the year after these dates either." in page
    assert "Inpatient" not in page.split("<main", 1)[1].replace('value="inpatient"', "")


# The filter panel ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("query", "summary"),
    [
        ("q=spanish", "More choices: region, day, time, access and language</summary>"),
        ("q=spanish&region=central", "(1 chosen)"),
        ("region=central&weekday=mon&time=evening", "(3 chosen)"),
        ("venue=library", "More choices: region, day, time, access and language</summary>"),
    ],
)
def test_more_choices_counts_only_what_is_inside_the_panel(client, world, query, summary):
    page = text(client.get(f"{WEEK}&{query}"))
    assert summary in page.split("<summary>", 1)[1].split("</summary>", 1)[0] + "</summary>"


def options(page: str, name: str) -> list[str]:
    start = page.split(f'name="{name}"', 1)[1].split("</select>", 1)[0]
    return [part.split('"', 1)[0] for part in start.split('<option value="')[1:] if part[0] != '"']


def test_the_panel_offers_only_what_public_groups_can_match(client, world):
    page = text(client.get(WEEK))
    # every state hospital group is private: no "State hospital"; no group is at a peer center
    assert options(page, "venue_kind") == ["shelter", "library", "church"]
    assert options(page, "type") == ["self_help", "peer_worker_support", "class", "social"]
    assert 'name="language" value="es"' in page
    assert 'name="language" value="pt"' in page
    assert 'name="language" value="vi"' not in page
    assert 'name="access" value="asl"' in page
    assert 'name="access" value="parking"' not in page


def test_a_choice_from_a_shared_link_stays_offered_even_if_nothing_matches(client, world):
    page = text(client.get(f"{WEEK}&venue_kind=state_hospital&language=vi"))
    assert '<option value="state_hospital" selected>' in page
    assert '<input type="checkbox" name="language" value="vi" checked>' in page


def test_the_panel_follows_a_group_made_public(client, world):
    assert "state_hospital" not in options(text(client.get(WEEK)), "venue_kind")
    Group.objects.filter(title="Inpatient Circle").update(audience=Group.Audience.EVERYONE)
    group = Group.objects.get(title="Inpatient Circle")
    group.is_public = True
    group.save()
    assert "state_hospital" in options(text(client.get(WEEK)), "venue_kind")


# Query counts ------------------------------------------------------------------------------


@pytest.mark.parametrize("count", [1, 4])
def test_a_search_costs_a_fixed_number_of_queries(client, django_assert_num_queries, count):
    region = RegionFactory(slug="central")
    venue = VenueFactory(region=region, town="Worcester")
    for n in range(count):
        weekly_group(0, title=f"Grupo {n}", slug=f"g{n}", region=region, venue=venue,
                     languages=["es", "en"], access=["wheelchair", "asl"])  # fmt: skip
    url = f"{WEEK}&q=espanol+worcester"
    # regions, access features, languages, versions, the public choices, the search's groups,
    # their languages and access features, the groups found's versions, the groups, their changes
    with django_assert_num_queries(11):
        response = client.get(url)
    assert response.context["session_count"] == count
    with django_assert_num_queries(1):  # warm, kept whole: the network's and listing's versions
        assert client.get(url).content == response.content
    # Nothing this week (another filter form, the search's words already kept): the versions,
    # regions, access features, languages, the groups found's versions, the groups and their
    # changes in the week (each group's sessions of the week, kept: none), and, for the next
    # sessions, the groups again and their changes in the year after.
    empty = f"{WEEK}&q=espanol&weekday=sun"
    with django_assert_num_queries(9):
        response = client.get(empty)
    assert response.context["session_count"] == 0
    with django_assert_num_queries(1):
        assert client.get(empty).content == response.content


# Freshness and a lost cache -----------------------------------------------------------------


def test_an_address_made_private_is_no_longer_searched(client, world):
    assert titles(client.get(f"{WEEK}&q=salem+square")) == [GRUPO, WRAP]
    venue_update(venue=Venue.objects.get(slug="library"), address_is_public=False)
    assert titles(client.get(f"{WEEK}&q=salem+square")) == []
    assert titles(client.get(f"{WEEK}&q=worcester")) == [GRUPO, WRAP]  # the town stays public


def test_a_group_made_private_is_no_longer_found(client, world):
    assert titles(client.get(f"{WEEK}&q=portugues")) == [RODA]
    group_update(group=Group.objects.get(title=RODA), expected_version=ANY_VERSION, is_public=False)
    assert titles(client.get(f"{WEEK}&q=portugues")) == []


def test_search_and_panel_answer_the_same_when_the_cache_is_gone(client, world):
    first = client.get(f"{WEEK}&q=espanol")
    clear_caches()
    again = client.get(f"{WEEK}&q=espanol")
    assert titles(again) == titles(first) == [GRUPO]
    assert again.content == first.content
    clear_caches()
    assert options(text(client.get(WEEK)), "venue_kind") == ["shelter", "library", "church"]


def test_a_panel_section_with_nothing_to_offer_is_left_out(client):
    weekly_group(0, title="Plain Group", languages=["en"])
    page = text(client.get(WEEK))
    assert "<legend>Language</legend>" in page
    assert "<legend>Access</legend>" not in page
