"""A program asks its RLC to host a Peer Support 101 class ("Host a class", ``/host-a-class/``).

Django loads it through ``groups.models``, which re-exports it. Every bound is checked in
``clean()``, so the public form, the console, the admin and a script share them
(``groups/class_requests.py`` keeps, tells, follows up, schedules and forgets the requests).
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.fields import OneLineField
from groups.contact_models import CONTROL, ContactDetails

ORGANISATION_MAX_LENGTH = 200
NAME_MAX_LENGTH = 120
DATES_MAX_LENGTH = 500
NEEDS_MAX_LENGTH = 1000
# One class: a room of people, not a conference. More than this is a conversation, not a form.
PEOPLE_MIN, PEOPLE_MAX = 1, 500
TEXT_FIELDS = ("organisation", "contact_name", "preferred_dates", "accessibility_needs")


class ClassRequest(ContactDetails):
    """An organisation asks one RLC for a Peer Support 101: who, how to reach them, when, and
    how many; followed up by the region's coordinators, and maybe turned into a class.

    Only the region's coordinators read it (``class_requests_for_user``). It is deleted
    ``retention()`` after it is scheduled or declined (``groups/class_requests.py``).
    """

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        SCHEDULED = "scheduled", "Scheduled"
        DECLINED = "declined", "Declined"

    CLOSED = (Status.SCHEDULED, Status.DECLINED)

    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="class_requests"
    )
    organisation = OneLineField(max_length=ORGANISATION_MAX_LENGTH)
    contact_name = OneLineField(max_length=NAME_MAX_LENGTH)
    preferred_dates = models.TextField(max_length=DATES_MAX_LENGTH)
    expected_people = models.PositiveSmallIntegerField()
    accessibility_needs = models.TextField(blank=True, max_length=NEEDS_MAX_LENGTH)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    # When it was scheduled or declined; the retention counts from here. Unset while open.
    closed_at = models.DateTimeField(null=True, blank=True, editable=False)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    group = models.ForeignKey(
        "groups.Group",
        null=True,
        blank=True,
        editable=False,
        on_delete=models.SET_NULL,
        related_name="+",
        help_text="The class this request became.",
    )

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self):
        return f"{self.region}: {self.organisation}"

    @property
    def is_closed(self) -> bool:
        return self.status in self.CLOSED

    def clean(self):
        errors = {}
        for name in TEXT_FIELDS:
            value = getattr(self, name) or ""
            if CONTROL.search(value):
                errors[name] = _("Please leave out control characters.")
            elif name in ("organisation", "contact_name", "preferred_dates") and not value.strip():
                errors[name] = _("Please fill this in.")
        errors |= self.contact_errors()
        people = self.expected_people
        if people is None or not PEOPLE_MIN <= people <= PEOPLE_MAX:
            errors["expected_people"] = _("Please give a number from %(low)s to %(high)s.") % {
                "low": PEOPLE_MIN,
                "high": PEOPLE_MAX,
            }
        if self.status == self.Status.SCHEDULED and self.group_id is None:
            errors["status"] = "A request is scheduled only with the class it became."
        if self.group_id is not None and self.group.region_id != self.region_id:
            errors["group"] = "The class is not one of this region's."
        if errors:
            raise ValidationError(errors)
