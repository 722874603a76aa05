"""“How was this group?”: anonymous feedback from a public group page, through real HTTP."""

import re
from html import unescape

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import connection
from django.test import RequestFactory

from core.client_address import client_digest
from groups.models import Group, GroupFeedback
from tests.factories import CoordinatorFactory, GroupFactory, RegionFactory, UserFactory
from website.feedback import feedback_submit

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

GOOD = {"rating": "4", "comment": "A warm welcome, and nobody rushed me."}


@pytest.fixture
def group():
    region = RegionFactory(name="Central RLC", slug="central", phone="508-555-0100")
    return GroupFactory(region=region, slug="wrap", title="WRAP Group")


def url(group):
    return f"/groups/{group.slug}/feedback/"


def stored():
    return list(
        GroupFeedback.objects.order_by("pk").values_list("group__slug", "rating", "comment")
    )


def h2s(response):
    return [
        unescape(re.sub(r"<[^>]+>", "", text)).strip()
        for text in re.findall(r"<h2[^>]*>(.*?)</h2>", response.content.decode(), re.S)
    ]


def form_errors(response):
    return {
        name: list(errors) for name, errors in response.context["feedback"]["form"].errors.items()
    }


@pytest.fixture
def database_cache(settings):
    """The cache is the database's peerhub_cache table, as with the default CACHE_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peerhub_cache",
        }
    }
    call_command("createcachetable", verbosity=0)


def cache_keys():
    with connection.cursor() as cursor:
        cursor.execute("SELECT cache_key FROM peerhub_cache")
        return [row[0] for row in cursor.fetchall()]


def test_the_group_page_ends_with_the_feedback_form(client, group):
    response = client.get(f"/groups/{group.slug}/")
    feedback = response.context["feedback"]
    assert (feedback["thanked"], feedback["form"].is_bound) == (False, False)
    assert h2s(response)[-1] == "How was this group?"
    assert b'action="/groups/wrap/feedback/#feedback"' in response.content


def test_feedback_keeps_the_rating_and_comment_and_nothing_about_the_sender(client, group):
    response = client.post(url(group), GOOD, REMOTE_ADDR="198.51.100.7")
    assert (response.status_code, response["Location"]) == (302, "/groups/wrap/#feedback")
    assert stored() == [("wrap", 4, "A warm welcome, and nobody rushed me.")]
    # Nothing else is kept: no name, no email, no IP address. (The last two are the
    # coordinator who marks it as handled, and when: never the sender.)
    assert [field.name for field in GroupFeedback._meta.concrete_fields] == [
        "id",
        "group",
        "rating",
        "comment",
        "created_at",
        "handled_at",
        "handled_by",
    ]


def test_the_thank_you_shows_in_place_of_the_form_once(client, group):
    page = client.post(url(group), GOOD, follow=True)
    assert page.context["feedback"]["thanked"] is True
    assert b"Thank you for telling us. Central RLC reads every answer." in page.content
    assert b'name="rating"' not in page.content
    again = client.get(f"/groups/{group.slug}/")
    assert again.context["feedback"]["thanked"] is False


def test_the_comment_is_optional(client, group):
    client.post(url(group), {"rating": "5"})
    assert stored() == [("wrap", 5, "")]


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({}, {"rating": ["Choose how it was for you, from 1 to 5."]}),
        ({"comment": "No rating"}, {"rating": ["Choose how it was for you, from 1 to 5."]}),
        ({"rating": "9"}, {"rating": ["Choose how it was for you, from 1 to 5."]}),
        ({"rating": "good"}, {"rating": ["Choose how it was for you, from 1 to 5."]}),
        (
            {"rating": "3", "comment": "x" * 50_000},
            {"comment": ["Please shorten this to 2,000 characters or fewer (it has 50000)."]},
        ),
    ],
)
def test_bad_feedback_shows_the_page_again_with_the_errors(client, group, data, errors):
    response = client.post(url(group), data)
    assert response.status_code == 400
    assert (response.context["group"], form_errors(response)) == (group, errors)
    assert response.context["feedback"]["thanked"] is False
    assert response.content.decode().count('class="form-errors" role="alert"') == 1
    assert re.search(r"<title>Error: WRAP Group", response.content.decode())
    assert stored() == []


def test_a_comment_of_exactly_2000_characters_is_kept(client, group):
    client.post(url(group), {"rating": "2", "comment": "y" * 2000})
    assert [len(comment) for _, _, comment in stored()] == [2000]


@pytest.mark.parametrize(
    "changes",
    [{"is_public": False, "audience": Group.Audience.HOSPITAL_PATIENTS}, {"status": "paused"}],
)
def test_a_group_that_is_not_public_is_a_404(client, group, changes):
    Group.objects.filter(pk=group.pk).update(**changes)
    assert client.post(url(group), GOOD).status_code == 404
    assert client.get(url(group)).status_code == 404
    assert stored() == []


def test_an_unknown_group_is_a_404(client, group):
    assert client.post("/groups/no-such-group/feedback/", GOOD).status_code == 404


def test_opening_the_feedback_address_goes_to_the_form(client, group):
    response = client.get(url(group))
    assert (response.status_code, response["Location"]) == (302, "/groups/wrap/#feedback")


def test_a_robot_that_fills_the_hidden_box_is_thanked_and_nothing_is_kept(client, group):
    page = client.post(url(group), {**GOOD, "website": "https://spam.example"}, follow=True)
    assert page.redirect_chain == [("/groups/wrap/#feedback", 302)]
    assert page.context["feedback"]["thanked"] is True
    assert stored() == []


def test_a_robot_is_thanked_even_with_bad_answers(client, group):
    response = client.post(url(group), {"rating": "99", "website": "x"})
    assert (response.status_code, stored()) == (302, [])


def test_the_hidden_box_is_hidden_from_people_and_tells_anyone_who_reaches_it(client, group):
    html = client.get(f"/groups/{group.slug}/").content.decode()
    [box] = re.findall(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html)
    assert box == (
        '<div class="visually-hidden" aria-hidden="true"><label for="feedback-website">'
        "Please leave this box empty. It is here to catch spam robots.</label> "
        '<input type="text" name="website" tabindex="-1" autocomplete="off" '
        'id="feedback-website"></div>'
    )


def test_five_an_hour_from_one_address_then_a_friendly_429(client, group, database_cache):
    answers = [client.post(url(group), GOOD, REMOTE_ADDR="198.51.100.7") for _ in range(6)]
    assert [response.status_code for response in answers] == [302] * 5 + [429]
    refused = answers[-1].content.decode()
    assert "<h1>Please try again a little later</h1>" in refused
    assert 'href="tel:508-555-0100"' in refused
    assert len(stored()) == 5
    # Another address is counted on its own.
    assert client.post(url(group), GOOD, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(stored()) == 6
    # The counters are in the cache, keyed without the address itself.
    keys = cache_keys()
    assert [key for key in keys if "group_feedback" in key] != []
    assert [key for key in keys if "198.51.100.7" in key or "203.0.113.9" in key] == []


def test_bad_answers_and_robots_do_not_use_up_the_limit(client, group):
    for _ in range(5):
        client.post(url(group), {"rating": "9"})
        client.post(url(group), {**GOOD, "website": "x"})
    assert client.post(url(group), GOOD).status_code == 302
    assert len(stored()) == 1


def test_one_ipv6_block_counts_as_one_address():
    factory = RequestFactory()

    def digest(address):
        return client_digest(factory.post("/", REMOTE_ADDR=address))

    same_block = digest("2001:db8:1:2::1") == digest("2001:db8:1:2:ffff::9")
    other_block = digest("2001:db8:1:2::1") == digest("2001:db8:1:3::1")
    assert (same_block, other_block) == (True, False)
    assert digest("198.51.100.7") != digest("198.51.100.8")


def test_messages_for_other_pages_wait_for_them(client, group):
    """A coordinator's console message is not used up by a visit to a group page."""
    coordinator = CoordinatorFactory(region=group.region, user=UserFactory()).user
    client.force_login(coordinator)
    client.post(f"/manage/groups/{group.slug}/confirm/", {"next": f"/groups/{group.slug}/"})
    assert client.get(f"/groups/{group.slug}/").context["feedback"]["thanked"] is False
    dashboard = client.get("/manage/")
    assert [str(message) for message in dashboard.context["messages"]] == [
        "WRAP Group is confirmed as still running."
    ]


def test_feedback_submit_validates_the_rating(group):
    with pytest.raises(ValidationError) as error:
        feedback_submit(group=group, rating=7, comment="")
    assert list(error.value.message_dict) == ["rating"]
    assert stored() == []
