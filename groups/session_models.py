"""One session of a group: cancelled or moved, covered by a substitute, asked cover for, recorded.

Each is keyed by the group and the session's original local date (a group meets at most once a
day). Django loads them through ``groups.models``, which re-exports them.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from simple_history.models import HistoricalRecords

from core.fields import OneLineField
from groups.dates import beyond_horizon, in_range, planning_horizon, validate_in_range
from groups.occurrences import Change

# How far a session may move from its original date, either way.
MOVE_RANGE = dt.timedelta(days=366)


class SessionChange(models.Model):
    """One session of a group cancelled or moved, keyed by the session's original local date."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="changes")
    original_date = models.DateField(
        help_text="The date the session was scheduled for.", validators=[validate_in_range]
    )
    kind = models.CharField(max_length=10, choices=Kind.choices)
    new_date = models.DateField(null=True, blank=True, validators=[validate_in_range])
    new_start_time = models.TimeField(null=True, blank=True)
    new_end_time = models.TimeField(null=True, blank=True)
    new_venue = models.ForeignKey(
        "regions.Venue",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="moved_sessions",
    )
    public_note = OneLineField(
        max_length=300, blank=True, help_text="Shown to everyone, e.g. “Closed for the holiday”."
    )
    private_note = models.TextField(blank=True, help_text="For coordinators and facilitators only.")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["updated_at"])

    class Meta:
        ordering = ["group", "original_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "original_date"], name="session_change_unique_per_session"
            ),
        ]
        indexes = [models.Index(fields=["new_date"])]

    def __str__(self):
        return f"{self.group}: session of {self.original_date} {self.get_kind_display().lower()}"

    @property
    def is_cancelled(self):
        return self.kind == self.Kind.CANCELLED

    def _another_session_on(self, day: dt.date) -> str | None:
        """Why another session of the group is on ``day`` (a group meets once a day), or None."""
        group = self.group
        others = {
            change.original_date: change
            for change in SessionChange.objects.filter(group=group)
            .filter(models.Q(original_date=day) | models.Q(new_date=day))
            .exclude(original_date=self.original_date)
        }
        own = others.pop(day, None)  # the change of the session originally on that day
        if group.meets_on(day):
            if own is None or (not own.is_cancelled and own.new_date in (None, day)):
                return (
                    f"{group.title} already meets on {day:%A %-d %B %Y}, and a group meets at "
                    "most once a day. Choose another date, or cancel this session instead."
                )
            if own.is_cancelled:
                return (
                    f"The session of {day:%A %-d %B %Y} is cancelled, and a group meets at most "
                    "once a day. Choose another date, or undo that cancellation and cancel this "
                    "session."
                )
        for change in others.values():
            if not change.is_cancelled and change.new_date == day:
                return (
                    f"The session of {change.original_date:%A %-d %B %Y} has moved to "
                    f"{day:%A %-d %B %Y}, and a group meets at most once a day. Choose another "
                    "date."
                )
        return None

    def as_change(self) -> Change:
        return Change(
            original_date=self.original_date,
            cancelled=self.is_cancelled,
            new_date=self.new_date,
            new_start_time=self.new_start_time,
            new_end_time=self.new_end_time,
            venue_id=self.new_venue_id,
            public_note=self.public_note,
            id=self.pk,
        )

    def clean(self):
        super().clean()
        if self.group_id is None or self.original_date is None or not in_range(self.original_date):
            return  # the field's validator names a date out of range
        group = self.group
        errors = {}
        schedule = group.schedule
        horizon = planning_horizon()
        if group.schedule_problem is not None:
            raise ValidationError(
                f"The schedule of {group.title} cannot be read ({group.schedule_problem}); "
                "set its pattern and dates again first."
            )
        if self.original_date > horizon:
            errors["original_date"] = beyond_horizon("That session", horizon)
        elif not group.meets_on(self.original_date):
            following = schedule.next_session_date(self.original_date)
            hint = f" The next session is on {following:%A %-d %B %Y}." if following else ""
            errors["original_date"] = (
                f"{group.title} does not meet on {self.original_date:%A %-d %B %Y}." + hint
            )
        # A cancelled session may keep the new date, times and place it had moved to: it is
        # cancelled there (groups.sessions.session_cancel), and undoing it puts the move back.
        if self.kind == self.Kind.MOVED and "original_date" not in errors:
            if self.new_date is not None and not in_range(self.new_date):
                raise ValidationError(errors)  # the field's validator says why
            if self.new_date is not None and abs(self.new_date - self.original_date) > MOVE_RANGE:
                errors["new_date"] = (
                    "A session can move at most a year from its date "
                    f"({self.original_date:%-d %B %Y})."
                )
                raise ValidationError(errors)
            if self.new_date is not None and self.new_date != self.original_date:
                clash = self._another_session_on(self.new_date)
                if clash:
                    errors["new_date"] = clash
                    raise ValidationError(errors)
            if self.new_venue_id is not None and self.new_venue.region_id != group.region_id:
                errors["new_venue"] = "This venue belongs to another region."
            original = schedule.occurrence(self.original_date)
            moved = schedule.occurrence(self.original_date, self.as_change())
            if (moved.start, moved.end) == (original.start, original.end) and (
                self.new_venue_id in (None, group.venue_id)
            ):
                errors["new_date"] = "A moved session needs a new date, time or venue."
            elif moved.end.astimezone(dt.UTC) <= moved.start.astimezone(dt.UTC):
                errors["new_end_time"] = "The end time must be after the start time."
        if errors:
            raise ValidationError(errors)


class SessionSubstitute(models.Model):
    """Someone facilitates one session in place of a regular facilitator, or covers it alone."""

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="substitutes")
    original_date = models.DateField(
        help_text="The date the session was scheduled for.", validators=[validate_in_range]
    )
    substitute = models.ForeignKey(
        "facilitators.FacilitatorProfile", on_delete=models.PROTECT, related_name="substitutions"
    )
    replaces = models.ForeignKey(
        "facilitators.FacilitatorProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="replaced_by",
        help_text="The regular facilitator who is away; empty when the session had nobody.",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "original_date", "substitute__display_name"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "original_date", "substitute"],
                name="session_substitute_once_per_session",
            ),
            models.UniqueConstraint(
                fields=["group", "original_date", "replaces"],
                name="session_substitute_one_per_replaced",
            ),
        ]

    def __str__(self):
        return f"{self.substitute} for {self.group} on {self.original_date}"

    def clean(self):
        super().clean()
        if self.group_id is None or self.original_date is None or not in_range(self.original_date):
            return
        errors = {}
        if not self.group.meets_on(self.original_date):
            errors["original_date"] = (
                f"{self.group.title} does not meet on {self.original_date:%A %-d %B %Y}."
            )
        regular = set(self.group.memberships.values_list("facilitator_id", flat=True))
        if self.substitute_id is not None and self.substitute_id in regular:
            errors["substitute"] = "This person already facilitates the group."
        if self.replaces_id is not None and self.replaces_id not in regular:
            errors["replaces"] = "Choose one of the group's own facilitators."
        if self.substitute_id is not None and self.substitute_id == self.replaces_id:
            errors["substitute"] = "A substitute is someone else."
        if errors:
            raise ValidationError(errors)


class SubstituteRequest(models.Model):
    """A facilitator cannot make one session and asks the region's facilitators to take it."""

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        TAKEN = "taken", "Taken"
        WITHDRAWN = "withdrawn", "Withdrawn"

    group = models.ForeignKey(
        "groups.Group", on_delete=models.CASCADE, related_name="substitute_requests"
    )
    original_date = models.DateField(
        help_text="The date the session was scheduled for.", validators=[validate_in_range]
    )
    requested_by = models.ForeignKey(
        "facilitators.FacilitatorProfile",
        on_delete=models.PROTECT,
        related_name="substitute_requests",
    )
    note = OneLineField(
        max_length=300, blank=True, help_text="For the other facilitators, e.g. “bring the key”."
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    taken_by = models.ForeignKey(
        "facilitators.FacilitatorProfile",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="taken_requests",
    )
    taken_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["original_date", "group"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "original_date", "requested_by"],
                condition=models.Q(status="open"),
                name="substitute_request_one_open_per_person_and_session",
            ),
        ]
        indexes = [models.Index(fields=["status", "original_date"])]

    def __str__(self):
        return f"{self.requested_by} asks cover for {self.group} on {self.original_date}"

    def clean(self):
        super().clean()
        if self.group_id is None or self.original_date is None or not in_range(self.original_date):
            return
        if not self.group.meets_on(self.original_date):
            raise ValidationError(
                {
                    "original_date": f"{self.group.title} does not meet on "
                    f"{self.original_date:%A %-d %B %Y}."
                }
            )


class SessionRecord(models.Model):
    """What happened at one session: held or not, and how many came. Never anyone's name."""

    MAX_ATTENDANCE = 500

    group = models.ForeignKey("groups.Group", on_delete=models.CASCADE, related_name="records")
    original_date = models.DateField(
        help_text="The date the session was scheduled for.", validators=[validate_in_range]
    )
    held = models.BooleanField()
    not_held_reason = OneLineField(max_length=300, blank=True)
    attendance = models.PositiveSmallIntegerField(
        null=True,
        blank=True,
        validators=[MaxValueValidator(MAX_ATTENDANCE)],
        help_text="How many people came, facilitators not counted.",
    )
    note = models.TextField(blank=True, max_length=2000)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        ordering = ["group", "original_date"]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "original_date"], name="session_record_once_per_session"
            ),
        ]

    def __str__(self):
        return f"{self.group} on {self.original_date}: {'held' if self.held else 'not held'}"

    def clean(self):
        super().clean()
        errors = {}
        if self.held and self.attendance is None:
            errors["attendance"] = "Say how many people came (0 if nobody did)."
        if not self.held:
            if not self.not_held_reason.strip():
                errors["not_held_reason"] = "Say why it did not happen."
            if self.attendance:
                errors["attendance"] = "A session that did not happen had nobody attending."
        known = self.group_id is not None and self.original_date is not None
        if known and in_range(self.original_date) and not self.group.meets_on(self.original_date):
            errors["original_date"] = (
                f"{self.group.title} does not meet on {self.original_date:%A %-d %B %Y}."
            )
        if errors:
            raise ValidationError(errors)
