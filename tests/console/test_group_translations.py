"""A group's title and description in Spanish and Portuguese, written in the console's form."""

import datetime as dt

import pytest
from django.db.models import F

from groups.models import Group, GroupTranslation
from tests.console.test_groups import edit_data, group_data
from tests.page_clock import NOW

pytestmark = pytest.mark.django_db


def translations(group) -> dict:
    return {
        row.language: (row.title, row.description)
        for row in GroupTranslation.objects.filter(group=group)
    }


def test_the_form_offers_each_other_language(coordinator_client, east):
    response = coordinator_client.get(f"/manage/groups/{east.group.slug}/")
    form = response.context["form"]
    assert [(code, name) for code, name, _fields in form.translation_fieldsets()] == [
        ("es", "Spanish"),
        ("pt-br", "Brazilian Portuguese"),
    ]
    html = response.content.decode()
    assert "<legend>In Spanish (optional)</legend>" in html
    assert 'name="title_pt_br"' in html
    # Each field's label names its language: the form has one field labelled "Name:".
    assert '<label for="id_title_es">Name in Spanish:</label>' in html
    assert '<label for="id_description_pt_br">Description in Brazilian Portuguese:</label>' in html
    assert 'name="description_es"' in html


def test_an_edit_saves_the_translations_with_the_group(coordinator_client, east):
    group = east.group
    data = edit_data(
        coordinator_client,
        group,
        title_es="Escuchar voces",
        description_es="Un grupo para compartir.",
        title_pt_br="Ouvir vozes",
    )
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 302
    assert translations(group) == {
        "es": ("Escuchar voces", "Un grupo para compartir."),
        "pt-br": ("Ouvir vozes", ""),
    }
    assert Group.objects.values_list("version", "sequence").get(pk=group.pk) == (1, 1)
    page = coordinator_client.get(f"/manage/groups/{group.slug}/")
    form = page.context["form"]
    assert (form["title_es"].value(), form["description_pt_br"].value()) == (
        "Escuchar voces",
        "",
    )
    history = [entry.what for entry in page.context["history"]]
    assert "Wrote the group's name or description in Spanish" in history
    assert "Wrote the group's name or description in Brazilian Portuguese" in history


def test_emptying_both_boxes_removes_a_translation(coordinator_client, east, move_clock):
    group = east.group
    move_clock(1)
    GroupTranslation.objects.create(group=group, language="es", title="Escuchar voces")
    move_clock(2)
    data = edit_data(coordinator_client, group, title_es="")
    assert coordinator_client.post(f"/manage/groups/{group.slug}/", data).status_code == 302
    assert translations(group) == {}
    history = coordinator_client.get(f"/manage/groups/{group.slug}/").context["history"]
    assert [entry.what for entry in history][:2] == [
        "Removed the group's name and description in Spanish",
        "Wrote the group's name or description in Spanish",
    ]


def test_changes_one_request_saves_keep_the_order_it_saved_them_in(
    coordinator_client, east, move_clock
):
    """One edit renames the group and removes its Spanish text in the same instant. Each table
    numbers its records with its own sequence (and PostgreSQL does not rewind sequences between
    tests), so the group's record may carry the higher number: the order must not compare numbers
    across tables, on any database."""
    group = east.group
    move_clock(1)
    GroupTranslation.objects.create(group=group, language="es", title="Escuchar voces")
    move_clock(2)
    data = edit_data(coordinator_client, group, title="Hearing Voices Circle", title_es="")
    assert coordinator_client.post(f"/manage/groups/{group.slug}/", data).status_code == 302
    Group.history.filter(id=group.pk).update(history_id=F("history_id") + 100_000)
    history = coordinator_client.get(f"/manage/groups/{group.slug}/").context["history"]
    assert [(entry.when, entry.what) for entry in history][:3] == [
        (
            NOW + dt.timedelta(minutes=2),
            "Removed the group's name and description in Spanish",
        ),
        (
            NOW + dt.timedelta(minutes=2),
            f"Changed title from {group.title} to Hearing Voices Circle",
        ),
        (NOW + dt.timedelta(minutes=1), "Wrote the group's name or description in Spanish"),
    ]


def test_a_new_group_is_saved_with_its_translations(coordinator_client, east):
    data = group_data(east, title_es="WRAP de los jueves", description_pt_br="Um plano.")
    response = coordinator_client.post("/manage/groups/new/", data)
    assert response.status_code == 302
    group = Group.objects.get(title="Thursday WRAP")
    assert translations(group) == {"es": ("WRAP de los jueves", ""), "pt-br": ("", "Um plano.")}


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"title_es": "x" * 161}, "title_es"),
        ({"description_pt_br": "x" * 5001}, "description_pt_br"),
    ],
)
def test_a_bad_translation_is_a_form_error_and_saves_nothing(
    coordinator_client, east, changes, field
):
    group = east.group
    data = edit_data(coordinator_client, group, title="Renamed", **changes)
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == [field]
    assert 'class="field field--error"' in response.content.decode()
    assert Group.objects.values_list("title", "version").get(pk=group.pk) == (group.title, 0)
    assert translations(group) == {}


def test_a_bad_translation_of_a_new_group_saves_no_group(coordinator_client, east):
    data = group_data(east, title_es="x" * 161)
    response = coordinator_client.post("/manage/groups/new/", data)
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["title_es"]
    assert not Group.objects.filter(title="Thursday WRAP").exists()


def test_another_regions_group_is_not_found(coordinator_client, east, west):
    group = west.group
    data = edit_data(coordinator_client, east.group, title_es="Escuchar voces")
    response = coordinator_client.post(f"/manage/groups/{group.slug}/", data)
    assert response.status_code == 404
    assert coordinator_client.get(f"/manage/groups/{group.slug}/").status_code == 404
    assert translations(group) == {}
    assert translations(east.group) == {}
