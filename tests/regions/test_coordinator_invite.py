"""coordinator_invite: a new or existing account, the role, and the invitation email."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from regions.models import Coordinator
from regions.services import coordinator_invite
from tests.factories import CoordinatorFactory, FacilitatorFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def region():
    return RegionFactory(name="Metro Boston RLC", slug="metro-boston")


@pytest.fixture
def inviter():
    return UserFactory(email="root@example.org", first_name="Dana", last_name="Cole")


def invite(capture, **kwargs):
    with capture(execute=True):
        return coordinator_invite(**kwargs)


def test_coordinator_invite_creates_the_account_and_the_role(
    region, inviter, django_capture_on_commit_callbacks
):
    role = invite(
        django_capture_on_commit_callbacks,
        email="Pat@Example.org",
        region=region,
        invited_by=inviter,
    )
    assert (role.user.email, role.region, role.user.has_usable_password()) == (
        "pat@example.org",
        region,
        False,
    )
    [message] = mail.outbox
    assert (message.to, message.body.split("\n\n")[1]) == (
        ["pat@example.org"],
        "Dana Cole (root@example.org) has invited you to PeerHub. "
        "Your role: coordinator of Metro Boston RLC. Welcome!",
    )


def test_coordinator_invite_makes_a_facilitator_a_coordinator_too(
    region, inviter, django_capture_on_commit_callbacks
):
    facilitator = FacilitatorFactory(user=UserFactory(email="maria@example.org"))
    role = invite(
        django_capture_on_commit_callbacks,
        email="MARIA@example.org",
        region=region,
        invited_by=inviter,
    )
    assert (role.user, User.objects.count()) == (facilitator.user, 2)
    assert list(Coordinator.objects.all()) == [role]
    [message] = mail.outbox
    assert message.to == ["maria@example.org"]


def test_coordinator_invite_adds_another_region(
    region, inviter, django_capture_on_commit_callbacks
):
    existing = CoordinatorFactory(user=UserFactory(email="pat@example.org"))
    role = invite(
        django_capture_on_commit_callbacks,
        email="pat@example.org",
        region=region,
        invited_by=inviter,
    )
    assert sorted(Coordinator.objects.values_list("pk", flat=True)) == [existing.pk, role.pk]


def test_coordinator_invite_refuses_a_coordinator_of_the_same_region(
    region, inviter, django_capture_on_commit_callbacks
):
    CoordinatorFactory(user=UserFactory(email="pat@example.org"), region=region)
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="Pat@example.org",
            region=region,
            invited_by=inviter,
        )
    assert error.value.message_dict == {
        "email": ["pat@example.org is already a coordinator of Metro Boston RLC."]
    }
    assert (Coordinator.objects.count(), mail.outbox) == (1, [])


def test_coordinator_invite_refuses_an_invalid_address(
    region, inviter, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="pat at example",
            region=region,
            invited_by=inviter,
        )
    assert error.value.message_dict == {"email": ["Enter a valid email address."]}
    assert (User.objects.count(), Coordinator.objects.count(), mail.outbox) == (1, 0, [])


def test_invited_coordinator_signs_in_to_the_console(
    client, region, inviter, django_capture_on_commit_callbacks
):
    invite(
        django_capture_on_commit_callbacks,
        email="pat@example.org",
        region=region,
        invited_by=inviter,
    )
    [message] = mail.outbox
    link = next(word for word in message.body.split() if "/password/reset/key/" in word)
    form_path = client.get(urlsplit(link).path)["Location"]
    client.post(
        form_path, {"password1": "bright-lighthouse-93", "password2": "bright-lighthouse-93"}
    )
    response = client.post(
        "/accounts/login/", {"login": "pat@example.org", "password": "bright-lighthouse-93"}
    )
    assert (response.status_code, response["Location"]) == (302, "/manage/")
