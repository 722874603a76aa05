"""facilitator_invite: a new or existing account, the profile, and the invitation email."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from facilitators.models import FacilitatorProfile
from facilitators.services import facilitator_invite
from peerhub.accounts.models import User
from tests.factories import CoordinatorFactory, FacilitatorFactory, RegionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def inviter():
    return CoordinatorFactory(
        user=UserFactory(email="alex@example.org", first_name="Alex", last_name="Rivera")
    ).user


@pytest.fixture
def boston():
    return RegionFactory(name="Metro Boston RLC", slug="metro-boston")


def invite(capture, **kwargs):
    with capture(execute=True):
        return facilitator_invite(**kwargs)


def role_line(message):
    return message.body.split("\n\n")[1]


def test_facilitator_invite_creates_the_account_and_the_profile(
    inviter, boston, django_capture_on_commit_callbacks
):
    profile = invite(
        django_capture_on_commit_callbacks,
        email="Jordan@Example.org",
        display_name="Jordan P.",
        regions=[boston],
        invited_by=inviter,
    )
    profile.refresh_from_db()
    assert (profile.user.email, profile.display_name, list(profile.regions.all())) == (
        "jordan@example.org",
        "Jordan P.",
        [boston],
    )
    assert profile.user.has_usable_password() is False
    [message] = mail.outbox
    assert (message.to, role_line(message)) == (
        ["jordan@example.org"],
        "Alex Rivera (alex@example.org) has invited you to PeerHub. "
        "Your role: facilitator in Metro Boston RLC. Welcome!",
    )


def test_facilitator_invite_names_every_region(inviter, boston, django_capture_on_commit_callbacks):
    central = RegionFactory(name="Central RLC", slug="central")
    profile = invite(
        django_capture_on_commit_callbacks,
        email="jordan@example.org",
        display_name="Jordan P.",
        regions=[central, boston],
        invited_by=inviter,
    )
    assert list(profile.regions.order_by("name")) == [central, boston]
    [message] = mail.outbox
    assert role_line(message).endswith(
        "Your role: facilitator in Central RLC and Metro Boston RLC. Welcome!"
    )


def test_facilitator_invite_makes_a_coordinator_a_facilitator_too(
    inviter, boston, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory(user=UserFactory(email="pat@example.org")).user
    profile = invite(
        django_capture_on_commit_callbacks,
        email="PAT@example.org",
        display_name="Pat K.",
        regions=[boston],
        invited_by=inviter,
    )
    assert (profile.user, User.objects.count()) == (coordinator, 2)


def test_facilitator_invite_refuses_someone_who_already_facilitates(
    inviter, boston, django_capture_on_commit_callbacks
):
    FacilitatorFactory(user=UserFactory(email="maria@example.org"))
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="Maria@example.org",
            display_name="Maria S.",
            regions=[boston],
            invited_by=inviter,
        )
    assert error.value.message_dict == {"email": ["maria@example.org is already a facilitator."]}
    assert (FacilitatorProfile.objects.count(), mail.outbox) == (1, [])


def test_facilitator_invite_with_a_bad_display_name_keeps_nothing_and_sends_nothing(
    inviter, boston, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="jordan@example.org",
            display_name="Jordan Parker",
            regions=[boston],
            invited_by=inviter,
        )
    assert list(error.value.message_dict) == ["display_name"]
    assert list(User.objects.values_list("email", flat=True)) == ["alex@example.org"]
    assert (FacilitatorProfile.objects.count(), mail.outbox) == (0, [])


def test_facilitator_invite_refuses_an_invalid_address(
    inviter, boston, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="jordan@",
            display_name="Jordan P.",
            regions=[boston],
            invited_by=inviter,
        )
    assert error.value.message_dict == {"email": ["Enter a valid email address."]}
    assert (User.objects.count(), FacilitatorProfile.objects.count(), mail.outbox) == (1, 0, [])
