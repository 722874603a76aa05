"""Password reset never tells whether an address has an account."""

import pytest
from django.core import mail
from django.test import TestCase

from accounts.models import User
from tests.accounts.conftest import link_path
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

RESET = "/accounts/password/reset/"


def request_reset(client, email):
    """Ask for a reset; its email is sent once the request's changes commit (core/mail.py)."""
    with TestCase.captureOnCommitCallbacks(execute=True):
        response = client.post(RESET, {"email": email}, follow=True)
    return response.redirect_chain, response.status_code, response.content


def test_password_reset_answers_known_and_unknown_addresses_alike(client):
    UserFactory(email="known@example.org")
    known = request_reset(client, "known@example.org")
    unknown = request_reset(client, "nobody@example.org")
    assert known == unknown
    assert known[:2] == ([("/accounts/password/reset/done/", 302)], 200)


def test_password_reset_mails_only_the_known_address(client):
    UserFactory(email="known@example.org")
    request_reset(client, "nobody@example.org")
    request_reset(client, "KNOWN@example.org")
    assert [message.to for message in mail.outbox] == [["known@example.org"]]


def test_password_reset_link_sets_a_new_password(client):
    user = UserFactory(email="known@example.org")
    request_reset(client, "known@example.org")
    [message] = mail.outbox
    form_path = client.get(link_path(message.body))["Location"]
    response = client.post(
        form_path, {"password1": "steady-morning-tide-7", "password2": "steady-morning-tide-7"}
    )
    assert response["Location"] == "/accounts/password/reset/key/done/"
    user.refresh_from_db()
    assert user.check_password("steady-morning-tide-7")


def test_password_reset_reaches_an_invitee_who_has_no_password_yet(client):
    invitee = User(email="invitee@example.org")
    invitee.set_unusable_password()
    invitee.save()
    request_reset(client, "invitee@example.org")
    assert [message.to for message in mail.outbox] == [["invitee@example.org"]]
