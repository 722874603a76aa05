"""A group's title and description in another of the site's languages (README "Languages").

A plain row per group and language, not django-modeltranslation: that rewrites queries by the
active language (a Spanish search would miss every group without a Spanish title) and adds a
column per language. The group's own title and description stay its main text, which the
feeds, the API and the UIDs use; a public page in Spanish or Portuguese shows the translation
where one is written (``groups.translations.translated``), else the main text, field by field.

Django loads it through ``groups.models``, which re-exports it.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.fields import OneLineField

# The site's languages besides its own (English): those a group's text may be written in.
LANGUAGES = [(code, name) for code, name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
TITLE_LENGTH = 160  # as Group.title
DESCRIPTION_LENGTH = 5000  # a long description is a page or two; Group.description has no limit


class GroupTranslation(models.Model):
    """A group's title and description in Spanish or Portuguese; either may be left empty."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="translations")
    language = models.CharField(max_length=10, choices=LANGUAGES)
    title = OneLineField(max_length=TITLE_LENGTH, blank=True)
    description = models.TextField(blank=True, max_length=DESCRIPTION_LENGTH)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "language"]
        constraints = [
            models.UniqueConstraint(fields=["group", "language"], name="group_translation_unique"),
        ]

    def __str__(self):
        return f"{self.group} ({self.language})"

    def clean(self):
        super().clean()
        errors = {}
        if len(self.description) > DESCRIPTION_LENGTH:
            errors["description"] = (
                f"Keep the description to {DESCRIPTION_LENGTH:,} characters "
                f"(it has {len(self.description):,})."
            )
        if not self.title.strip() and not self.description.strip():
            errors["title"] = "Write a title or a description, or leave this language out."
        if errors:
            raise ValidationError(errors)
