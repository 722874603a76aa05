"""A group's text in the visitor's language, and saving it (README "Languages").

``translated`` puts each group's Spanish or Portuguese title and description, where written,
in place of its main text on the group objects a public page has read: one query, none in
English. Only public pages call it; the feeds, the API, the console and every email keep the
main text. The objects are for showing: nothing saves them.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.utils.translation import get_language

from core.validation import validated_save
from groups.models import Group, GroupTranslation
from groups.translation_models import LANGUAGES

CODES = tuple(code for code, _name in LANGUAGES)


def form_field(language: str, field: str) -> str:
    """The console form's name of one translated field: ``title_pt_br``."""
    return f"{field}_{language.replace('-', '_')}"


def translated(groups: Iterable[Group]) -> list[Group]:
    """The groups, with the active language's title and description where they have them."""
    groups = list(groups)
    language = get_language()
    if language not in CODES or not groups:
        return groups
    by_pk = {group.pk: group for group in groups}
    for group_id, title, description in GroupTranslation.objects.filter(
        group_id__in=by_pk, language=language
    ).values_list("group_id", "title", "description"):
        group = by_pk[group_id]
        if title:
            group.title = title
        if description:
            group.description = description
    return groups


def translations_set(group: Group, translations: Mapping[str, tuple[str, str]]) -> None:
    """Write a group's (title, description) in each language named; both empty removes it.

    Called by the group services inside their unit of work, after the group is saved, so the
    translations are saved (or refused) with it. A refusal names the console form's fields.
    """
    existing = {row.language: row for row in group.translations.all()}
    for language, (title, description) in translations.items():
        row = existing.get(language)
        title, description = title.strip(), description.strip()
        if not title and not description:
            if row is not None:
                row.delete()
            continue
        if row is not None and (row.title, row.description) == (title, description):
            continue
        row = row or GroupTranslation(group=group, language=language)
        row.title, row.description = title, description
        try:
            validated_save(row)
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                raise
            raise ValidationError(
                {
                    form_field(language, "title" if name == NON_FIELD_ERRORS else name): messages
                    for name, messages in error.message_dict.items()
                }
            ) from error
