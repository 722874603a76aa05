"""/me/ puts what needs doing first: sessions to record and cover requests, then what is coming."""

import re

import pytest

from groups.covers import substitute_request_open
from groups.services import group_facilitator_add
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db


def sections(body: str) -> list[str]:
    """The page's sections, in order, by their headings' ids."""
    return re.findall(r'<h2 id="([^"]+)"', body)


def on_this_page(body: str) -> list[str]:
    nav = re.search(r'<nav aria-label="On this page".*?</nav>', body, re.S).group(0)
    return re.findall(r'href="#([^"]+)"', nav)


def test_sessions_to_record_and_cover_to_take_come_before_the_coming_sessions(client, east):
    # The spare runs the private group too, and asks for cover: the lead could take it.
    group_facilitator_add(group=east.private_group, facilitator=east.spare, notify=False)
    substitute_request_open(group=east.private_group, original_date=TUESDAY, facilitator=east.spare)
    client.force_login(east.lead.user)
    response = client.get("/me/")
    assert len(response.context["records_due"]) == 2
    assert len(response.context["rows"]) == 8
    order = ["record", "requests", "sessions", "calendar", "groups", "contacts", "language"]
    body = response.content.decode()
    assert (sections(body), on_this_page(body)) == (order, order)


def test_with_nothing_to_do_the_coming_sessions_come_first(client, east):
    client.force_login(east.spare.user)
    response = client.get("/me/")
    assert (response.context["records_due"], response.context["open_requests"]) == ([], [])
    order = ["sessions", "requests", "calendar", "groups", "contacts", "language"]
    body = response.content.decode()
    assert (sections(body), on_this_page(body)) == (order, order)


def test_my_own_open_request_counts_as_something_to_see_first(client, east):
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.lead.user)
    body = client.get("/me/").content.decode()
    assert sections(body)[:3] == ["record", "requests", "sessions"]


def test_a_request_for_a_session_i_am_on_already_is_not_offered_to_me(client, east):
    """The co-facilitator of the session could not take it ("already facilitating")."""
    group_facilitator_add(group=east.group, facilitator=east.spare, role="co", notify=False)
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.spare.user)
    response = client.get("/me/")
    assert response.context["open_requests"] == []
    assert "Nobody in your regions is asking for cover right now." in response.content.decode()


def test_a_request_says_the_language_the_cover_needs(client, east):
    from groups.models import Language

    east.group.languages.set([Language.objects.get(code="es")])
    substitute_request_open(group=east.group, original_date=TUESDAY, facilitator=east.lead)
    client.force_login(east.spare.user)
    body = client.get("/me/").content.decode()
    assert "This group meets in Spanish: a cover who speaks Spanish is needed." in body
