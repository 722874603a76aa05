from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.fields import OneLineField
from regions.validators import validate_timezone


class Region(models.Model):
    """One Recovery Learning Community (RLC): it schedules its groups and answers for them."""

    name = OneLineField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    description = models.TextField(blank=True, help_text="A short welcome, in plain words.")
    phone = OneLineField(max_length=40, blank=True)
    email = models.EmailField(blank=True)
    website = models.URLField(blank=True)
    address = models.TextField(blank=True)
    timezone = models.CharField(
        max_length=64,
        default="America/New_York",
        validators=[validate_timezone],
        help_text="IANA timezone name. Every group of the region meets in this wall-clock time.",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Venue(models.Model):
    class Kind(models.TextChoices):
        STATE_HOSPITAL = "state_hospital", pgettext_lazy("kind of place", "State hospital")
        SHELTER = "shelter", pgettext_lazy("kind of place", "Shelter")
        LIBRARY = "library", pgettext_lazy("kind of place", "Library")
        CHURCH = "church", pgettext_lazy("kind of place", "Church or faith community")
        PEER_CENTER = "peer_center", pgettext_lazy("kind of place", "Peer-run center")
        ONLINE = "online", pgettext_lazy("kind of place", "Online")
        OTHER = "other", pgettext_lazy("kind of place", "Other")

    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="venues")
    name = OneLineField(max_length=160)
    slug = models.SlugField(max_length=80, unique=True)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = OneLineField(max_length=255, blank=True)
    town = OneLineField(max_length=80, blank=True)
    latitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        max_digits=9,
        decimal_places=6,
        null=True,
        blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    accessibility_notes = models.TextField(blank=True)
    address_is_public = models.BooleanField(
        default=True,
        help_text="Untick for a shelter or a hospital unit: the public then sees the town only.",
    )
    join_details = models.TextField(
        blank=True,
        help_text="Online venues: how to join (link, phone dial-in). Never shown on public pages.",
    )
    is_active = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["region", "name"]
        indexes = [models.Index(fields=["region", "is_active"])]

    def __str__(self):
        return self.name

    @property
    def is_online(self):
        return self.kind == self.Kind.ONLINE

    @property
    def public_location(self):
        """What the public may see of where this is: the address only where it is public."""
        if self.is_online:
            return "Online"
        if self.address_is_public and self.address:
            return f"{self.address}, {self.town}" if self.town else self.address
        return self.town

    @property
    def public_place(self):
        """Where to go, as calendars and pages name it: the venue's name and what the public may
        see of its address ("First Parish Church, 9 West Street, Leominster"; "Harbor House,
        Fitchburg" for a private address), or "Online"."""
        if self.is_online:
            return "Online"
        return ", ".join(part for part in (self.name, self.public_location) if part)

    @property
    def public_coordinates(self):
        """(latitude, longitude) where the public may see them: never for a private address."""
        if self.is_online or not self.address_is_public or self.latitude is None:
            return None
        return (self.latitude, self.longitude)

    def clean(self):
        super().clean()
        errors = {}
        if (self.latitude is None) != (self.longitude is None):
            field = "longitude" if self.longitude is None else "latitude"
            errors[field] = "Give both the latitude and the longitude, or neither."
        if self.is_online:
            if not self.join_details.strip():
                errors["join_details"] = "An online venue needs its joining details."
        elif not self.town.strip():
            errors["town"] = "A venue needs its town; the public sees at least that."
        if errors:
            raise ValidationError(errors)


class Coordinator(models.Model):
    """A user coordinates a region: they schedule its groups and answer for it."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="coordinator_roles"
    )
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="coordinators")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["region", "user"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"], name="coordinator_unique_per_region"
            ),
        ]

    def __str__(self):
        return f"{self.user} coordinates {self.region}"
