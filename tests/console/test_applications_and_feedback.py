"""Applications to facilitate and group feedback in the console: own regions only."""

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from accounts.models import User
from facilitators.applications import application_submit
from facilitators.models import FacilitatorApplication, FacilitatorInvitation
from tests.factories import FacilitatorFactory, UserFactory
from website.feedback import feedback_submit

pytestmark = pytest.mark.django_db

ANSWERS = {
    "recovery": "Steady for some years now.",
    "experience": "I have been to many groups.",
    "dependability": "Thursdays are free.",
    "working_with_others": "I like a co-facilitator.",
    "giving_back": "Peers helped me.",
}


def apply(region, first_name, last_name="Martinez", email=None):
    return application_submit(
        region=region,
        first_name=first_name,
        last_name=last_name,
        email=email or f"{first_name.lower()}@example.org",
        **ANSWERS,
    )


@pytest.fixture
def applications(east, west):
    """Two applications to the east region and one to the west, oldest first."""
    return [apply(east.region, "Rosa"), apply(east.region, "Sam"), apply(west.region, "Wren")]


def statuses():
    return list(FacilitatorApplication.objects.order_by("pk").values_list("first_name", "status"))


def console_messages(response):
    return [str(message) for message in response.context["messages"]]


# Applications ---------------------------------------------------------------------------------


def test_the_list_shows_the_coordinators_regions_newest_first(coordinator_client, applications):
    response = coordinator_client.get("/manage/applications/")
    assert [a.first_name for a in response.context["page"]] == ["Sam", "Rosa"]


def test_the_list_filters_by_status(coordinator_client, applications):
    rosa = applications[0]
    FacilitatorApplication.objects.filter(pk=rosa.pk).update(status="contacted")
    response = coordinator_client.get("/manage/applications/?status=contacted")
    assert [a.first_name for a in response.context["page"]] == ["Rosa"]
    everything = coordinator_client.get("/manage/applications/?status=nonsense")
    assert [a.first_name for a in everything.context["page"]] == ["Sam", "Rosa"]


@pytest.mark.parametrize("count", [1, 3])
def test_the_list_query_count_is_fixed(coordinator_client, east, count, django_assert_num_queries):
    for number in range(count):
        apply(east.region, f"Person{number}")
    # session, user, two coordinator checks (the view's and the site nav's), count, the page
    with django_assert_num_queries(6):
        response = coordinator_client.get("/manage/applications/")
    assert len(response.context["page"]) == count


def test_one_application_shows_every_answer(coordinator_client, applications):
    rosa = applications[0]
    response = coordinator_client.get(f"/manage/applications/{rosa.pk}/")
    assert response.context["answers"] == [
        ("Your own recovery", "Steady for some years now."),
        ("Your experience of groups", "I have been to many groups."),
        ("A regular commitment", "Thursdays are free."),
        ("Working with others", "I like a co-facilitator."),
        ("Giving back", "Peers helped me."),
    ]
    assert response.context["display_name"] == "Rosa M."


def test_marking_contacted_then_declined(coordinator_client, east, applications):
    rosa = applications[0]
    url = f"/manage/applications/{rosa.pk}/status/"
    first = coordinator_client.post(url, {"status": "contacted"}, follow=True)
    assert console_messages(first) == ["Rosa M.'s application is marked as contacted."]
    again = coordinator_client.post(url, {"status": "contacted"}, follow=True)
    assert console_messages(again) == [
        "Rosa M.'s application was already marked as contacted; nothing changed."
    ]
    coordinator_client.post(url, {"status": "declined"})
    assert statuses()[0] == ("Rosa", "declined")
    page = coordinator_client.get(f"/manage/applications/{rosa.pk}/")
    assert [(record.status, record.history_user) for record in page.context["history"]] == [
        ("new", None),
        ("contacted", east.coordinator),
        ("declined", east.coordinator),
    ]


@pytest.mark.parametrize("status", ["invited", "new", "accepted", ""])
def test_only_contacted_or_declined_can_be_set_by_hand(coordinator_client, applications, status):
    rosa = applications[1]
    FacilitatorApplication.objects.filter(pk=rosa.pk).update(status="contacted")
    response = coordinator_client.post(
        f"/manage/applications/{rosa.pk}/status/", {"status": status}, follow=True
    )
    assert console_messages(response) == ["Choose contacted or declined."]
    assert statuses()[1] == ("Sam", "contacted")


def test_inviting_asks_them_to_facilitate_in_the_region_and_marks_the_application(
    coordinator_client, east, applications, django_capture_on_commit_callbacks
):
    rosa = applications[0]
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/manage/applications/{rosa.pk}/invite/", follow=True)
    assert console_messages(response) == [
        "Invitation sent to rosa@example.org, to facilitate with Metro Boston RLC as “Rosa M.”. "
        "They join your facilitators when they accept it."
    ]
    [invitation] = FacilitatorInvitation.objects.all()
    assert (invitation.user.email, invitation.display_name, invitation.region) == (
        "rosa@example.org",
        "Rosa M.",
        east.region,
    )
    assert statuses() == [("Rosa", "invited"), ("Sam", "new"), ("Wren", "new")]
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]


def test_a_last_name_typed_as_part_of_the_first_name_is_never_shown(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    maria = apply(east.region, "Maria Surname", "Surname", email="maria@example.org")
    page = coordinator_client.get(f"/manage/applications/{maria.pk}/")
    assert page.context["display_name"] == "Maria S."
    assert "the public sees them as “Maria S.”" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(f"/manage/applications/{maria.pk}/invite/")
    assert list(FacilitatorInvitation.objects.values_list("display_name", flat=True)) == [
        "Maria S."
    ]


def test_inviting_twice_sends_one_invitation(
    coordinator_client, applications, django_capture_on_commit_callbacks
):
    rosa = applications[0]
    url = f"/manage/applications/{rosa.pk}/invite/"
    with django_capture_on_commit_callbacks(execute=True):
        coordinator_client.post(url, follow=True)
        second = coordinator_client.post(url, follow=True)
    assert console_messages(second) == ["Rosa is already invited to facilitate."]
    assert len(mail.outbox) == 1
    status = coordinator_client.post(
        f"/manage/applications/{rosa.pk}/status/", {"status": "declined"}, follow=True
    )
    assert console_messages(status) == ["Rosa is already invited to facilitate."]
    assert statuses()[0] == ("Rosa", "invited")


def test_inviting_someone_who_already_facilitates_changes_nothing(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    lead = apply(east.region, "Lead", "Again", email="LEAD.metro-boston@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/manage/applications/{lead.pk}/invite/", follow=True)
    assert console_messages(response) == [
        "lead.metro-boston@example.org is already a facilitator in Metro Boston RLC."
    ]
    assert (statuses(), mail.outbox) == ([("Lead", "new")], [])


def test_a_name_that_cannot_be_shown_is_refused_with_a_way_forward(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    odd = apply(east.region, "J.R.", "Smith", email="jr@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        response = coordinator_client.post(f"/manage/applications/{odd.pk}/invite/", follow=True)
    assert console_messages(response) == [
        "Use one first name and the initial of the last name, like “Maria S.” or “Jean-Luc D.”: "
        "letters only, with a hyphen or an apostrophe if the name has one. Invite them from "
        "People instead, with the name they would like shown, then mark this application as "
        "contacted."
    ]
    assert (statuses(), mail.outbox) == ([("J.R.", "new")], [])
    assert not User.objects.filter(email="jr@example.org").exists()


def test_another_regions_application_is_a_404_everywhere_and_changes_nothing(
    coordinator_client, applications, django_capture_on_commit_callbacks
):
    wren = applications[2]
    before = statuses()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [
            coordinator_client.get(f"/manage/applications/{wren.pk}/").status_code,
            coordinator_client.post(
                f"/manage/applications/{wren.pk}/status/", {"status": "declined"}
            ).status_code,
            coordinator_client.post(f"/manage/applications/{wren.pk}/invite/").status_code,
        ]
    assert answers == [404, 404, 404]
    assert (statuses(), mail.outbox) == (before, [])
    assert not User.objects.filter(email="wren@example.org").exists()


def test_an_application_that_does_not_exist_is_a_404(coordinator_client, applications):
    assert coordinator_client.get("/manage/applications/999999/").status_code == 404


# Feedback -------------------------------------------------------------------------------------


@pytest.fixture
def feedback(east, west, monkeypatch):
    """Feedback on both regions' groups, a minute apart, oldest first."""
    start = dt.datetime(2026, 3, 3, 20, 0, tzinfo=dt.UTC)
    made = []
    for minutes, (group, rating, comment) in enumerate(
        [
            (east.group, 5, "Felt at home."),
            (west.group, 1, "West only: never shown in the east."),
            (east.private_group, 3, ""),
            (east.group, 4, "Good, a bit short."),
        ]
    ):
        monkeypatch.setattr(timezone, "now", lambda m=minutes: start + dt.timedelta(minutes=m))
        made.append(feedback_submit(group=group, rating=rating, comment=comment))
    return made


def rows(response):
    return [(f.group.slug, f.rating, f.comment) for f in response.context["page"]]


def test_feedback_of_the_coordinators_groups_newest_first(coordinator_client, feedback):
    response = coordinator_client.get("/manage/feedback/")
    assert rows(response) == [
        ("metro-boston-hearing-voices", 4, "Good, a bit short."),
        ("metro-boston-inpatient", 3, ""),
        ("metro-boston-hearing-voices", 5, "Felt at home."),
    ]
    assert response.context["summary"] == {"count": 3, "average": 4.0}
    assert [group.slug for group in response.context["groups"]] == [
        "metro-boston-hearing-voices",
        "metro-boston-inpatient",
    ]
    assert b"West only" not in response.content


def test_feedback_filtered_by_group(coordinator_client, feedback):
    response = coordinator_client.get("/manage/feedback/?group=metro-boston-hearing-voices")
    assert rows(response) == [
        ("metro-boston-hearing-voices", 4, "Good, a bit short."),
        ("metro-boston-hearing-voices", 5, "Felt at home."),
    ]
    assert response.context["summary"] == {"count": 2, "average": 4.5}


def test_filtering_by_another_regions_group_is_a_404(coordinator_client, west, feedback):
    response = coordinator_client.get(f"/manage/feedback/?group={west.group.slug}")
    assert response.status_code == 404


@pytest.mark.parametrize("count", [1, 3])
def test_the_feedback_query_count_is_fixed(
    coordinator_client, east, count, django_assert_num_queries
):
    for _ in range(count):
        feedback_submit(group=east.group, rating=4, comment="")
    # session, user, two coordinator checks (the view's and the site nav's), count, the page,
    # the summary, the groups with feedback
    with django_assert_num_queries(8):
        response = coordinator_client.get("/manage/feedback/")
    assert len(response.context["page"]) == count


# Access and navigation ------------------------------------------------------------------------

NEW_URLS = ["/manage/applications/", "/manage/feedback/"]


@pytest.mark.parametrize("url", NEW_URLS)
def test_visitors_are_sent_to_sign_in(client, url):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, f"/accounts/login/?next={url}")


@pytest.mark.parametrize("url", NEW_URLS)
def test_a_facilitator_who_coordinates_nothing_gets_403(client, url):
    client.force_login(
        FacilitatorFactory(user=UserFactory(email="only.facilitates@example.org")).user
    )
    assert client.get(url).status_code == 403


@pytest.mark.parametrize(
    ("url", "label"), [("/manage/applications/", "Applications"), ("/manage/feedback/", "Feedback")]
)
def test_the_console_nav_marks_the_page(coordinator_client, url, label):
    html = coordinator_client.get(url).content.decode()
    assert f'<li><a href="{url}" aria-current="page">{label}</a></li>' in html


def test_an_application_in_a_region_the_coordinator_gained_shows_up(coordinator_client, east, west):
    wren = apply(west.region, "Wren")
    assert coordinator_client.get(f"/manage/applications/{wren.pk}/").status_code == 404
    west.region.coordinators.create(user=east.coordinator)
    assert coordinator_client.get(f"/manage/applications/{wren.pk}/").status_code == 200
