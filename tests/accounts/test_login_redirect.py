"""Where signing in lands: the console for coordinators and superusers, /me/ for facilitators,
else the home page; an explicit ?next= wins."""

import pytest

from tests.accounts.conftest import PASSWORD
from tests.factories import CoordinatorFactory, FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


def sign_in(client, user, path="/accounts/login/", **extra):
    return client.post(path, {"login": user.email, "password": PASSWORD, **extra})


@pytest.mark.parametrize(
    ("who", "landing"),
    [
        pytest.param(lambda: CoordinatorFactory().user, "/manage/", id="coordinator"),
        pytest.param(lambda: UserFactory(is_superuser=True, is_staff=True), "/manage/", id="su"),
        pytest.param(lambda: FacilitatorFactory().user, "/me/", id="facilitator"),
        pytest.param(
            lambda: FacilitatorFactory(user=CoordinatorFactory().user).user,
            "/manage/",
            id="coordinator-who-facilitates",
        ),
        pytest.param(
            lambda: FacilitatorFactory(is_active=False).user, "/", id="switched-off-facilitator"
        ),
        pytest.param(UserFactory, "/", id="no-role"),
    ],
)
def test_login_redirect_depends_on_the_role(client, who, landing):
    response = sign_in(client, who())
    assert (response.status_code, response["Location"]) == (302, landing)


def test_login_redirect_respects_next_in_the_url(client):
    coordinator = CoordinatorFactory().user
    response = sign_in(client, coordinator, path="/accounts/login/?next=/calendar/")
    assert (response.status_code, response["Location"]) == (302, "/calendar/")


def test_login_redirect_respects_next_in_the_form(client):
    response = sign_in(client, FacilitatorFactory().user, next="/regions/central/")
    assert (response.status_code, response["Location"]) == (302, "/regions/central/")


def test_login_redirect_ignores_a_next_on_another_site(client):
    coordinator = CoordinatorFactory().user
    response = sign_in(client, coordinator, next="https://evil.example/steal")
    assert (response.status_code, response["Location"]) == (302, "/manage/")


def test_login_with_a_wrong_password_stays_on_the_form(client):
    user = UserFactory()
    response = client.post("/accounts/login/", {"login": user.email, "password": "not-it"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "The email address and/or password you specified are not correct."
    ]
    assert "_auth_user_id" not in client.session
