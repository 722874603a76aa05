"""Requests to host a Peer Support 101 in the console: the list (scoped, newest first, a fixed
number of queries), one request, its status, and scheduling it as a class in one step."""

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core.exceptions import ValidationError

from core.validation import AlreadyDone, validated_save
from groups.class_requests import class_request_schedule, class_request_status_set
from groups.models import ClassRequest, Group
from groups.selectors import session_on
from tests.factories import VenueFactory

pytestmark = pytest.mark.django_db

LIST = "/manage/classes/requests/"
UTC = dt.UTC


def make_request(side, organisation="Quincy Housing First", **fields):
    return ClassRequest.objects.create(
        region=side.region,
        organisation=organisation,
        contact_name="Jo Rivera",
        email="jo@example.org",
        preferred_dates="A Tuesday morning in April",
        expected_people=12,
        **fields,
    )


def detail(item):
    return f"{LIST}{item.pk}/"


def schedule_form(side, **changes):
    return {
        "title": "Peer Support 101",
        "start_date": "2026-03-14",
        "start_time": "10:00",
        "venue": str(side.venue.pk),
        **changes,
    }


def groups_now():
    return sorted(Group.objects.values_list("slug", flat=True))


# The list -----------------------------------------------------------------------------------


def test_the_list_shows_the_coordinators_regions_only_newest_first(coordinator_client, east, west):
    older = make_request(east, "Older Program")
    newer = make_request(east, "Newer Program")
    make_request(west, "Western Program")
    ClassRequest.objects.filter(pk=older.pk).update(created_at=dt.datetime(2026, 1, 5, tzinfo=UTC))
    response = coordinator_client.get(LIST)
    assert response.status_code == 200
    assert [item.pk for item in response.context["page"]] == [newer.pk, older.pk]
    assert "Western Program" not in response.content.decode()


def test_the_list_filters_by_status_and_ignores_an_unknown_one(coordinator_client, east, west):
    make_request(east, "Fresh")
    make_request(east, "Called", status="contacted")
    listed = coordinator_client.get(LIST, {"status": "contacted"}).context["page"]
    assert [item.organisation for item in listed] == ["Called"]
    listed = coordinator_client.get(LIST, {"status": "everything"}).context["page"]
    assert sorted(item.organisation for item in listed) == ["Called", "Fresh"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_takes_a_fixed_number_of_queries(
    coordinator_client, east, west, count, django_assert_num_queries
):
    for number in range(count):
        make_request(east, f"Program {number}")
    coordinator_client.get(LIST)  # the session and the user are read once warm
    with django_assert_num_queries(6):
        response = coordinator_client.get(LIST)
    assert len(response.context["page"].object_list) == count


def test_a_facilitator_or_a_visitor_cannot_see_the_list(client, east):
    assert client.get(LIST).status_code == 302
    client.force_login(east.lead.user)
    assert client.get(LIST).status_code == 403


# One request and its status -----------------------------------------------------------------


def test_the_page_shows_how_to_reach_them_and_what_they_asked(coordinator_client, east, west):
    item = make_request(east, accessibility_needs="An ASL interpreter")
    html = coordinator_client.get(detail(item)).content.decode()
    for text in ("Jo Rivera", "mailto:jo@example.org", "A Tuesday morning in April", "ASL"):
        assert text in html


def test_another_regions_request_is_a_404_and_nothing_changes(coordinator_client, east, west):
    theirs = make_request(west, "Western Program")
    before = list(ClassRequest.objects.values())
    assert coordinator_client.get(detail(theirs)).status_code == 404
    assert coordinator_client.post(detail(theirs), schedule_form(east)).status_code == 404
    assert (
        coordinator_client.post(detail(theirs) + "status/", {"status": "declined"}).status_code
        == 404
    )
    assert list(ClassRequest.objects.values()) == before
    assert Group.objects.filter(kind=Group.Kind.CLASS).count() == 0


def test_marking_contacted_then_declined_records_who_and_when(coordinator_client, east):
    item = make_request(east)
    response = coordinator_client.post(detail(item) + "status/", {"status": "contacted"})
    assert (response.status_code, response["Location"]) == (302, detail(item))
    item.refresh_from_db()
    assert (item.status, item.handled_by, item.closed_at) == ("contacted", east.coordinator, None)
    coordinator_client.post(detail(item) + "status/", {"status": "declined"})
    item.refresh_from_db()
    assert (item.status, item.closed_at is not None) == ("declined", True)
    # Back to contacted: open again, so the clock that forgets it stops.
    coordinator_client.post(detail(item) + "status/", {"status": "contacted"})
    item.refresh_from_db()
    assert (item.status, item.closed_at) == ("contacted", None)


@pytest.mark.parametrize("status", ["scheduled", "", "archived", "x" * 1000])
def test_a_status_that_cannot_be_set_by_hand_changes_nothing(coordinator_client, east, status):
    item = make_request(east)
    page = coordinator_client.post(detail(item) + "status/", {"status": status}, follow=True)
    assert page.status_code == 200
    item.refresh_from_db()
    assert (item.status, item.handled_by) == ("new", None)


def test_the_same_status_twice_is_already_done(east):
    item = make_request(east, status="contacted")
    with pytest.raises(AlreadyDone):
        class_request_status_set(class_request=item, status="contacted", user=east.coordinator)


# Scheduling in one step ---------------------------------------------------------------------


def test_scheduling_creates_one_three_hour_class_at_the_regions_wall_clock_time(
    coordinator_client, east, west, page_clock
):
    item = make_request(east)
    before = groups_now()
    response = coordinator_client.post(detail(item), schedule_form(east))
    [slug] = sorted(set(groups_now()) - set(before))
    assert slug == "metro-boston-peer-support-101-2026-03-14"
    assert (response.status_code, response["Location"]) == (302, f"/manage/groups/{slug}/")
    group = Group.objects.get(slug=slug)
    assert (
        group.title,
        group.kind,
        group.region,
        group.venue,
        group.start_date,
        group.start_time,
        group.duration_minutes,
        group.is_public,
        group.timezone,
    ) == (
        "Peer Support 101",
        "class",
        east.region,
        east.venue,
        dt.date(2026, 3, 14),
        dt.time(10, 0),
        180,
        False,
        "America/New_York",
    )
    # One session only; 10 am in Boston after the clocks went forward on 8 March is 14:00 UTC.
    assert group.schedule.session_dates(dt.date(2026, 1, 1), dt.date(2027, 1, 1)) == [
        dt.date(2026, 3, 14)
    ]
    session = session_on(group, dt.date(2026, 3, 14)).occurrence
    assert (session.start, session.end) == (
        dt.datetime(2026, 3, 14, 10, 0, tzinfo=ZoneInfo("America/New_York")),
        dt.datetime(2026, 3, 14, 13, 0, tzinfo=ZoneInfo("America/New_York")),
    )
    assert session.start.astimezone(UTC) == dt.datetime(2026, 3, 14, 14, 0, tzinfo=UTC)
    item.refresh_from_db()
    assert (item.status, item.group, item.handled_by, item.closed_at is not None) == (
        "scheduled",
        group,
        east.coordinator,
        True,
    )
    # The request's page now links to its class, and offers no second scheduling.
    html = coordinator_client.get(detail(item)).content.decode()
    assert f'href="/manage/groups/{slug}/"' in html
    assert 'name="start_date"' not in html


def test_a_public_class_shows_on_the_public_calendar(coordinator_client, east, page_clock):
    item = make_request(east)
    coordinator_client.post(detail(item), schedule_form(east, is_public="on", title="PS 101"))
    group = Group.objects.get(title="PS 101")
    assert group.is_public is True
    page = coordinator_client.get(f"/groups/{group.slug}/")
    assert page.status_code == 200
    assert "A three-hour introduction to peer support" in page.content.decode()
    # In Spanish and Portuguese, its description is too; the title is the coordinator's.
    spanish = coordinator_client.get(f"/es/groups/{group.slug}/").content.decode()
    assert "Una introducción de tres horas al apoyo entre pares" in spanish
    assert "<h1>PS 101</h1>" in spanish
    portuguese = coordinator_client.get(f"/pt-br/groups/{group.slug}/").content.decode()
    assert "Uma introdução de três horas ao apoio entre pares" in portuguese


def test_scheduling_twice_makes_one_class(coordinator_client, east, page_clock):
    item = make_request(east)
    before = groups_now()
    answers = [coordinator_client.post(detail(item), schedule_form(east)) for _ in range(2)]
    assert [answer.status_code for answer in answers] == [302, 302]
    assert len(groups_now()) == len(before) + 1
    item.refresh_from_db()
    with pytest.raises(AlreadyDone):
        class_request_schedule(
            class_request=item,
            user=east.coordinator,
            day=dt.date(2026, 3, 20),
            start_time=dt.time(9, 0),
            venue=east.venue,
        )
    assert len(groups_now()) == len(before) + 1


def test_two_classes_on_one_day_get_their_own_addresses(coordinator_client, east, page_clock):
    first, second = make_request(east, "One"), make_request(east, "Two")
    coordinator_client.post(detail(first), schedule_form(east))
    coordinator_client.post(detail(second), schedule_form(east, start_time="14:00"))
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.group.slug, second.group.slug) == (
        "metro-boston-peer-support-101-2026-03-14",
        "metro-boston-peer-support-101-2026-03-14-2",
    )


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"start_date": "2026-02-27"}, "start_date"),  # yesterday in Boston
        ({"start_date": "2026-02-30"}, "start_date"),
        ({"start_date": "2100-01-01"}, "start_date"),
        ({"start_date": "2029-03-06"}, "start_date"),  # past the planning horizon
        ({"start_date": ""}, "start_date"),
        ({"start_time": "25:00"}, "start_time"),
        ({"start_time": ""}, "start_time"),
        ({"title": ""}, "title"),
        ({"title": "t" * 161}, "title"),
        ({"venue": ""}, "venue"),
        ({"venue": "9" * 30}, "venue"),
        ({"venue": "not-a-number"}, "venue"),
    ],
)
def test_bad_scheduling_input_is_a_form_error_and_changes_nothing(
    coordinator_client, east, west, page_clock, changes, field
):
    item = make_request(east)
    before = groups_now()
    response = coordinator_client.post(detail(item), schedule_form(east, **changes))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert groups_now() == before
    item.refresh_from_db()
    assert (item.status, item.group) == ("new", None)


def test_another_regions_venue_is_not_a_choice(coordinator_client, east, west, page_clock):
    item = make_request(east)
    before = groups_now()
    response = coordinator_client.post(detail(item), schedule_form(east, venue=west.venue.pk))
    assert (response.status_code, list(response.context["form"].errors)) == (400, ["venue"])
    assert groups_now() == before


def test_the_service_refuses_another_regions_venue_and_keeps_nothing(east, west, page_clock):
    item = make_request(east)
    before = groups_now()
    with pytest.raises(ValidationError) as error:
        class_request_schedule(
            class_request=item,
            user=east.coordinator,
            day=dt.date(2026, 3, 14),
            start_time=dt.time(10, 0),
            venue=west.venue,
        )
    assert list(error.value.message_dict) == ["venue"]
    assert groups_now() == before
    item.refresh_from_db()
    assert item.status == "new"


def test_a_refused_class_leaves_the_request_as_it_was(east, page_clock):
    """The group's own checks (here: past the planning horizon) undo the whole step."""
    item = make_request(east, status="contacted")
    before = groups_now()
    with pytest.raises(ValidationError):
        class_request_schedule(
            class_request=item,
            user=east.coordinator,
            day=dt.date(2029, 3, 6),
            start_time=dt.time(10, 0),
            venue=east.venue,
        )
    assert groups_now() == before
    item.refresh_from_db()
    assert (item.status, item.group, item.handled_by) == ("contacted", None, None)


def test_an_inactive_venue_is_not_offered(coordinator_client, east, page_clock):
    closed = VenueFactory(region=east.region, name="Closed Hall", slug="closed-hall")
    closed.is_active = False
    closed.save()
    item = make_request(east)
    choices = [
        str(label)
        for _value, label in coordinator_client.get(detail(item))
        .context["form"]
        .fields["venue"]
        .choices
    ]
    assert "Closed Hall" not in choices
    assert "Metro Boston Library" in choices


def test_a_scheduled_request_keeps_its_status(coordinator_client, east, page_clock):
    item = make_request(east)
    coordinator_client.post(detail(item), schedule_form(east))
    coordinator_client.post(detail(item) + "status/", {"status": "declined"})
    item.refresh_from_db()
    assert item.status == "scheduled"


# The dashboard ------------------------------------------------------------------------------


def test_the_dashboard_counts_the_new_requests_of_the_coordinators_regions(
    coordinator_client, east, west
):
    make_request(east, "One")
    make_request(east, "Two")
    make_request(east, "Called", status="contacted")
    make_request(west, "Western Program")
    response = coordinator_client.get("/manage/")
    assert response.context["new_class_requests_count"] == 2
    assert "New requests to host a class (2)" in response.content.decode()
    assert 'href="/manage/classes/requests/?status=new"' in response.content.decode()


def test_the_dashboard_says_when_there_are_none(coordinator_client, east, west):
    make_request(west, "Western Program")
    response = coordinator_client.get("/manage/")
    assert response.context["new_class_requests_count"] == 0
    assert "No new requests to host a class." in response.content.decode()


# The model's own checks -----------------------------------------------------------------------


def test_the_model_refuses_scheduled_without_a_class_and_another_regions_class(east, west):
    item = make_request(east)
    item.status = ClassRequest.Status.SCHEDULED
    with pytest.raises(ValidationError) as error:
        validated_save(item)
    assert list(error.value.message_dict) == ["status"]
    item.group = west.group
    with pytest.raises(ValidationError) as error:
        validated_save(item)
    assert list(error.value.message_dict) == ["group"]
    item.refresh_from_db()
    assert (item.status, item.group) == ("new", None)


def test_a_scheduled_request_whose_class_was_deleted_says_so(coordinator_client, east, page_clock):
    item = make_request(east)
    coordinator_client.post(detail(item), schedule_form(east))
    item.refresh_from_db()
    Group.objects.filter(pk=item.group_id).delete()
    html = coordinator_client.get(detail(item)).content.decode()
    assert "Scheduled; its class has since been deleted." in html
    assert 'name="start_date"' not in html
