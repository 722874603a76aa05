"""An accommodation asked for from a public page: what someone needs, and how to reach them.

Django loads it through ``groups.models``, which re-exports it. Every bound is checked in
``clean()``, so the public form, the admin and a script share them (``groups/accommodations.py``
keeps, tells and closes the requests).
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from groups.contact_models import CONTROL, ContactDetails

DETAILS_MAX_LENGTH = 1000


def a_year_after(day: dt.date) -> dt.date:
    """The same date next year (28 February for 29 February): the latest date a request names."""
    try:
        return day.replace(year=day.year + 1)
    except ValueError:
        return day.replace(year=day.year + 1, day=28)


class AccommodationRequest(ContactDetails):
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
    session_date = models.DateField(null=True, blank=True)
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
        errors |= self.contact_errors()
        if self.session_date is not None and self.region_id is not None:
            today = timezone.now().astimezone(ZoneInfo(self.region.timezone)).date()
            if not today <= self.session_date <= a_year_after(today):
                errors["session_date"] = _("Please choose a date from today to a year from now.")
        if self.group_id is not None and self.group.region_id != self.region_id:
            errors["group"] = "The group is not one of this region's."
        if errors:
            raise ValidationError(errors)
