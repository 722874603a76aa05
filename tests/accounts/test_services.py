"""user_invite: who gets an account, what the invitation says, and when it is sent."""

import pytest
from allauth.account.utils import user_pk_to_url_str
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from accounts.services import duration_in_words, user_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

ROLE = "facilitator in Metro Boston RLC"


@pytest.fixture
def inviter():
    return UserFactory(email="alex@example.org", first_name="Alex", last_name="Rivera")


def test_user_invite_creates_an_account_without_a_usable_password(inviter):
    user = user_invite(email="  New.Person@Example.ORG ", invited_by=inviter, role_description=ROLE)
    user.refresh_from_db()
    assert (user.email, user.has_usable_password(), user.is_active) == (
        "new.person@example.org",
        False,
        True,
    )


def test_user_invite_reuses_an_existing_account_whatever_the_case(inviter):
    existing = UserFactory(email="maria@example.org")
    user = user_invite(email="MARIA@example.org", invited_by=inviter, role_description=ROLE)
    assert (user, User.objects.count()) == (existing, 2)
    user.refresh_from_db()
    assert user.check_password("peerhub-test")


@pytest.mark.parametrize("email", ["", "not-an-address", "two@@example.org", "a b@example.org"])
def test_user_invite_refuses_an_invalid_address(inviter, email, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError) as error:
        user_invite(email=email, invited_by=inviter, role_description=ROLE)
    assert error.value.message_dict == {"email": ["Enter a valid email address."]}
    assert (User.objects.count(), mail.outbox) == (1, [])


def test_user_invite_sends_nothing_to_a_switched_off_account_and_says_nothing_of_it(
    inviter, django_capture_on_commit_callbacks
):
    # The inviter may not know the person (another region's, say): the answer is as for anyone.
    gone = UserFactory(email="gone@example.org", is_active=False)
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(email="Gone@example.org", invited_by=inviter, role_description=ROLE)
    gone_before = (gone.password, gone.is_active)
    gone.refresh_from_db()
    assert (user, (gone.password, gone.is_active), mail.outbox) == (gone, gone_before, [])


def test_user_invite_sends_nothing_until_the_transaction_commits(
    inviter, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        user_invite(email="new@example.org", invited_by=inviter, role_description=ROLE)
    assert (len(callbacks), mail.outbox) == (1, [])


def test_user_invite_email_says_who_invited_them_for_what_and_for_how_long(
    inviter, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = "https://peerhub.example.org"
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(email="new@example.org", invited_by=inviter, role_description=ROLE)
    [message] = mail.outbox
    paragraphs = message.body.strip().split("\n\n")
    link = paragraphs[4]
    assert (message.subject, message.to, message.reply_to, message.from_email) == (
        "You are invited to PeerHub",
        ["new@example.org"],
        ["alex@example.org"],
        "PeerHub <no-reply@peerhub.invalid>",
    )
    assert paragraphs[1] == (
        "Alex Rivera (alex@example.org) has invited you to PeerHub. "
        "Your role: facilitator in Metro Boston RLC. Welcome!"
    )
    assert paragraphs[3] == "To get started, choose a password here:"
    assert link.startswith(
        f"https://peerhub.example.org/accounts/password/reset/key/{user_pk_to_url_str(user)}-"
    )
    assert paragraphs[5] == (
        "The link works once, for 3 days. If it has run out, ask Alex Rivera or another "
        "coordinator to send you a new one."
    )
    assert paragraphs[6] == (
        "Then sign in at https://peerhub.example.org/accounts/login/ with this email address, "
        "new@example.org, and your password."
    )


def test_user_invite_email_tells_someone_with_a_password_to_sign_in_as_usual(
    inviter, django_capture_on_commit_callbacks
):
    UserFactory(email="maria@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(
            email="maria@example.org",
            invited_by=inviter,
            role_description="coordinator of Central RLC",
        )
    [message] = mail.outbox
    assert message.body.strip().split("\n\n")[3] == (
        "You already have a PeerHub account with this address (maria@example.org), so you can "
        "sign in as usual with your password. If you have forgotten it, choose a new one here:"
    )


def test_user_invite_email_names_an_inviter_without_a_name_by_address(
    django_capture_on_commit_callbacks,
):
    inviter = UserFactory(email="root@example.org", first_name="", last_name="")
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(email="new@example.org", invited_by=inviter, role_description=ROLE)
    [message] = mail.outbox
    assert message.body.strip().split("\n\n")[1] == (
        "root@example.org has invited you to PeerHub. "
        "Your role: facilitator in Metro Boston RLC. Welcome!"
    )


def test_user_invite_link_lasts_password_reset_timeout(
    inviter, settings, django_capture_on_commit_callbacks
):
    settings.PASSWORD_RESET_TIMEOUT = 60 * 60 * 36
    with django_capture_on_commit_callbacks(execute=True):
        user_invite(email="new@example.org", invited_by=inviter, role_description=ROLE)
    [message] = mail.outbox
    assert message.body.strip().split("\n\n")[5].startswith("The link works once, for 36 hours.")


@pytest.mark.parametrize(
    ("seconds", "words"),
    [
        (259200, "3 days"),
        (86400, "1 day"),
        (3600, "1 hour"),
        (5400, "90 minutes"),
        (90, "90 seconds"),
    ],
)
def test_duration_in_words_uses_the_largest_exact_unit(seconds, words):
    assert duration_in_words(seconds) == words


def test_a_mail_server_that_is_down_keeps_the_account_and_logs_the_failure(
    inviter, mail_server_down, caplog, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        user = user_invite(
            email="new@example.org", invited_by=inviter, role_description="facilitator"
        )
    assert (User.objects.get(pk=user.pk).email, mail.outbox) == ("new@example.org", [])
    assert "SMTPConnectError" in caplog.text
