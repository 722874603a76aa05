"""facilitator_invite: a new or existing account, an invitation to wait for their answer, and
the invitation email."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from facilitators.services import facilitator_invite
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


def test_facilitator_invite_creates_the_account_and_an_invitation(
    inviter, boston, django_capture_on_commit_callbacks
):
    [invitation] = invite(
        django_capture_on_commit_callbacks,
        email="Jordan@Example.org",
        display_name="Jordan P.",
        regions=[boston],
        invited_by=inviter,
    )
    invitation.refresh_from_db()
    assert (
        invitation.user.email,
        invitation.display_name,
        invitation.region,
        invitation.invited_by,
    ) == ("jordan@example.org", "Jordan P.", boston, inviter)
    assert invitation.user.has_usable_password() is False
    # Nothing is a facilitator's until they accept.
    assert FacilitatorProfile.objects.count() == 0
    [message] = mail.outbox
    assert (message.to, role_line(message)) == (
        ["jordan@example.org"],
        "Alex Rivera (alex@example.org) has invited you to PeerHub. "
        "Your role: facilitator in Metro Boston RLC. Welcome!",
    )


def test_facilitator_invite_names_every_region(inviter, boston, django_capture_on_commit_callbacks):
    central = RegionFactory(name="Central RLC", slug="central")
    invitations = invite(
        django_capture_on_commit_callbacks,
        email="jordan@example.org",
        display_name="Jordan P.",
        regions=[central, boston],
        invited_by=inviter,
    )
    assert [invitation.region for invitation in invitations] == [central, boston]
    [message] = mail.outbox
    assert role_line(message).endswith(
        "Your role: facilitator in Central RLC and Metro Boston RLC. Welcome!"
    )


def test_facilitator_invite_asks_a_coordinator_to_facilitate_too(
    inviter, boston, django_capture_on_commit_callbacks
):
    coordinator = CoordinatorFactory(user=UserFactory(email="pat@example.org")).user
    [invitation] = invite(
        django_capture_on_commit_callbacks,
        email="PAT@example.org",
        display_name="Pat K.",
        regions=[boston],
        invited_by=inviter,
    )
    assert (invitation.user, User.objects.count()) == (coordinator, 2)
    assert FacilitatorProfile.objects.filter(user=coordinator).exists() is False


def test_facilitator_invite_leaves_a_facilitator_of_another_region_as_they_are(
    inviter, boston, django_capture_on_commit_callbacks
):
    maria = FacilitatorFactory(user=UserFactory(email="maria@example.org"), display_name="Maria S.")
    maria.regions.set([RegionFactory()])
    [invitation] = invite(
        django_capture_on_commit_callbacks,
        email="Maria@example.org",
        display_name="Mary X.",
        regions=[boston],
        invited_by=inviter,
    )
    maria.refresh_from_db()
    assert (invitation.user, maria.display_name, boston in maria.regions.all()) == (
        maria.user,
        "Maria S.",
        False,
    )
    assert [message.to for message in mail.outbox] == [["maria@example.org"]]


def test_facilitator_invite_refuses_someone_who_already_facilitates_there(
    inviter, boston, django_capture_on_commit_callbacks
):
    FacilitatorFactory(user=UserFactory(email="maria@example.org")).regions.set([boston])
    with pytest.raises(ValidationError) as error:
        invite(
            django_capture_on_commit_callbacks,
            email="Maria@example.org",
            display_name="Maria S.",
            regions=[boston],
            invited_by=inviter,
        )
    assert error.value.message_dict == {
        "email": ["maria@example.org is already a facilitator in Metro Boston RLC."]
    }
    assert (FacilitatorInvitation.objects.count(), mail.outbox) == (0, [])


def test_facilitator_invite_again_replaces_the_name_and_sends_a_new_link(
    inviter, boston, django_capture_on_commit_callbacks
):
    for name in ("Jordan P.", "Jo P."):
        invite(
            django_capture_on_commit_callbacks,
            email="jordan@example.org",
            display_name=name,
            regions=[boston],
            invited_by=inviter,
        )
    assert list(FacilitatorInvitation.objects.values_list("display_name", flat=True)) == ["Jo P."]
    assert [message.to for message in mail.outbox] == [["jordan@example.org"]] * 2


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
    assert (FacilitatorInvitation.objects.count(), mail.outbox) == (0, [])


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
    assert (User.objects.count(), FacilitatorInvitation.objects.count(), mail.outbox) == (1, 0, [])
