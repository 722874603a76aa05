import re
import secrets

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models

# "Maria S.", "Mary Ann O.", "Jean-Luc D.": a first name, then the initial of the last name.
DISPLAY_NAME_RE = re.compile(r"^\w[\w'’.-]*(?: \w[\w'’.-]*)? \w\.$")


def new_feed_token():
    """A long random token for a private feed URL (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def validate_display_name(value):
    if not DISPLAY_NAME_RE.match(value):
        raise ValidationError(
            "Use a first name and the initial of the last name, like “Maria S.”.",
            code="invalid_display_name",
        )


class FacilitatorProfile(models.Model):
    """A trained peer facilitator. Only the display name is ever shown to the public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_profile"
    )
    display_name = models.CharField(
        max_length=60,
        validators=[validate_display_name],
        help_text="Shown publicly: first name and last initial, like “Maria S.”.",
    )
    regions = models.ManyToManyField("regions.Region", related_name="facilitators", blank=True)
    private_phone = models.CharField(
        max_length=40, blank=True, help_text="For coordinators only; never shown publicly."
    )
    is_active = models.BooleanField(default=True)
    feed_token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, editable=False
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name


class Certification(models.Model):
    class Kind(models.TextChoices):
        FACILITATOR_TRAINING = "facilitator_training", "Peer facilitator training"
        CPS = "cps", "Certified Peer Specialist"
        WRAP = "wrap", "WRAP facilitator"
        HEARING_VOICES = "hearing_voices", "Hearing Voices facilitator"
        PEER_SUPPORT_101 = "peer_support_101", "Peer Support 101 trainer"
        OTHER = "other", "Other"

    facilitator = models.ForeignKey(
        FacilitatorProfile, on_delete=models.CASCADE, related_name="certifications"
    )
    kind = models.CharField(max_length=30, choices=Kind.choices)
    detail = models.CharField(max_length=160, blank=True)
    earned_on = models.DateField(null=True, blank=True)

    class Meta:
        ordering = ["facilitator", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["facilitator", "kind", "detail"], name="certification_unique"
            ),
        ]

    def __str__(self):
        return self.detail or self.get_kind_display()

    def clean(self):
        super().clean()
        if self.kind == self.Kind.OTHER and not self.detail.strip():
            raise ValidationError({"detail": "Say which certification this is."})
