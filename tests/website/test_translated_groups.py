"""Public pages under /es/ and /pt-br/ show a group's title and description in that language
where its coordinator wrote them, else its main text; the feeds and the API keep the main text."""

import re

import pytest

from groups.models import GroupTranslation
from groups.services import ANY_VERSION, group_update
from tests.caches import clear_caches

pytestmark = pytest.mark.django_db

TITLE, DESCRIPTION = "Escuchar voces en Boston", "Un espacio para compartir experiencias."


@pytest.fixture
def spanish(east, west):
    """East's group, with a Spanish title and description and no Portuguese."""
    group = east.group
    group_update(
        group=group,
        expected_version=ANY_VERSION,
        description="A space to share experiences.",
        translations={"es": (TITLE, DESCRIPTION)},
    )
    return group


def text(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "path",
    [
        "/groups/{group.slug}/",
        "/calendar/?date=2026-03-02",
        "/calendar/?view=week&date=2026-03-02",
        "/calendar/?view=month&date=2026-03-02",
        "/regions/{group.region.slug}/",
        "/venues/{group.venue.slug}/",
        "/",
    ],
)
def test_each_page_shows_the_visitors_language_where_written(client, spanish, path):
    path = path.format(group=spanish)
    english = text(client.get(path))
    assert "Metro Boston Hearing Voices" in english
    assert TITLE not in english
    spanish_page = text(client.get(f"/es{path}"))
    assert TITLE in spanish_page
    assert "Metro Boston Hearing Voices" not in spanish_page
    # No Portuguese was written: the Portuguese page shows the main text.
    portuguese = text(client.get(f"/pt-br{path}"))
    assert "Metro Boston Hearing Voices" in portuguese
    assert TITLE not in portuguese
    # The other region's group has no translation: its main text everywhere.
    if "calendar" in path or path == "/":
        assert "Western Mass Hearing Voices" in spanish_page


def test_the_group_page_shows_the_translated_description(client, spanish):
    path = f"/groups/{spanish.slug}/"
    assert DESCRIPTION in text(client.get(f"/es{path}"))
    assert "A space to share experiences." in text(client.get(f"/pt-br{path}"))
    english = text(client.get(path))
    assert "A space to share experiences." in english
    assert DESCRIPTION not in english


def test_a_new_translation_shows_at_once_on_a_cached_page(client, spanish):
    path = f"/pt-br/groups/{spanish.slug}/"
    assert TITLE not in text(client.get(path))
    calendar = "/pt-br/calendar/?date=2026-03-02"
    assert "Ouvir vozes" not in text(client.get(calendar))
    group_update(
        group=spanish,
        expected_version=ANY_VERSION,
        translations={"pt-br": ("Ouvir vozes em Boston", "")},
    )
    assert "Ouvir vozes em Boston" in text(client.get(path))
    assert "Ouvir vozes em Boston" in text(client.get(calendar))


def test_the_search_finds_a_group_by_its_spanish_title(client, spanish):
    for prefix in ("/es", ""):
        response = client.get(f"{prefix}/calendar/?date=2026-03-02&q=escuchar+voces")
        page = text(response)
        assert response.context["session_count"] == 1
        assert "Western Mass Hearing Voices" not in page
    assert TITLE in text(client.get("/es/calendar/?date=2026-03-02&q=escuchar"))


def body(response) -> str:
    assert response.status_code == 200
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_feeds_and_the_api_keep_the_main_text(client, spanish):
    feed = body(client.get(f"/groups/{spanish.slug}/calendar.ics"))
    network = body(client.get("/calendar.ics"))
    for calendar in (feed, network):
        unfolded = re.sub(r"\r\n[ \t]", "", calendar)
        assert "SUMMARY:Metro Boston Hearing Voices" in unfolded
        assert "Escuchar" not in unfolded
    for path in (
        "/api/v1/groups.json",
        "/api/v1/occurrences.json?start=2026-03-02&end=2026-03-08",
    ):
        answer = body(client.get(path))
        assert "Metro Boston Hearing Voices" in answer
        assert "Escuchar" not in answer
    # Asked for by a Spanish browser, still the main text.
    for path in ("/api/v1/groups.json", "/calendar.ics"):
        answer = body(client.get(path, HTTP_ACCEPT_LANGUAGE="es"))
        assert "Metro Boston Hearing Voices" in answer
        assert "Escuchar" not in answer


def test_a_spanish_page_costs_one_query_more_at_most(client, spanish, django_assert_num_queries):
    path = f"/groups/{spanish.slug}/"
    client.get(path)
    client.get(f"/es{path}")
    with django_assert_num_queries(1):  # kept whole: the group's version
        client.get(path)
    with django_assert_num_queries(1):  # the same in Spanish
        client.get(f"/es{path}")
    # Rendered again (a parameter the page does not read: never kept): the group's version,
    # the group, and its text in Spanish.
    tagged = f"/es{path}?utm_source=flyer"
    client.get(tagged)
    with django_assert_num_queries(3):
        assert TITLE in text(client.get(tagged))
    # Without any translation, the same.
    GroupTranslation.objects.filter(group=spanish).delete()
    client.get(tagged)
    with django_assert_num_queries(3):
        assert TITLE not in text(client.get(tagged))


@pytest.mark.parametrize(
    ("path", "queries"),
    [
        ("/calendar/?date=2026-03-02", 8),
        ("/calendar/?date=2026-03-02&q=voices", 11),
        ("/regions/metro-boston/", 4),
        # + the network's version (the page kept whole) and the public groups counted by region
        # (the page's bound)
        ("/", 5),
    ],
)
def test_a_spanish_listing_costs_one_query_more_at_most(
    client, spanish, django_assert_num_queries, path, queries
):
    """Cold (nothing cached): the English page's queries, and the Spanish page's one more."""
    clear_caches()
    with django_assert_num_queries(queries):
        text(client.get(path))
    clear_caches()
    with django_assert_num_queries(queries + 1):
        text(client.get(f"/es{path}"))
