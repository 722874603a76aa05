"""The words the public pages build in Python, in Spanish and Portuguese; the feeds, the API and a
session's .ics stay byte-identical English whatever the visitor's language."""

import re
from html import unescape

import pytest
from django.utils import translation
from django.utils.translation import gettext

from groups.models import Language
from tests.factories import GroupFactory, RegionFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]


@pytest.fixture
def group():
    region = RegionFactory(name="Central RLC", slug="central")
    group = GroupFactory(region=region, slug="wrap", title="WRAP Group")
    group.languages.set(Language.objects.filter(code__in=["es", "ht"]))
    return group


def text_of(response) -> str:
    page = re.sub(r"<[^>]+>", " ", response.content.decode())
    return re.sub(r"\s+", " ", unescape(page))


def body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def spanish(message: str) -> str:
    with translation.override("es"):
        translated = gettext(message)
    assert translated != message  # there is a Spanish translation to look for
    return translated


def test_facilitator_form_errors_in_spanish(client):
    response = client.post("/es/become-a-facilitator/", {"email": "not an address"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["first_name"] == [spanish("Please give your first name.")]
    assert errors["email"] == [spanish("Please give an email address like name@example.org.")]
    assert errors["region"] == [spanish("Please choose an RLC.")]
    assert errors["recovery"] == [spanish("Please write a few words here.")]


def test_a_too_long_answer_is_measured_in_spanish(client):
    response = client.post("/es/become-a-facilitator/", {"recovery": "x" * 2001})
    assert response.context["form"].errors["recovery"] == [
        "Por favor, acorte este texto a 2\xa0000 caracteres o menos (ahora tiene 2001)."
    ]


def test_feedback_form_errors_in_spanish(client, group):
    response = client.post("/es/groups/wrap/feedback/", {"rating": "9"})
    assert response.status_code == 400
    assert response.context["feedback"]["form"].errors["rating"] == [
        spanish("Choose how it was for you, from 1 to 5.")
    ]


def test_calendar_parameter_errors_in_spanish(client, group):
    response = client.get("/es/calendar/", {"date": "2026-13-45", "type": "nope"})
    assert response.status_code == 400
    assert [problem.message for problem in response.context["problems"]] == [
        "No pudimos leer la fecha “2026-13-45”. Use el formulario de abajo.",
        "No reconocemos “nope” como tipo de grupo. Use el formulario de abajo.",
    ]


def test_group_page_in_spanish_and_portuguese(client, group):
    page = text_of(client.get("/es/groups/wrap/"))
    assert "Todos los martes, de 6:00 a 7:30 p. m." in page
    assert "Español" in page
    assert "Kreyòl ayisyen" in page
    assert "Primero comuníquese con" not in page  # a public address: the group's words alone
    page = text_of(client.get("/pt-br/groups/wrap/"))
    assert "Toda terça-feira, das 18h às 19h30" in page


def test_calendar_in_spanish_names_days_filters_and_languages(client, group):
    response = client.get("/es/calendar/", {"language": "es", "view": "week"})
    assert response.status_code == 200
    assert response.context["range_words"] == "lunes 23 de febrero al domingo 1 de marzo de 2026"
    assert response.context["chosen"] == ["Español"]
    assert response.context["title"] == (
        "Grupos de apoyo entre pares esta semana en todo Massachusetts"
    )
    assert response.context["previous_label"] == "Semana anterior"
    filters = text_of(client.get("/es/calendar/"))
    assert "Kreyòl ayisyen" in filters
    assert "Lunes" in filters


def test_english_pages_keep_english_names(client, group):
    response = client.get("/calendar/", {"language": "es", "view": "week"})
    assert response.context["range_words"] == "Monday 23 February to Sunday 1 March 2026"
    assert response.context["chosen"] == ["Español"]  # a language is named in itself
    assert "Every Tuesday, 6:00 to 7:30 pm" in text_of(client.get("/groups/wrap/"))


@pytest.mark.parametrize(
    "path",
    [
        "/calendar.ics",
        "/groups/wrap/calendar.ics",
        "/api/v1/groups.json",
        "/api/v1/occurrences.json?start=2026-03-01&end=2026-03-31",
    ],
)
def test_feeds_and_api_are_the_same_english_bytes_for_a_spanish_browser(client, group, path):
    client.get("/es/groups/wrap/")  # a Spanish page first, in case it left anything cached
    client.get("/es/calendar/")
    spanish_browser = client.get(path, HTTP_ACCEPT_LANGUAGE="es")
    # Read whole before the next request: a feed streamed as it is built is built once, so
    # another request for it waits for its end (publishing/feed_responses.py).
    spanish_bytes = body(spanish_browser)
    english = client.get(path)
    assert spanish_browser.status_code == 200
    assert spanish_bytes == body(english)


def test_the_api_schedule_is_english_for_a_spanish_browser(client, group):
    client.get("/es/groups/wrap/")
    [found] = client.get("/api/v1/groups.json", HTTP_ACCEPT_LANGUAGE="es").json()["groups"]
    assert found["schedule"] == "Every Tuesday, 6:00 to 7:30 pm"


def test_a_session_file_from_a_spanish_page_is_english(client, group):
    """One address for every language (peerhub/languages.py), the same English bytes."""
    assert client.get("/es/groups/wrap/sessions/2026-03-03.ics").status_code == 404
    spanish_reader = client.get("/groups/wrap/sessions/2026-03-03.ics", HTTP_ACCEPT_LANGUAGE="es")
    assert spanish_reader.status_code == 200
    assert body(spanish_reader) == body(client.get("/groups/wrap/sessions/2026-03-03.ics"))


def test_access_features_in_the_pages_language_unless_a_coordinator_renamed_one(client, group):
    from groups.models import AccessFeature

    group.access_features.set(AccessFeature.objects.filter(slug__in=["wheelchair", "parking"]))
    AccessFeature.objects.filter(slug="parking").update(name="Parking behind the church")
    with translation.override("es"):
        wheelchair = translation.pgettext("access", "Wheelchair accessible")
    assert wheelchair != "Wheelchair accessible"
    spanish = text_of(client.get("/es/groups/wrap/"))
    assert (wheelchair in spanish, "Wheelchair accessible" in spanish) == (True, False)
    assert "Parking behind the church" in spanish
    english = text_of(client.get("/groups/wrap/"))
    assert (wheelchair in english, "Wheelchair accessible" in english) == (False, True)
    calendar = text_of(client.get("/es/calendar/", {"access": "wheelchair"}))
    assert wheelchair in calendar
