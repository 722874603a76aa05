"""New applications and unread feedback on the dashboard, repeat applications flagged, and
feedback marked as handled: always within the coordinator's own regions.

Both regions get applications and feedback, so anything of the west region showing up for the
east coordinator fails a test.
"""

import datetime as dt

import pytest
from django.utils import timezone

from facilitators.applications import application_submit
from facilitators.models import FacilitatorApplication
from groups.models import GroupFeedback
from tests.page_clock import NOW
from website.feedback import feedback_submit

pytestmark = pytest.mark.django_db

ANSWERS = {
    "recovery": "Steady for some years now.",
    "experience": "I have been to many groups.",
    "dependability": "Thursdays are free.",
    "working_with_others": "I like a co-facilitator.",
    "giving_back": "Peers helped me.",
}


def apply(region, first_name, email=None, days_ago=0):
    application = application_submit(
        region=region,
        first_name=first_name,
        last_name="Martinez",
        email=email or f"{first_name.lower()}@example.org",
        **ANSWERS,
    )
    when = NOW - dt.timedelta(days=days_ago)
    FacilitatorApplication.objects.filter(pk=application.pk).update(created_at=when)
    application.created_at = when
    return application


def feedback(group, comment, days_ago=0):
    item = feedback_submit(group=group, rating=4, comment=comment)
    GroupFeedback.objects.filter(pk=item.pk).update(created_at=NOW - dt.timedelta(days=days_ago))
    return item


@pytest.fixture
def inbox(east, west):
    """East: three new applications (Rosa twice, the second with her email in capitals), one
    contacted, and three pieces of feedback. West: Rosa's email again, and feedback."""
    first = apply(east.region, "Rosa", days_ago=20)
    sam = apply(east.region, "Sam", days_ago=3)
    contacted = apply(east.region, "Cleo", days_ago=2)
    FacilitatorApplication.objects.filter(pk=contacted.pk).update(status="contacted")
    again = apply(east.region, "Rosa", email="ROSA@Example.org", days_ago=1)
    west_rosa = apply(west.region, "Rosa", days_ago=40)
    wren = apply(west.region, "Wren", days_ago=0)
    return {
        "first": first,
        "sam": sam,
        "contacted": contacted,
        "again": again,
        "west_rosa": west_rosa,
        "wren": wren,
        "feedback": [
            feedback(east.group, "Lovely evening.", days_ago=5),
            feedback(east.private_group, "Kind people.", days_ago=4),
            feedback(east.group, "The room was cold.", days_ago=1),
        ],
        "west_feedback": feedback(west.group, "West only.", days_ago=0),
    }


# The dashboard ----------------------------------------------------------------------------------


def test_the_dashboard_counts_new_applications_and_lists_the_newest(coordinator_client, inbox):
    response = coordinator_client.get("/manage/")
    assert response.context["new_applications_count"] == 3
    assert [(a.first_name, a.email) for a in response.context["new_applications"]] == [
        ("Rosa", "ROSA@Example.org"),
        ("Sam", "sam@example.org"),
        ("Rosa", "rosa@example.org"),
    ]
    body = response.content.decode()
    assert f'href="/manage/applications/{inbox["again"].pk}/"' in body
    assert "New applications (3)" in body
    assert "Wren" not in body


def test_the_dashboard_flags_a_second_application_from_the_same_email(coordinator_client, inbox):
    response = coordinator_client.get("/manage/")
    flags = {a.pk: a.also_applied_on for a in response.context["new_applications"]}
    # Rosa's own earlier application is in the east region; the west one is never counted.
    assert flags == {
        inbox["again"].pk: inbox["first"].created_at,
        inbox["sam"].pk: None,
        inbox["first"].pk: inbox["again"].created_at,
    }
    local = timezone.localtime(inbox["first"].created_at)
    assert f"Also applied on {local:%-d %B %Y}" in response.content.decode()


def test_the_dashboard_counts_unread_feedback_and_lists_the_newest(coordinator_client, inbox):
    response = coordinator_client.get("/manage/")
    assert response.context["unread_feedback_count"] == 3
    assert [f.comment for f in response.context["unread_feedback"]] == [
        "The room was cold.",
        "Kind people.",
        "Lovely evening.",
    ]
    body = response.content.decode()
    assert "Feedback not yet handled (3)" in body
    assert "West only." not in body


def test_handled_feedback_leaves_the_dashboard(coordinator_client, inbox):
    cold = inbox["feedback"][2]
    coordinator_client.post(f"/manage/feedback/{cold.pk}/handled/")
    response = coordinator_client.get("/manage/")
    assert response.context["unread_feedback_count"] == 2
    assert [f.comment for f in response.context["unread_feedback"]] == [
        "Kind people.",
        "Lovely evening.",
    ]


def test_an_empty_inbox_says_so(coordinator_client, east, west):
    apply(west.region, "Wren")
    feedback(west.group, "West only.")
    response = coordinator_client.get("/manage/")
    assert (
        response.context["new_applications_count"],
        response.context["unread_feedback_count"],
    ) == (0, 0)
    body = response.content.decode()
    assert "No new applications." in body
    assert "No feedback waiting." in body


@pytest.mark.parametrize("count", [1, 4])
def test_the_dashboard_inbox_makes_a_fixed_number_of_queries(
    coordinator_client, east, west, count, django_assert_num_queries
):
    for number in range(count):
        apply(east.region, f"Person{number}", email="same@example.org", days_ago=number)
        feedback(east.group, f"Comment {number}", days_ago=number)
    # 21 as before, two each for the applications and the feedback (the count, the newest),
    # and one for the count of new requests to host a class
    with django_assert_num_queries(26):
        response = coordinator_client.get("/manage/")
    assert response.context["new_applications_count"] == count


# The applications list and page -------------------------------------------------------------


def test_the_applications_list_flags_repeat_applications(coordinator_client, inbox):
    response = coordinator_client.get("/manage/applications/")
    flags = [(a.first_name, a.also_applied_on) for a in response.context["page"]]
    assert flags == [
        ("Rosa", inbox["first"].created_at),
        ("Cleo", None),
        ("Sam", None),
        ("Rosa", inbox["again"].created_at),
    ]
    assert response.content.decode().count("Also applied on") == 2


@pytest.mark.parametrize("count", [1, 3])
def test_the_applications_list_with_repeats_makes_a_fixed_number_of_queries(
    coordinator_client, east, count, django_assert_num_queries
):
    for number in range(count):
        apply(east.region, f"Person{number}", email="same@example.org", days_ago=number)
    with django_assert_num_queries(6):
        response = coordinator_client.get("/manage/applications/")
    assert len(response.context["page"]) == count


def test_the_application_page_links_the_other_applications_of_the_same_email(
    coordinator_client, inbox
):
    response = coordinator_client.get(f"/manage/applications/{inbox['again'].pk}/")
    assert [a.pk for a in response.context["other_applications"]] == [inbox["first"].pk]
    body = response.content.decode()
    local = timezone.localtime(inbox["first"].created_at)
    assert f"Also applied on {local:%-d %B %Y}" in body
    assert f'href="/manage/applications/{inbox["first"].pk}/"' in body
    assert f"/manage/applications/{inbox['west_rosa'].pk}/" not in body


def test_an_application_of_its_own_shows_no_flag(coordinator_client, inbox):
    response = coordinator_client.get(f"/manage/applications/{inbox['sam'].pk}/")
    assert response.context["other_applications"] == []
    assert "Also applied on" not in response.content.decode()


# Marking feedback as handled --------------------------------------------------------------


def handled():
    return list(
        GroupFeedback.objects.order_by("pk").values_list(
            "comment", "handled_by__email", "handled_at"
        )
    )


def test_marking_feedback_as_handled_records_who_and_when(coordinator_client, east, inbox):
    cold = inbox["feedback"][2]
    response = coordinator_client.post(f"/manage/feedback/{cold.pk}/handled/")
    assert response.status_code == 302
    assert response["Location"] == "/manage/feedback/"
    cold.refresh_from_db()
    assert (cold.handled_by, cold.handled_at) == (east.coordinator, NOW)
    page = coordinator_client.get("/manage/feedback/")
    assert [str(m) for m in page.context["messages"]] == [
        "The feedback on Metro Boston Hearing Voices is marked as handled."
    ]
    body = page.content.decode()
    assert body.count("Mark as handled") == 2
    assert "Handled by" in body


def test_marking_twice_keeps_the_first_who_and_when(coordinator_client, east, inbox):
    cold = inbox["feedback"][2]
    coordinator_client.post(f"/manage/feedback/{cold.pk}/handled/", follow=True)
    before = handled()
    response = coordinator_client.post(f"/manage/feedback/{cold.pk}/handled/", follow=True)
    assert handled() == before
    assert [str(m) for m in response.context["messages"]] == [
        "This feedback was already marked as handled."
    ]


def test_marking_goes_back_to_the_filtered_list(coordinator_client, east, inbox):
    cold = inbox["feedback"][2]
    response = coordinator_client.post(
        f"/manage/feedback/{cold.pk}/handled/",
        {"next": f"/manage/feedback/?group={east.group.slug}"},
    )
    assert response["Location"] == f"/manage/feedback/?group={east.group.slug}"
    elsewhere = coordinator_client.post(
        f"/manage/feedback/{cold.pk}/handled/", {"next": "https://evil.example/"}
    )
    assert elsewhere["Location"] == "/manage/feedback/"


def test_another_regions_feedback_is_a_404_and_stays_unhandled(coordinator_client, inbox):
    before = handled()
    response = coordinator_client.post(f"/manage/feedback/{inbox['west_feedback'].pk}/handled/")
    assert response.status_code == 404
    assert coordinator_client.post("/manage/feedback/999999/handled/").status_code == 404
    assert handled() == before


def test_marking_is_a_post_only(coordinator_client, inbox):
    cold = inbox["feedback"][2]
    assert coordinator_client.get(f"/manage/feedback/{cold.pk}/handled/").status_code == 405
    assert handled()[2][1:] == (None, None)


def test_marking_needs_the_csrf_token(east, inbox):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(east.coordinator)
    cold = inbox["feedback"][2]
    assert client.post(f"/manage/feedback/{cold.pk}/handled/").status_code == 403
    assert handled()[2][1:] == (None, None)


def test_the_feedback_list_filters_what_is_waiting(coordinator_client, inbox):
    cold = inbox["feedback"][2]
    coordinator_client.post(f"/manage/feedback/{cold.pk}/handled/")
    waiting = coordinator_client.get("/manage/feedback/?show=waiting")
    assert [f.comment for f in waiting.context["page"]] == ["Kind people.", "Lovely evening."]
    everything = coordinator_client.get("/manage/feedback/?show=nonsense")
    assert len(everything.context["page"]) == 3


@pytest.mark.parametrize("count", [1, 3])
def test_the_feedback_list_with_handled_items_makes_a_fixed_number_of_queries(
    coordinator_client, east, count, django_assert_num_queries
):
    for number in range(count):
        item = feedback(east.group, f"Comment {number}", days_ago=number)
        coordinator_client.post(f"/manage/feedback/{item.pk}/handled/")
    with django_assert_num_queries(8):
        response = coordinator_client.get("/manage/feedback/")
    assert len(response.context["page"]) == count
