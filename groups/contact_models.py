"""How the public leaves a way to be reached: an email address or a phone number, and the
language to answer in. One abstract base for every request the public sends (an accommodation,
a place at a class, a class to host), so their bounds are the same everywhere.
"""

from __future__ import annotations

import re

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import OneLineField

# Tabs and line breaks may be typed in a text box; no other control character may be kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A telephone number as people write it: digits, spaces, + ( ) - . and an extension.
PHONE = re.compile(r"\+?[0-9 ().-]+(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?", re.IGNORECASE)
PHONE_DIGITS = (7, 15)
REACH_THE_RLC = _("Please give an email address or a phone number, so the RLC can answer you.")


class ContactDetails(models.Model):
    """An email address or a phone number (one at least), and the language of the page the
    request was sent from, so every answer is in it."""

    email = models.EmailField(blank=True)
    phone = OneLineField(max_length=40, blank=True)
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")

    class Meta:
        abstract = True

    def contact_errors(self, missing=REACH_THE_RLC) -> dict:
        """The errors of the email address and phone number, by field (``clean()``'s share);
        ``missing`` says why one of them is needed."""
        errors = {}
        if not self.email and not self.phone:
            errors["email"] = missing
        if self.phone:
            digits = sum(character.isdigit() for character in self.phone)
            low, high = PHONE_DIGITS
            if not PHONE.fullmatch(self.phone) or not low <= digits <= high:
                errors["phone"] = _("Please give a phone number like 617-555-0100.")
        return errors
