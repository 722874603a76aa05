"""An accommodation asked for from a public page: what someone needs, and how to reach them.

Django loads it through ``groups.models``, which re-exports it. Every bound is checked in
``clean()``, so the public form, the admin and a script share them (``groups/accommodations.py``
keeps, tells and closes the requests).
"""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.fields import OneLineField

DETAILS_MAX_LENGTH = 1000
# Tabs and line breaks may be typed in a text box; no other control character may be kept.
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
# A telephone number as people write it: digits, spaces, + ( ) - . and an extension.
PHONE = re.compile(r"\+?[0-9 ().-]+(?:\s*(?:x|ext\.?)\s*[0-9]{1,6})?", re.IGNORECASE)
PHONE_DIGITS = (7, 15)


def a_year_after(day: dt.date) -> dt.date:
    """The same date next year (28 February for 29 February): the latest date a request names."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class AccommodationRequest(models.Model):
    """Someone asks an RLC for an accommodation, for one of its groups or for the RLC at large.

    Only the region's coordinators read it (``accommodations_for_user``). It is deleted
    ``RETENTION`` after a coordinator closes it (``groups/accommodations.py``).
    """

    class Need(models.TextChoices):
        INTERPRETER = "interpreter", _("A spoken-language interpreter")
        ASL = "asl", _("An ASL interpreter")
        LARGE_PRINT = "large_print", _("Large print")
        OTHER_FORMAT = "other_format", _("Another format (for example audio, or easy read)")
        PHYSICAL_ACCESS = "physical_access", _("Physical access (for example a ramp or a seat)")
        OTHER = "other", _("Something else")

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="accommodation_requests"
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="accommodation_requests",
    )
    needs = models.JSONField(default=list, blank=True)
    details = models.TextField(blank=True, max_length=DETAILS_MAX_LENGTH)
    email = models.EmailField(blank=True)
    phone = OneLineField(max_length=40, blank=True)
    session_date = models.DateField(null=True, blank=True)
    # The language the page was in, so the coordinator can answer in it.
    language = models.CharField(max_length=10, choices=settings.LANGUAGES, default="en")
    created_at = models.DateTimeField(auto_now_add=True)
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.region}: {', '.join(self.needs) or 'details'}"

    @property
    def is_closed(self) -> bool:
        return self.closed_at is not None

    def need_labels(self) -> list[str]:
        labels = dict(self.Need.choices)
        return [str(labels[need]) for need in self.needs if need in labels]

    def clean(self):
        errors = {}
        needs = self.needs
        if (
            not isinstance(needs, list)
            or any(need not in self.Need.values for need in needs)
            or len(set(needs)) != len(needs)
        ):
            errors["needs"] = _("Choose from the list.")
        elif not needs and not self.details.strip():
            errors["needs"] = _("Choose what you need, or tell us in your own words.")
        if CONTROL.search(self.details or ""):
            errors["details"] = _("Please leave out control characters.")
        if not self.email and not self.phone:
            errors["email"] = _(
                "Please give an email address or a phone number, so the RLC can answer you."
            )
        if self.phone:
            digits = sum(character.isdigit() for character in self.phone)
            low, high = PHONE_DIGITS
            if not PHONE.fullmatch(self.phone) or not low <= digits <= high:
                errors["phone"] = _("Please give a phone number like 617-555-0100.")
        if self.session_date is not None and self.region_id is not None:
            today = timezone.now().astimezone(ZoneInfo(self.region.timezone)).date()
            if not today <= self.session_date <= a_year_after(today):
                errors["session_date"] = _("Please choose a date from today to a year from now.")
        if self.group_id is not None and self.group.region_id != self.region_id:
            errors["group"] = "The group is not one of this region's."
        if errors:
            raise ValidationError(errors)
