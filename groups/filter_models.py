"""What people filter groups by: access features and languages (re-exported by groups.models)."""

from django.db import models

from core.fields import OneLineField
from groups.access_names import SHIPPED_ACCESS_FEATURES


class AccessFeature(models.Model):
    """Something people filter by: wheelchair access, ASL interpretation, fragrance-free, online.
    ``name`` is English; the public pages show ``label`` (groups/access_names.py)."""

    slug = models.SlugField(max_length=40, unique=True)
    name = OneLineField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def label(self) -> str:
        """The name in the page's language, for the features every installation has."""
        english, translated = SHIPPED_ACCESS_FEATURES.get(self.slug, (None, None))
        return str(translated) if self.name == english else self.name


class Language(models.Model):
    """A language groups are held in. ``name`` is English (the console, the feeds, the API);
    the public pages show ``own_name``: the language named in itself ("Español"), so that
    someone looking for a group in their language finds the word they know."""

    code = models.SlugField(max_length=12, unique=True, help_text="e.g. en, es, pt, ht, kea")
    name = OneLineField(max_length=60, unique=True)
    name_local = OneLineField(
        max_length=60,
        blank=True,
        help_text="The language's name in itself, e.g. Español, Kreyòl ayisyen. "
        "Left empty, the public pages show the English name.",
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def own_name(self) -> str:
        return self.name_local or self.name
