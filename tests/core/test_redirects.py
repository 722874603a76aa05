"""A ``next`` sends people only to this site: every other place falls back to a page of ours."""

import pytest

from groups.models import Group
from tests.accounts.conftest import PASSWORD
from tests.factories import CoordinatorFactory

pytestmark = pytest.mark.django_db

# Places no ``next`` may lead, each written the way browsers would still follow it elsewhere.
ELSEWHERE = [
    pytest.param("https://evil.example/", id="absolute-https"),
    pytest.param("http://evil.example/steal", id="absolute-http"),
    pytest.param("//evil.example/", id="scheme-relative"),
    pytest.param("///evil.example/", id="three-slashes"),
    pytest.param("https:evil.example", id="scheme-without-slashes"),
    pytest.param("https:/evil.example", id="scheme-one-slash"),
    pytest.param("/\\evil.example", id="slash-backslash"),
    pytest.param("\\\\evil.example", id="two-backslashes"),
    pytest.param("\\/evil.example", id="backslash-slash"),
    pytest.param(" //evil.example", id="leading-space"),
    pytest.param("\t//evil.example", id="leading-tab"),
    pytest.param("/\t/evil.example", id="tab-inside"),
    pytest.param("http://testserver@evil.example/", id="userinfo"),
    pytest.param("https://evil.example\\@testserver/", id="backslash-userinfo"),
    pytest.param("javascript:alert(document.cookie)", id="javascript"),
    pytest.param("data:text/html,<script>alert(1)</script>", id="data"),
]


@pytest.fixture
def coordinator_client(client, east):
    client.force_login(east.coordinator)
    return client


def confirm(client, group, next_url, **extra):
    response = client.post(f"/manage/groups/{group.slug}/confirm/", {"next": next_url}, **extra)
    return response.status_code, response["Location"]


@pytest.mark.parametrize("next_url", ELSEWHERE)
def test_group_confirm_never_sends_anyone_elsewhere(coordinator_client, east, next_url):
    assert confirm(coordinator_client, east.group, next_url) == (302, "/manage/")
    # The group is confirmed all the same: only where it goes next changed.
    assert Group.objects.get(pk=east.group.pk).last_confirmed_on is not None


def test_group_confirm_follows_a_next_on_this_site(coordinator_client, east):
    page = f"/manage/groups/{east.group.slug}/"
    assert confirm(coordinator_client, east.group, page) == (302, page)
    assert confirm(coordinator_client, east.group, f"http://testserver{page}") == (
        302,
        f"http://testserver{page}",
    )
    assert confirm(coordinator_client, east.group, "") == (302, "/manage/")


def test_control_characters_in_a_next_on_this_site_never_make_a_header(coordinator_client, east):
    response = coordinator_client.post(
        f"/manage/groups/{east.group.slug}/confirm/", {"next": "/manage/\r\nSet-Cookie: taken=1"}
    )
    assert (response.status_code, response["Location"]) == (
        302,
        "/manage/%0D%0ASet-Cookie:%20taken=1",
    )
    assert "taken" not in response.cookies


def test_over_https_a_next_must_stay_on_https(coordinator_client, east):
    page = f"/manage/groups/{east.group.slug}/"
    secure = {"secure": True}
    assert confirm(coordinator_client, east.group, f"http://testserver{page}", **secure) == (
        302,
        "/manage/",
    )
    assert confirm(coordinator_client, east.group, f"https://testserver{page}", **secure) == (
        302,
        f"https://testserver{page}",
    )


def sign_in(client, next_url, **extra):
    coordinator = CoordinatorFactory().user
    data = {"login": coordinator.email, "password": PASSWORD, "next": next_url}
    response = client.post("/accounts/login/", data, **extra)
    return response.status_code, response["Location"]


@pytest.mark.parametrize("next_url", ELSEWHERE)
def test_signing_in_never_sends_anyone_elsewhere(client, next_url):
    # A coordinator without a (safe) next lands on the console.
    assert sign_in(client, next_url) == (302, "/manage/")


def test_signing_in_follows_a_next_on_this_site(client):
    assert sign_in(client, "/calendar/?view=week") == (302, "/calendar/?view=week")


def test_signing_in_over_https_keeps_to_https(client):
    assert sign_in(client, "http://testserver/calendar/", secure=True) == (302, "/manage/")


@pytest.mark.parametrize("next_url", ELSEWHERE)
def test_signing_out_never_sends_anyone_elsewhere(coordinator_client, next_url):
    response = coordinator_client.post("/accounts/logout/", {"next": next_url})
    assert (response.status_code, response["Location"]) == (302, "/")


def test_signing_out_follows_a_next_on_this_site(coordinator_client):
    response = coordinator_client.post("/accounts/logout/", {"next": "/calendar/"})
    assert (response.status_code, response["Location"]) == (302, "/calendar/")
