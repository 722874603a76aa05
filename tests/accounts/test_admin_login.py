"""The Django admin signs in through allauth: its rate limits and its two-factor step."""

import pytest

from tests.accounts.conftest import PASSWORD
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_admin_login_redirects_to_the_allauth_login(client):
    response = client.get("/admin/login/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=%2Fadmin%2Flogin%2F",
    )


def test_admin_login_keeps_next(client):
    response = client.get("/admin/login/?next=/admin/groups/group/")
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=%2Fadmin%2Fgroups%2Fgroup%2F",
    )


def test_admin_login_refuses_a_password_posted_to_it(client, superuser):
    response = client.post("/admin/login/", {"username": superuser.email, "password": PASSWORD})
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/login/?next=%2Fadmin%2Flogin%2F",
    )
    assert "_auth_user_id" not in client.session


def test_admin_sign_in_goes_through_allauth_and_back(client, superuser):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [
        ("/admin/login/?next=/admin/", 302),
        ("/accounts/login/?next=%2Fadmin%2F", 302),
    ]
    response = client.post(
        "/accounts/login/?next=%2Fadmin%2F", {"login": superuser.email, "password": PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert client.get("/admin/").status_code == 200


def test_admin_login_is_forbidden_to_a_signed_in_user_without_staff_status(client):
    client.force_login(UserFactory())
    assert client.get("/admin/login/").status_code == 403
