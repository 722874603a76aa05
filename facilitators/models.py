import hashlib
import re
import secrets
import unicodedata

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.fields import OneLineField


def new_feed_token():
    """A long random token for a private feed URL (43 URL-safe characters, 256 bits)."""
    return secrets.token_urlsafe(32)


def feed_token_digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


# Inside one first name: "Jean-Luc", "D'Andre", "D’Andre", and the zero-width non-joiner that
# Persian writes between the two parts of a double name.
NAME_JOINERS = re.compile("[-'’\u200c]")
DISPLAY_NAME_ERROR = (
    "Use one first name and the initial of the last name, like “Maria S.” or “Jean-Luc D.”: "
    "letters only, with a hyphen or an apostrophe if the name has one."
)


def _letters(part: str) -> bool:
    """A letter of any script, then letters and marks (accents, vowel signs) only."""
    categories = [unicodedata.category(char)[0] for char in part]
    return bool(part) and categories[0] == "L" and set(categories) <= {"L", "M"}


def is_one_first_name(word: str) -> bool:
    """One word of letters in any script, with single hyphens or apostrophes inside it.

    Digits, symbols, emoji, spaces of any kind and invisible controls (a right-to-left override
    would turn the name around on the page) are not part of a first name.
    """
    return all(_letters(part) for part in NAME_JOINERS.split(word))


def is_initial(text: str) -> bool:
    return _letters(text) and len([c for c in text if unicodedata.category(c)[0] == "L"]) == 1


def validate_display_name(value):
    """The public name: one first name, a space, the initial of the last name and a full stop.

    One first name only, so a last name can never be shown: "Maria Surname S." is refused,
    saying what the public would see. A first name of two words is joined with a hyphen.
    """
    first, _, initial = value.rpartition(" ")
    if initial.endswith(".") and is_initial(initial[:-1]):
        words = first.split(" ")
        if len(words) > 1 and all(is_one_first_name(word) for word in words):
            raise ValidationError(
                f"Only one first name can be shown. The public would see “{value}”, and a "
                "second word may be a last name. Use one word, like “Maria S.”, or join a "
                "two-word first name with a hyphen, like “Mary-Ann S.”.",
                code="display_name_two_words",
            )
        if is_one_first_name(first):
            return
    raise ValidationError(DISPLAY_NAME_ERROR, code="invalid_display_name")


class FacilitatorProfile(models.Model):
    """A trained peer facilitator. Only the display name is ever shown to the public."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_profile"
    )
    display_name = models.CharField(
        max_length=60,
        validators=[validate_display_name],
        help_text="Shown publicly: one first name and the initial of the last name, like "
        "“Maria S.” or “Jean-Luc D.”.",
    )
    regions = models.ManyToManyField("regions.Region", related_name="facilitators", blank=True)
    private_phone = OneLineField(
        max_length=40, blank=True, help_text="For coordinators only; never shown publicly."
    )
    is_active = models.BooleanField(default=True)
    feed_token = models.CharField(
        max_length=64, unique=True, default=new_feed_token, editable=False
    )
    # Feeds are looked up by this SHA-256 of the token, so the lookup's timing says nothing
    # about the token itself; the token is then compared in constant time.
    feed_token_digest = models.CharField(max_length=64, unique=True, editable=False, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["display_name"]

    def __str__(self):
        return self.display_name

    def save(self, *args, **kwargs):
        self.feed_token_digest = feed_token_digest(self.feed_token)
        if kwargs.get("update_fields") and "feed_token" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "feed_token_digest"}
        super().save(*args, **kwargs)

    def clean(self):
        super().clean()
        self.feed_token_digest = feed_token_digest(self.feed_token)


class FacilitatorInvitation(models.Model):
    """A region asks someone to facilitate there. Nothing of theirs changes until they accept.

    On accepting, someone who already facilitates elsewhere joins the region with the public
    name they have; anyone else gets a profile with ``display_name``, the name the coordinator
    proposed, which the invitation shows them first. Declining deletes it.
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="facilitator_invitations"
    )
    region = models.ForeignKey(
        "regions.Region", on_delete=models.CASCADE, related_name="facilitator_invitations"
    )
    display_name = models.CharField(
        max_length=60,
        validators=[validate_display_name],
        help_text="The public name they get if they are not a facilitator yet.",
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "region"], name="facilitator_invitation_unique"
            ),
        ]

    def __str__(self):
        return f"{self.user} to {self.region}"


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
    detail = OneLineField(max_length=160, blank=True)
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


class FacilitatorApplication(models.Model):
    """Someone asks to become a peer facilitator in a region; its coordinators follow it up."""

    class Status(models.TextChoices):
        NEW = "new", "New"
        CONTACTED = "contacted", "Contacted"
        INVITED = "invited", "Invited"
        DECLINED = "declined", "Declined"

    region = models.ForeignKey(
        "regions.Region", on_delete=models.PROTECT, related_name="applications"
    )
    first_name = OneLineField(max_length=60)
    last_name = OneLineField(max_length=80)
    email = models.EmailField()
    phone = OneLineField(max_length=40, blank=True)
    recovery = models.TextField(
        max_length=2000,
        help_text="Where you are in your own recovery, in your own words.",
    )
    experience = models.TextField(
        max_length=2000, help_text="Any experience of running or taking part in groups."
    )
    dependability = models.TextField(
        max_length=2000, help_text="How a regular commitment would fit your life."
    )
    working_with_others = models.TextField(
        max_length=2000, help_text="How you work with others, including when you disagree."
    )
    giving_back = models.TextField(max_length=2000, help_text="Why you would like to facilitate.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.NEW)
    # The language of the page they applied from: their acknowledgement email is in it.
    language = models.CharField(
        max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["region", "status"])]

    def __str__(self):
        return f"{self.first_name} {self.last_name[:1]}. ({self.region})"
