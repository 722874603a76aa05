"""The groups app's models, as Django loads them.

Here: a group (``Group``) and who runs it (``GroupFacilitator``). Beside it, re-exported here so
``groups.models`` names every model: what people filter groups by (``AccessFeature``,
``Language``, ``groups/filter_models.py``); one session's change, cover, cover request and
record (``groups/session_models.py``);
feedback and feed versions (``groups/public_models.py``); accommodation requests
(``groups/accommodation_models.py``); requests to host a class
(``groups/class_request_models.py``); a group's title and description in another language
(``groups/translation_models.py``); the stored rule's field
(``groups/schedule_fields.py``, whose ``StoredRecurrenceField`` migration 0007 names here).
"""

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from core.fields import OneLineField
from groups.accommodation_models import AccommodationRequest
from groups.class_request_models import ClassRequest
from groups.dates import (
    EARLIEST_DATE,
    LATEST_DATE,
    OUT_OF_RANGE,
    beyond_horizon,
    in_range,
    planning_horizon,
    validate_in_range,
)
from groups.filter_models import AccessFeature, Language
from groups.occurrences import Schedule
from groups.public_models import FeedVersion, GroupFeedback
from groups.recurrence_rules import ALLOWED_FREQUENCIES, SUB_DAILY_PARAMS
from groups.registration_models import Registration
from groups.schedule_fields import (
    RECURRENCE_DATE_TIME,
    StoredRecurrenceField,
    UnreadableRecurrence,
)
from groups.session_models import (
    MOVE_RANGE,
    SessionChange,
    SessionRecord,
    SessionSubstitute,
    SubstituteRequest,
)
from groups.translation_models import GroupTranslation

__all__ = [
    "MOVE_RANGE",
    "RECURRENCE_DATE_TIME",
    "AccessFeature",
    "AccommodationRequest",
    "ClassRequest",
    "FeedVersion",
    "Group",
    "GroupFacilitator",
    "GroupFeedback",
    "GroupTranslation",
    "Language",
    "Registration",
    "SessionChange",
    "SessionRecord",
    "SessionSubstitute",
    "StoredRecurrenceField",
    "SubstituteRequest",
    "UnreadableRecurrence",
]

MAX_SEATS = 500


class Group(models.Model):
    """A recurring series of sessions, or a one-off event, run by one region."""

    class Kind(models.TextChoices):
        SELF_HELP = "self_help", pgettext_lazy("kind of group", "Self-help group")
        PEER_WORKER_SUPPORT = (
            "peer_worker_support",
            pgettext_lazy("kind of group", "Peer worker support group"),
        )
        CLASS = "class", pgettext_lazy("kind of group", "Class or training")
        SOCIAL = "social", pgettext_lazy("kind of group", "Social event")
        OTHER = "other", pgettext_lazy("kind of group", "Other")

    class Audience(models.TextChoices):
        EVERYONE = "everyone", pgettext_lazy("who a group is for", "Open to all")
        PEERS = "peers", pgettext_lazy("who a group is for", "Peers only")
        PEER_WORKERS = "peer_workers", pgettext_lazy("who a group is for", "Peer workers only")
        HOSPITAL_PATIENTS = (
            "hospital_patients",
            pgettext_lazy("who a group is for", "Patients of this hospital only"),
        )

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        ENDED = "ended", "Ended"
        ARCHIVED = "archived", "Archived"

    uuid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = OneLineField(max_length=160)
    slug = models.SlugField(max_length=100, unique=True)
    description = models.TextField(blank=True)
    kind = models.CharField(max_length=30, choices=Kind.choices, default=Kind.SELF_HELP)
    audience = models.CharField(max_length=30, choices=Audience.choices, default=Audience.EVERYONE)
    is_public = models.BooleanField(
        default=True, help_text="Untick to keep this group off every public page, feed and API."
    )
    region = models.ForeignKey("regions.Region", on_delete=models.PROTECT, related_name="groups")
    venue = models.ForeignKey(
        "regions.Venue",
        on_delete=models.PROTECT,
        related_name="groups",
        null=True,
        blank=True,
        help_text="Leave empty while the place is still being arranged.",
    )

    # The schedule: our own fields say when it starts and in which wall clock; the rule only
    # says which days. See groups/occurrences.py.
    start_date = models.DateField(help_text="The first session.", validators=[validate_in_range])
    start_time = models.TimeField(help_text="Local time in the region's timezone.")
    duration_minutes = models.PositiveSmallIntegerField(
        default=90, validators=[MinValueValidator(10), MaxValueValidator(12 * 60)]
    )
    timezone = models.CharField(
        max_length=64, editable=False, help_text="Copied from the region when saved."
    )
    recurrences = StoredRecurrenceField(
        blank=True, help_text="Which days it meets. Leave empty for a one-off event."
    )
    end_date = models.DateField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="The last possible session.",
    )
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.ACTIVE)

    facilitators = models.ManyToManyField(
        "facilitators.FacilitatorProfile", through="GroupFacilitator", related_name="groups"
    )
    languages = models.ManyToManyField(Language, blank=True, related_name="groups")
    access_features = models.ManyToManyField(AccessFeature, blank=True, related_name="groups")
    how_to_join = models.TextField(
        blank=True, help_text="How to get in: “check in at the front desk”, “bring ID”."
    )
    resources = models.TextField(blank=True, help_text="Materials or approaches the group uses.")
    last_confirmed_on = models.DateField(
        null=True,
        blank=True,
        validators=[validate_in_range],
        help_text="When a coordinator last confirmed it still runs.",
    )
    sequence = models.PositiveIntegerField(
        default=0, editable=False, help_text="Rises with every edit (iCal SEQUENCE)."
    )
    version = models.PositiveIntegerField(
        default=0,
        editable=False,
        help_text="Rises with every edit of the group itself; a form saved from an older "
        "version is refused, so one coordinator never overwrites another's change.",
    )
    # Registration (groups/registrations.py): seats per session; None takes no registrations.
    seats = models.PositiveSmallIntegerField(
        null=True, blank=True, help_text="Places per session; leave empty to take no registrations."
    )
    registration_open = models.BooleanField(
        default=True, help_text="With seats set, people may register on the public page."
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = HistoricalRecords(excluded_fields=["sequence", "version", "updated_at"])

    class Meta:
        ordering = ["title"]
        indexes = [
            models.Index(fields=["region", "status", "is_public"]),
            models.Index(fields=["venue", "status"]),
        ]

    def __str__(self):
        return self.title

    @property
    def ical_uid(self) -> str:
        """The UID of this group's events in every feed and the API; it never changes."""
        return f"{self.uuid}@peerhub"

    @property
    def takes_registrations(self) -> bool:
        return self.seats is not None and self.registration_open

    @property
    def duration(self):
        return dt.timedelta(minutes=self.duration_minutes)

    @property
    def schedule(self) -> Schedule:
        return Schedule.from_recurrence(
            self.recurrences,
            start_date=self.start_date,
            start_time=self.start_time,
            duration=self.duration,
            timezone=self.timezone,
            end_date=self.end_date,
        )

    @property
    def schedule_problem(self) -> str | None:
        """Why this row's schedule cannot be expanded, in words; None when it can.

        Validation refuses all of these, so only a row that bypassed it (an old row, an import,
        a hand-made SQL fix) has one. Every page and feed leaves such a group out, and logs it
        (``groups.selectors.expandable``); the console shows the reason so it can be mended.
        Cheap: nothing is expanded.
        """
        rec = self.recurrences
        if isinstance(rec, UnreadableRecurrence):
            return "its rule cannot be read"
        try:
            ZoneInfo(self.timezone)
        except (ValueError, KeyError):  # ZoneInfoNotFoundError is a KeyError
            return f"its timezone “{self.timezone}” is unknown"
        days = [self.start_date, *([self.end_date] if self.end_date else [])]
        if rec is not None:
            days += [_date(d) for d in (*rec.rdates, *rec.exdates)]
            days += [_date(rule.until) for rule in rec.rrules if rule.until is not None]
            for rule in (*rec.rrules, *rec.exrules):
                if (
                    rule.freq not in ALLOWED_FREQUENCIES
                    or (rule.interval or 1) < 1
                    or any(getattr(rule, name, None) for name in SUB_DAILY_PARAMS)
                ):
                    return "its rule meets more often than once a day"
        outside = sorted({day for day in days if not in_range(day)})
        if outside:
            return (
                f"its date {outside[0].isoformat()} is outside the years "
                f"{EARLIEST_DATE.year} to {LATEST_DATE.year}"
            )
        return None

    def meets_on(self, day: dt.date) -> bool:
        """Whether a session is scheduled on ``day``; never, for a schedule that cannot be read."""
        return self.schedule_problem is None and self.schedule.meets_on(day)

    def _normalise_recurrence_dates(self):
        rec = self.recurrences
        if rec is None:
            return
        rec.rdates = sorted(
            {dt.datetime.combine(_date(d), RECURRENCE_DATE_TIME) for d in rec.rdates}
        )
        rec.exdates = sorted(
            {dt.datetime.combine(_date(d), RECURRENCE_DATE_TIME) for d in rec.exdates}
        )
        rec.dtstart = rec.dtend = None
        for rule in (*rec.rrules, *rec.exrules):
            if rule.until is not None:
                rule.until = dt.datetime.combine(_date(rule.until), RECURRENCE_DATE_TIME)

    def clean(self):
        super().clean()
        errors = {}
        if self.region_id is not None:
            self.timezone = self.region.timezone
            if self.venue_id is not None and self.venue.region_id != self.region_id:
                errors["venue"] = (
                    "This venue belongs to another region; choose one of this region's."
                )
        if self.seats is not None and not 1 <= self.seats <= MAX_SEATS:
            errors["seats"] = f"Give from 1 to {MAX_SEATS} seats, or leave it empty."
        if self.audience == self.Audience.HOSPITAL_PATIENTS and self.is_public:
            errors["is_public"] = (
                "A group for the patients of one hospital is not public: untick “is public”."
            )
        if self.start_date and self.start_time and self.timezone and self.duration_minutes:
            self._normalise_recurrence_dates()
            dates = self._date_problems()
            errors.update(
                {field: message for field, message in dates.items() if field not in errors}
            )
            # Only dates the engine handles are expanded (the field validators name the others).
            if (
                not dates
                and in_range(self.start_date)
                and in_range(self.end_date or self.start_date)
            ):
                for field, message in self.schedule.problems().items():
                    errors.setdefault(field, message)
                if not errors and self.pk is not None:
                    clash = self._moved_onto_a_meeting_day()
                    if clash:
                        errors["recurrences"] = clash
        if errors:
            raise ValidationError(errors)

    def _moved_onto_a_meeting_day(self) -> str | None:
        """A session moved to a day this schedule now meets on too (one session a day)."""
        schedule = self.schedule
        changes = {change.original_date: change for change in self.changes.all()}
        for change in sorted(changes.values(), key=lambda change: change.original_date):
            day = change.new_date
            if change.is_cancelled or day in (None, change.original_date):
                continue
            if not schedule.meets_on(change.original_date) or not schedule.meets_on(day):
                continue
            own = changes.get(day)
            if own is not None and not own.is_cancelled and own.new_date not in (None, day):
                continue  # the session of that day has moved away
            return (
                f"The session of {change.original_date:%A %-d %B %Y} has moved to "
                f"{day:%A %-d %B %Y}, which this schedule makes a meeting day too, and a group "
                "meets at most once a day. Move that session to another day, or undo the move, "
                "first."
            )
        return None

    def _date_problems(self) -> dict[str, str]:
        """A first or extra date past the planning horizon, or a rule's date out of range."""
        problems = {}
        horizon = planning_horizon()
        if in_range(self.start_date) and self.start_date > horizon:
            problems["start_date"] = beyond_horizon("The first date", horizon)
        rec = self.recurrences
        if rec is not None:
            days = [_date(d) for d in (*rec.rdates, *rec.exdates)]
            days += [_date(rule.until) for rule in rec.rrules if rule.until is not None]
            if not all(in_range(day) for day in days):
                problems["recurrences"] = OUT_OF_RANGE
            elif any(_date(day) > horizon for day in rec.rdates):
                problems["recurrences"] = beyond_horizon("An extra date", horizon)
        return problems


def _date(value):
    return value.date() if isinstance(value, dt.datetime) else value


class GroupFacilitator(models.Model):
    class Role(models.TextChoices):
        LEAD = "lead", "Lead facilitator"
        CO = "co", "Co-facilitator"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="memberships")
    facilitator = models.ForeignKey(
        "facilitators.FacilitatorProfile", on_delete=models.PROTECT, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.LEAD)

    history = HistoricalRecords()

    # Within a group: the lead first, whatever the roles' stored values sort as. Prefetches use
    # this alone: ordering by the group too would join every group to read its title.
    IN_GROUP_ORDER = (
        models.Case(models.When(role="lead", then=0), default=1),
        "facilitator__display_name",
    )

    class Meta:
        ordering = [
            "group",
            models.Case(models.When(role="lead", then=0), default=1),
            "facilitator__display_name",
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["group", "facilitator"], name="group_facilitator_unique"
            ),
        ]

    def __str__(self):
        return f"{self.facilitator} ({self.get_role_display()}) in {self.group}"
