"""A place at one session of a class or training (or any group a coordinator opens).

Django loads it through ``groups.models``, which re-exports it. Every bound is checked in
``clean()``, so the public form, the console, the admin and a script share them;
``groups/registrations.py`` decides who gets a seat and who waits. A registration is personal
data: it is never shown on a public page, feed or API, and ``forget_registrations`` wipes the
person from it (name, email, phone, needs) ``REGISTRATION_KEEP_DAYS`` after its session.
"""

from __future__ import annotations

import secrets

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.fields import OneLineField
from groups.contact_models import CONTROL, ContactDetails
from groups.dates import validate_in_range

NEEDS_MAX_LENGTH = 500
NAME_MAX_LENGTH = 60
# The token in a registration's link is signed with this salt, so a guessed or altered link is
# refused before the database is asked.
TOKEN_SALT = "groups.registration"  # noqa: S105 (a salt, not a secret)


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Registration(ContactDetails):
    """One person's place (or place in the queue) at the session of ``group`` on ``session_date``.

    ``session_date`` is the session's own date in the region's wall clock: its original date,
    the one that names it everywhere (a moved session keeps it).
    """

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("registration", "Confirmed")
        WAITING = "waiting", pgettext_lazy("registration", "On the waiting list")
        OFFERED = "offered", pgettext_lazy("registration", "Offered a place")
        CANCELLED = "cancelled", pgettext_lazy("registration", "Cancelled")

    # Those who hold a seat: an offer keeps the seat for its person until its deadline.
    HOLDING = (Status.CONFIRMED, Status.OFFERED)

    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="registrations"
    )
    session_date = models.DateField(validators=[validate_in_range])
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.CONFIRMED)
    first_name = OneLineField(max_length=NAME_MAX_LENGTH)
    accommodation_needs = models.TextField(blank=True, max_length=NEEDS_MAX_LENGTH)
    token = models.CharField(max_length=64, unique=True, default=new_token, editable=False)
    offered_until = models.DateTimeField(null=True, blank=True)
    attended = models.BooleanField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["group", "session_date", "status"])]

    def __str__(self):
        return f"{self.first_name}, {self.session_date} ({self.status})"

    @property
    def signed_token(self) -> str:
        """What the person's link carries: the token, signed."""
        return signing.Signer(salt=TOKEN_SALT).sign(self.token)

    @staticmethod
    def token_from_link(text: str) -> str | None:
        """The token a link carries, or None for a link that was not made here."""
        try:
            return signing.Signer(salt=TOKEN_SALT).unsign(text)
        except signing.BadSignature:
            return None

    def clean(self):
        errors = {}
        if not self.first_name.strip():
            errors["first_name"] = _("Please give your first name.")
        if len(self.accommodation_needs or "") > NEEDS_MAX_LENGTH:
            errors["accommodation_needs"] = _(
                "Please shorten this to %(limit)s characters or fewer."
            ) % {"limit": NEEDS_MAX_LENGTH}
        elif CONTROL.search(self.accommodation_needs or ""):
            errors["accommodation_needs"] = _("Please leave out control characters.")
        errors |= self.contact_errors(
            _("Please give an email address or a phone number, so we can reach you.")
        )
        if (self.status == self.Status.OFFERED) != (self.offered_until is not None):
            errors["offered_until"] = "An offer, and only an offer, has a deadline."
        if errors:
            raise ValidationError(errors)
