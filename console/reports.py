"""The monthly report of a region: sessions scheduled, cancelled, held, and who came (numbers).

``monthly_report`` is a pure function of the month's data; ``report_for_region`` loads that
data in three queries, whatever the number of groups; the two views show it as a page and as
a CSV file that is safe to open in a spreadsheet.

How sessions are counted:

- *scheduled*: every session the group's schedule has on a date of the month, in the month of
  its original date, once, even if it was moved (to another month, too). A session with a
  record counts even if the schedule has changed since;
- each scheduled session is then exactly one of: *held* or *not held* (its record says which),
  *cancelled* (cancelled in the console and not recorded), or *not yet recorded*; so
  scheduled = cancelled + held + not held + not yet recorded;
- *attendance* adds up the held sessions' counts; the *average* is per held session;
- groups: the region's running groups, private ones included, and any other group with a
  record that month; a group with no session that month is left out. Each group counts under
  its own venue, even for a session moved elsewhere.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field, fields

from django.db.models import Q
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from console.access import coordinator_required
from console.registration_counts import registration_counts
from core.numbers import whole_number
from groups.dates import EARLIEST_DATE, LATEST_DATE
from groups.expansion import expandable
from groups.models import Group, SessionChange, SessionRecord
from regions.models import Region
from regions.selectors import regions_for_user

MONTH = re.compile(r"[0-9]{4}-[0-9]{2}")
NO_VENUE = "No venue yet"
# A spreadsheet reads a cell starting with one of these as a formula (or as the start of one).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
COLUMNS = (
    "Scheduled",
    "Cancelled",
    "Held",
    "Not held",
    "Not yet recorded",
    "Total attendance",
    "Average attendance per held session",
)


class BadParameter(ValueError):
    """A report parameter that cannot be read; ``parameter`` names it."""

    def __init__(self, parameter: str, message: str):
        super().__init__(message)
        self.parameter = parameter
        self.message = message


def parse_month(text: str) -> dt.date:
    """ "2026-02" → 1 February 2026; anything else is a BadParameter naming ``month``."""
    problem = BadParameter(
        "month",
        _(
            "The month “%(month)s” cannot be read: write the year and the month as YYYY-MM, "
            "like 2026-02."
        )
        % {"month": text},
    )
    if not MONTH.fullmatch(text):
        raise problem
    year, month = int(text[:4]), int(text[5:])
    if not 1 <= month <= 12:
        raise problem
    if not EARLIEST_DATE.year <= year <= LATEST_DATE.year:
        raise BadParameter(
            "month",
            _("The month “%(month)s” is out of range: choose one from %(first)s to %(last)s.")
            % {"month": text, "first": f"{EARLIEST_DATE:%Y}", "last": f"{LATEST_DATE:%Y}"},
        )
    return dt.date(year, month, 1)


def last_day(month: dt.date) -> dt.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def previous_month(day: dt.date) -> dt.date:
    return (day.replace(day=1) - dt.timedelta(days=1)).replace(day=1)


# The report, from plain data.


@dataclass(frozen=True)
class Counts:
    scheduled: int = 0
    cancelled: int = 0
    held: int = 0
    not_held: int = 0
    not_recorded: int = 0
    attendance: int = 0

    def __add__(self, other: Counts) -> Counts:
        return Counts(
            **{f.name: getattr(self, f.name) + getattr(other, f.name) for f in fields(self)}
        )

    @property
    def average(self) -> float | None:
        """Attendance per held session, to one decimal; None when none was held."""
        return round(self.attendance / self.held, 1) if self.held else None

    def numbers(self) -> list:
        """The columns' values, in COLUMNS order; the average is "" when none was held."""
        average = self.average
        return [
            self.scheduled,
            self.cancelled,
            self.held,
            self.not_held,
            self.not_recorded,
            self.attendance,
            "" if average is None else f"{average:.1f}",
        ]

    @property
    def cells(self) -> list[tuple[str, str]]:
        """(column, value as text) pairs, for the page's table."""
        return [(name, str(value)) for name, value in zip(COLUMNS, self.numbers(), strict=True)]


@dataclass(frozen=True)
class GroupLine:
    group: Group
    counts: Counts


@dataclass(frozen=True)
class VenueBlock:
    name: str
    lines: tuple[GroupLine, ...]
    totals: Counts


@dataclass(frozen=True)
class RecordLine:
    """One recorded session, as the report lists it."""

    original_date: dt.date
    group: Group
    venue_name: str
    held: bool
    attendance: int | None
    not_held_reason: str
    note: str


@dataclass(frozen=True)
class MonthlyReport:
    region: Region
    month: dt.date  # its first day
    venues: tuple[VenueBlock, ...]
    totals: Counts
    records: tuple[RecordLine, ...] = field(default=())

    @property
    def last_day(self) -> dt.date:
        return last_day(self.month)


def _venue_name(group: Group) -> str:
    return group.venue.name if group.venue_id else NO_VENUE


def monthly_report(
    *,
    region: Region,
    month: dt.date,
    groups: Iterable[Group],
    cancelled: Iterable[tuple[int, dt.date]],
    records: Iterable[SessionRecord],
) -> MonthlyReport:
    """Count one month of ``groups``' sessions. No database access.

    ``cancelled`` holds (group id, original date) of the cancelled sessions and ``records`` the
    sessions' records; anything outside the month, or of another group, is ignored. Groups
    need their venue loaded.
    """
    first, last = month.replace(day=1), last_day(month)
    groups = sorted(groups, key=lambda group: (group.title.casefold(), group.pk))
    known = {group.pk for group in groups}
    cancelled = {
        (group_id, day) for group_id, day in cancelled if group_id in known and first <= day <= last
    }
    by_session = {
        (record.group_id, record.original_date): record
        for record in records
        if record.group_id in known and first <= record.original_date <= last
    }
    recorded_days = {}
    for group_id, day in by_session:
        recorded_days.setdefault(group_id, set()).add(day)

    blocks: dict[str, list[GroupLine]] = {}
    for group in expandable(groups):
        days = set(group.schedule.session_dates(first, last)) | recorded_days.get(group.pk, set())
        if not days:
            continue
        tally = dict.fromkeys(("held", "not_held", "cancelled", "not_recorded", "attendance"), 0)
        for day in days:
            record = by_session.get((group.pk, day))
            if record is not None and record.held:
                tally["held"] += 1
                tally["attendance"] += record.attendance or 0
            elif record is not None:
                tally["not_held"] += 1
            elif (group.pk, day) in cancelled:
                tally["cancelled"] += 1
            else:
                tally["not_recorded"] += 1
        line = GroupLine(group, Counts(scheduled=len(days), **tally))
        blocks.setdefault(_venue_name(group), []).append(line)

    venues = tuple(
        VenueBlock(name, tuple(lines), sum((line.counts for line in lines), Counts()))
        for name, lines in sorted(
            blocks.items(), key=lambda item: (item[0] == NO_VENUE, item[0].casefold())
        )
    )
    by_pk = {group.pk: group for group in groups}
    lines = sorted(
        (
            RecordLine(
                original_date=record.original_date,
                group=by_pk[record.group_id],
                venue_name=_venue_name(by_pk[record.group_id]),
                held=record.held,
                attendance=record.attendance if record.held else None,
                not_held_reason=record.not_held_reason,
                note=record.note,
            )
            for record in by_session.values()
        ),
        key=lambda line: (line.original_date, line.group.title.casefold(), line.group.pk),
    )
    return MonthlyReport(
        region=region,
        month=first,
        venues=venues,
        totals=sum((block.totals for block in venues), Counts()),
        records=tuple(lines),
    )


def report_for_region(region: Region, month: dt.date) -> MonthlyReport:
    """The month's report for one region, in three queries."""
    first, last = month.replace(day=1), last_day(month)
    in_month = {"original_date__range": (first, last)}
    recorded = SessionRecord.objects.filter(group__region=region, **in_month)
    groups = Group.objects.filter(
        Q(status=Group.Status.ACTIVE) | Q(pk__in=recorded.values("group")), region=region
    ).select_related("venue")
    cancelled = SessionChange.objects.filter(
        group__region=region, kind=SessionChange.Kind.CANCELLED, **in_month
    ).values_list("group_id", "original_date")
    return monthly_report(
        region=region, month=first, groups=groups, cancelled=cancelled, records=recorded
    )


# CSV.


def spreadsheet_safe(value):
    """A cell a spreadsheet shows as text: one starting like a formula gets a leading ' ."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


SUMMARY_HEADER = ["Region", "Month", "Venue", "Group", "Private", *COLUMNS]
RECORDS_HEADER = ["Date", "Group", "Venue", "Held", "Attendance", "Reason not held", "Note"]
VENUE_TOTAL = "Total for the venue"
REGION_TOTAL = "Total for the region"
ALL_VENUES = "All venues"


def report_rows(report: MonthlyReport) -> list[list]:
    """The report as CSV rows: the counts by venue and group, a blank row, then each record."""
    region, month = report.region.name, f"{report.month:%Y-%m}"
    rows = [SUMMARY_HEADER]
    for block in report.venues:
        for line in block.lines:
            private = "no" if line.group.is_public else "yes"
            rows.append(
                [region, month, block.name, line.group.title, private, *line.counts.numbers()]
            )
        rows.append([region, month, block.name, VENUE_TOTAL, "", *block.totals.numbers()])
    rows.append([region, month, ALL_VENUES, REGION_TOTAL, "", *report.totals.numbers()])
    rows.append([])
    rows.append(RECORDS_HEADER)
    for line in report.records:
        rows.append(
            [
                line.original_date.isoformat(),
                line.group.title,
                line.venue_name,
                "yes" if line.held else "no",
                "" if line.attendance is None else line.attendance,
                line.not_held_reason,
                line.note,
            ]
        )
    return [[spreadsheet_safe(cell) for cell in row] for row in rows]


# Views.


def _region_and_month(request, regions: list[Region]) -> tuple[Region, dt.date]:
    """The region and month asked for; the first region and the previous month by default."""
    text = request.GET.get("region", "").strip()
    if not text:
        if not regions:
            raise Http404("No region to report on.")
        region = regions[0]
    elif (pk := whole_number(text)) is None:
        raise BadParameter(
            "region",
            _("The region “%(region)s” cannot be read: choose one of your regions.")
            % {"region": text},
        )
    else:
        region = next((r for r in regions if r.pk == pk), None)
        if region is None:
            raise Http404("No such region.")  # another region's: nothing is said about it
    text = request.GET.get("month", "").strip()
    month = parse_month(text) if text else previous_month(timezone.localdate())
    return region, month


@coordinator_required
@require_safe
def report_view(request):
    regions = list(regions_for_user(request.user))
    context = {"regions": regions, "month_text": request.GET.get("month", "")}
    try:
        region, month = _region_and_month(request, regions)
    except BadParameter as problem:
        asked = request.GET.get("region", "").strip()
        region = next((region for region in regions if str(region.pk) == asked), None)
        context.update(problem=problem, region=region)
        return render(request, "console/report.html", context, status=400)
    context.update(
        region=region,
        month=month,
        month_text=f"{month:%Y-%m}",
        report=report_for_region(region, month),
        registrations=registration_counts(region, month, last_day(month)),
    )
    return render(request, "console/report.html", context)


@coordinator_required
@require_safe
def report_csv(request):
    regions = list(regions_for_user(request.user))
    try:
        region, month = _region_and_month(request, regions)
    except BadParameter as problem:
        return HttpResponse(
            f"{problem.parameter}: {problem.message}\n",
            status=400,
            content_type="text/plain; charset=utf-8",
        )
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = (
        f'attachment; filename="peerhub-{region.slug}-{month:%Y-%m}.csv"'
    )
    response.write("\ufeff")  # the byte order mark tells spreadsheets the file is UTF-8
    csv.writer(response).writerows(report_rows(report_for_region(region, month)))
    csv.writer(response).writerows(registration_counts(region, month, last_day(month)).rows())
    return response
