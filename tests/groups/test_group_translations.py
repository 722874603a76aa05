"""A group's title and description in Spanish and Portuguese (groups/translation_models.py,
groups/translations.py): the model's checks, the services' save, and what the pages read."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from groups.models import FeedVersion, Group, GroupTranslation
from groups.search import matching_pks
from groups.selectors import public_groups
from groups.services import ANY_VERSION, group_create, group_update
from groups.translations import translated
from groups.version_selectors import feed_version
from tests.factories import GroupFactory, RegionFactory, weekly

pytestmark = pytest.mark.django_db

SPANISH = ("Voces en español", "Un grupo para compartir.")


def refused(row) -> dict:
    with pytest.raises(ValidationError) as caught:
        row.full_clean()
    return caught.value.message_dict


# The model ------------------------------------------------------------------------------------


def test_a_translation_is_checked_like_the_groups_own_text():
    group = GroupFactory()
    assert set(refused(GroupTranslation(group=group, language="es", title="x" * 161))) == {"title"}
    assert refused(GroupTranslation(group=group, language="es", description="x" * 5001)) == {
        "description": ["Keep the description to 5,000 characters (it has 5,001)."]
    }
    assert refused(GroupTranslation(group=group, language="es")) == {
        "title": ["Write a title or a description, or leave this language out."]
    }
    GroupTranslation(group=group, language="es", title="x" * 160).full_clean()


@pytest.mark.parametrize("language", ["en", "fr", "pt", ""])
def test_only_the_sites_other_languages_are_accepted(language):
    row = GroupTranslation(group=GroupFactory(), language=language, title="Hola")
    assert set(refused(row)) == {"language"}


def test_one_translation_per_group_and_language():
    group = GroupFactory()
    GroupTranslation.objects.create(group=group, language="es", title="Hola")
    assert set(refused(GroupTranslation(group=group, language="es", title="Otra"))) == {"__all__"}
    GroupTranslation(group=group, language="pt-br", title="Olá").full_clean()


def test_a_translated_title_is_one_line():
    group = GroupFactory()
    row = GroupTranslation(group=group, language="es", title="Voces\nen español")
    row.full_clean()
    row.save()
    assert GroupTranslation.objects.get(pk=row.pk).title == "Voces en español"


# The services ---------------------------------------------------------------------------------


def test_saving_translations_moves_the_group_like_any_edit():
    group = GroupFactory(recurrences=weekly(1))
    before = Group.objects.values_list("version", "sequence", "updated_at").get(pk=group.pk)
    network = feed_version(FeedVersion.NETWORK).token
    group_update(group=group, expected_version=before[0], translations={"es": SPANISH})
    version, sequence, updated_at = Group.objects.values_list(
        "version", "sequence", "updated_at"
    ).get(pk=group.pk)
    assert (version, sequence) == (before[0] + 1, before[1] + 1)
    assert updated_at > before[2]
    assert feed_version(FeedVersion.NETWORK).token != network
    assert GroupTranslation.objects.values_list("language", "title", "description").get() == (
        "es",
        *SPANISH,
    )
    assert [record.history_type for record in GroupTranslation.history.all()] == ["+"]


def test_both_empty_removes_a_translation_and_the_same_text_writes_nothing():
    group = GroupFactory(recurrences=weekly(1))
    group_update(group=group, expected_version=ANY_VERSION, translations={"es": SPANISH})
    group_update(group=group, expected_version=ANY_VERSION, translations={"es": SPANISH})
    assert GroupTranslation.history.count() == 1
    group_update(group=group, expected_version=ANY_VERSION, translations={"es": (" ", "")})
    assert not GroupTranslation.objects.exists()
    assert [record.history_type for record in GroupTranslation.history.order_by("pk")] == [
        "+",
        "-",
    ]


def test_without_translations_an_update_leaves_them_as_they_are():
    group = GroupFactory(recurrences=weekly(1))
    group_update(group=group, expected_version=ANY_VERSION, translations={"es": SPANISH})
    group_update(group=group, expected_version=ANY_VERSION, title="Renamed")
    assert GroupTranslation.objects.values_list("title", flat=True).get() == SPANISH[0]


def test_a_refused_translation_saves_nothing_of_the_group_and_names_the_forms_field():
    group = GroupFactory(recurrences=weekly(1), title="Hearing Voices")
    with pytest.raises(ValidationError) as caught:
        group_update(
            group=group,
            expected_version=0,
            title="Renamed",
            translations={"es": SPANISH, "pt-br": ("Vozes", "x" * 5001)},
        )
    assert set(caught.value.message_dict) == {"description_pt_br"}
    assert Group.objects.values_list("title", "version", "sequence").get(pk=group.pk) == (
        "Hearing Voices",
        0,
        0,
    )
    assert not GroupTranslation.objects.exists()


def test_a_new_group_is_created_with_its_translations():
    region = RegionFactory()
    group = group_create(
        title="Hearing Voices",
        slug="hearing-voices",
        region=region,
        start_date=GroupFactory.build().start_date,
        start_time=GroupFactory.build().start_time,
        recurrences=weekly(1),
        translations={"es": SPANISH, "pt-br": ("", "")},
    )
    assert list(group.translations.values_list("language", flat=True)) == ["es"]
    assert group.sequence == 0


# What the pages read ---------------------------------------------------------------------------


def test_translated_shows_the_active_language_field_by_field(django_assert_num_queries):
    spanish, portuguese, plain = (GroupFactory(description="Main words") for _ in range(3))
    GroupTranslation.objects.create(group=spanish, language="es", title="Título")
    GroupTranslation.objects.create(group=portuguese, language="pt-br", description="Palavras")
    groups = list(public_groups().filter(pk__in=[spanish.pk, portuguese.pk, plain.pk]))
    originals = {group.pk: (group.title, group.description) for group in groups}

    def shown(language, queries):
        fresh = [Group.objects.get(pk=group.pk) for group in groups]
        with translation.override(language), django_assert_num_queries(queries):
            return {group.pk: (group.title, group.description) for group in translated(fresh)}

    assert shown("en", 0) == originals
    assert shown("es", 1) == {
        **originals,
        spanish.pk: ("Título", "Main words"),
    }
    assert shown("pt-br", 1) == {
        **originals,
        portuguese.pk: (originals[portuguese.pk][0], "Palavras"),
    }


def test_the_search_finds_a_group_by_its_translated_title_in_every_language():
    group = GroupFactory(title="Hearing Voices", recurrences=weekly(1))
    GroupFactory(title="Art Together", recurrences=weekly(2))
    group_update(group=group, expected_version=ANY_VERSION, translations={"es": SPANISH})
    network = feed_version(FeedVersion.NETWORK)
    assert matching_pks("voces espanol", network) == [group.pk]
    with translation.override("es"):
        assert matching_pks("compartir", network) == [group.pk]
