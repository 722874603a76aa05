import datetime as dt
import uuid
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from recurrence import Recurrence
from recurrence.exceptions import DeserializationError
from recurrence.fields import RecurrenceField
from simple_history.models import HistoricalRecords

from core.fields import OneLineField
from groups.dates import (
    EARLIEST_DATE,
    LATEST_DATE,
    OUT_OF_RANGE,
    beyond_horizon,
    in_range,
    planning_horizon,
    validate_in_range,
)
from groups.occurrences import ALLOWED_FREQUENCIES, SUB_DAILY_PARAMS, Change, Schedule

# django-recurrence keeps dates as UTC datetimes; local noon keeps the date the same whatever
# TIME_ZONE a server runs with (within ±11 hours), so a date never slips by a day.
RECURRENCE_DATE_TIME = dt.time(12, 0)
# How far a session may move from its original date, either way.
MOVE_RANGE = dt.timedelta(days=366)


class UnreadableRecurrence(Recurrence):
    """Rule text no parser reads (a hand-made SQL fix, an import): kept, never expanded."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class StoredRecurrenceField(RecurrenceField):
    """django-recurrence's field, except that one row's unreadable text cannot fail a query.

    It loads as an ``UnreadableRecurrence`` (the group is then left out of every page and feed,
    see ``Group.schedule_problem``) and is written back unchanged until someone replaces it.
    """

    def from_db_value(self, value, *args, **kwargs):
        try:
            return self.to_python(value)
        except DeserializationError:
            return UnreadableRecurrence(value)

    def get_prep_value(self, value):
        if isinstance(value, UnreadableRecurrence):
            return value.text
        return super().get_prep_value(value)


class AccessFeature(models.Model):
    """Something people filter by: wheelchair access, ASL interpretation, fragrance-free, online."""

    slug = models.SlugField(max_length=40, unique=True)
    name = OneLineField(max_length=80, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Language(models.Model):
    code = models.SlugField(max_length=12, unique=True, help_text="e.g. en, es, pt, ht, kea")
    name = OneLineField(max_length=60, unique=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class Group(models.Model):
    """A recurring series of sessions, or a one-off event, run by one region."""

    class Kind(models.TextChoices):
        SELF_HELP = "self_help", "Self-help group"
        PEER_WORKER_SUPPORT = "peer_worker_support", "Peer worker support group"
        CLASS = "class", "Class or training"
        SOCIAL = "social", "Social event"
        OTHER = "other", "Other"

    class Audience(models.TextChoices):
        EVERYONE = "everyone", "Open to all"
        PEERS = "peers", "Peers only"
        PEER_WORKERS = "peer_workers", "Peer workers only"
        HOSPITAL_PATIENTS = "hospital_patients", "Patients of this hospital only"

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


class SessionChange(models.Model):
    """One session of a group cancelled or moved, keyed by the session's original local date."""

    class Kind(models.TextChoices):
        CANCELLED = "cancelled", "Cancelled"
        MOVED = "moved", "Moved"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="changes")
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
        move_fields = ("new_date", "new_start_time", "new_end_time", "new_venue")
        if self.kind == self.Kind.CANCELLED:
            for name in move_fields:
                if getattr(self, f"{name}_id" if name == "new_venue" else name) is not None:
                    errors[name] = "A cancelled session is not moved; leave this empty."
        elif self.kind == self.Kind.MOVED and "original_date" not in errors:
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
            elif moved.end <= moved.start:
                errors["new_end_time"] = "The end time must be after the start time."
        if errors:
            raise ValidationError(errors)


class SessionSubstitute(models.Model):
    """Someone facilitates one session in place of a regular facilitator, or covers it alone."""

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="substitutes")
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

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="substitute_requests")
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

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="records")
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


class GroupFeedback(models.Model):
    """Anonymous feedback from the group's page: a rating and a comment, nothing else."""

    class Rating(models.IntegerChoices):
        POOR = 1, "1: not good"
        FAIR = 2, "2: could be better"
        OK = 3, "3: all right"
        GOOD = 4, "4: good"
        GREAT = 5, "5: very good"

    group = models.ForeignKey(Group, on_delete=models.CASCADE, related_name="feedback")
    rating = models.PositiveSmallIntegerField(choices=Rating.choices)
    comment = models.TextField(blank=True, max_length=2000)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.group}: {self.rating}"


class FeedVersion(models.Model):
    """The current version of one feed scope, moved in the same transaction as any change to it.

    Feeds are cached under their version's token, so no stale copy is ever served, whatever
    cache each app server has; ``changed_at`` is the feed's Last-Modified and never goes back.
    Keys: ``network``, ``region:<id>``, ``venue:<id>``, ``group:<id>``, ``facilitator:<id>``.
    """

    NETWORK = "network"

    key = models.CharField(max_length=40, primary_key=True)
    token = models.CharField(max_length=32)
    changed_at = models.DateTimeField()

    def __str__(self):
        return f"{self.key} @ {self.changed_at:%Y-%m-%d %H:%M:%S}"

    @staticmethod
    def key_for(kind: str, pk: int) -> str:
        return f"{kind}:{pk}"
