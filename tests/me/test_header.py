"""The way to /me/: "Your sessions" in every page's header for a signed-in facilitator, at no
extra query, and a link to their own sessions on the console for a coordinator who facilitates."""

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def header_links(response) -> list[tuple[str, str]]:
    """The main navigation's links, as (address, words)."""
    nav = re.search(r'<nav class="site-nav".*?</nav>', response.content.decode(), re.S).group(0)
    return re.findall(r'<a href="([^"]+)"[^>]*>([^<]+)</a>', nav)


@pytest.mark.parametrize("path", ["/", "/calendar/", "/accounts/password/change/"])
def test_a_facilitator_finds_their_sessions_in_the_header(client, east, path):
    client.force_login(east.lead.user)
    assert ("/me/", "Your sessions") in header_links(client.get(path))


@pytest.mark.parametrize(
    "who",
    [
        pytest.param(lambda east: east.coordinator, id="coordinator"),
        pytest.param(lambda east: UserFactory(), id="no-role"),
        pytest.param(lambda east: FacilitatorFactory(is_active=False).user, id="switched-off"),
    ],
)
def test_nobody_else_is_offered_the_facilitators_page(client, east, who):
    client.force_login(who(east))
    assert "/me/" not in [address for address, _ in header_links(client.get("/"))]


def test_visitors_are_offered_no_facilitators_page(client, east):
    assert "/me/" not in [address for address, _ in header_links(client.get("/"))]


def queries_for(client, user, path):
    client.force_login(user)
    client.get(path)  # page parts built and cached
    with CaptureQueriesContext(connection) as queries:
        client.get(path)
    return [query["sql"] for query in queries]


@pytest.mark.parametrize("path", ["/", "/calendar/"])
def test_the_header_link_costs_no_query(client, east, path):
    """The profile comes with the signed-in user (one query, joined): a facilitator's page costs
    what it costs anyone signed in, and nobody's page asks separately for a profile."""
    facilitator = queries_for(client, east.lead.user, path)
    assert len(facilitator) == len(queries_for(client, UserFactory(), path))
    assert [sql for sql in facilitator if 'FROM "facilitators_facilitatorprofile"' in sql] == []


def test_a_coordinator_who_facilitates_has_a_link_to_their_sessions_on_the_console(client, east):
    FacilitatorFactory(user=east.coordinator, display_name="Coco C.").regions.set([east.region])
    client.force_login(east.coordinator)
    body = client.get("/manage/").content.decode()
    assert '<a href="/me/">Your own sessions</a>' in body
    assert ("/me/", "Your sessions") in header_links(client.get("/manage/"))


def test_a_coordinator_who_does_not_facilitate_has_no_such_link(client, east):
    client.force_login(east.coordinator)
    assert "/me/" not in client.get("/manage/").content.decode()


def test_a_session_signed_in_before_the_profile_came_with_the_user_keeps_working(client, east):
    client.force_login(east.lead.user, backend="django.contrib.auth.backends.ModelBackend")
    assert ("/me/", "Your sessions") in header_links(client.get("/"))
