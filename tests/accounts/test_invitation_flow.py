"""An invitation through real HTTP: the emailed link, allauth's set-password page, sign-in."""

import datetime as dt

import pytest
from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.core import mail

from accounts.services import user_invite
from tests.accounts.conftest import link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

NEW_PASSWORD = "quiet-harbour-lantern-42"


@pytest.fixture
def invitee(django_capture_on_commit_callbacks):
    inviter = UserFactory(email="alex@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        return user_invite(
            email="Jordan@Example.org",
            invited_by=inviter,
            role_description="facilitator in Metro Boston RLC",
        )


def set_password_page(client):
    """Follow the emailed link to allauth's set-password form (the key moves to the session)."""
    [message] = mail.outbox
    response = client.get(link_path(message.body))
    assert response.status_code == 302
    return response["Location"]


def test_invitation_link_sets_a_password_that_signs_in(client, invitee):
    form_path = set_password_page(client)
    assert form_path == f"/accounts/password/reset/key/{user_pk_to_url_str(invitee)}-set-password/"
    assert client.get(form_path).status_code == 200
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    assert (response.status_code, response["Location"]) == (
        302,
        "/accounts/password/reset/key/done/",
    )
    invitee.refresh_from_db()
    assert invitee.check_password(NEW_PASSWORD)

    response = client.post(
        "/accounts/login/", {"login": "jordan@example.org", "password": NEW_PASSWORD}
    )
    assert (response.status_code, response["Location"]) == (302, "/")
    assert client.session["_auth_user_id"] == str(invitee.pk)


def test_invitation_link_works_only_once(client, invitee):
    [message] = mail.outbox
    form_path = set_password_page(client)
    client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD})
    response = client.get(link_path(message.body))
    assert (response.status_code, response.context["token_fail"]) == (200, True)


def test_invitation_link_runs_out_after_password_reset_timeout(client, invitee, monkeypatch):
    [message] = mail.outbox
    later = dt.datetime.now() + dt.timedelta(days=3, minutes=1)
    monkeypatch.setattr(default_token_generator, "_now", lambda: later)
    response = client.get(link_path(message.body))
    assert (response.status_code, response.context["token_fail"]) == (200, True)


def test_invitation_link_with_a_changed_key_is_refused(client, invitee):
    [message] = mail.outbox
    response = client.get(link_path(message.body).replace("-", "-0", 1))
    assert (response.status_code, response.context["token_fail"]) == (200, True)


def test_set_password_page_applies_the_password_validators(client, invitee):
    form_path = set_password_page(client)
    response = client.post(form_path, {"password1": "12345678", "password2": "12345678"})
    assert response.status_code == 200
    assert response.context["form"].errors == {
        "password1": ["This password is too common.", "This password is entirely numeric."]
    }
    invitee.refresh_from_db()
    assert invitee.has_usable_password() is False


def test_set_password_page_refuses_two_different_passwords(client, invitee):
    form_path = set_password_page(client)
    response = client.post(form_path, {"password1": NEW_PASSWORD, "password2": NEW_PASSWORD + "x"})
    assert response.context["form"].errors == {
        "password2": ["You must type the same password each time."]
    }


def test_invitee_cannot_sign_in_before_setting_a_password(client, invitee):
    response = client.post("/accounts/login/", {"login": "jordan@example.org", "password": ""})
    assert (response.status_code, "_auth_user_id" in client.session) == (200, False)
