"""Invitations to facilitate wait for the person's answer at /me/invitations/: nothing of theirs
changes until they accept, and someone who facilitates elsewhere keeps their public name."""

from urllib.parse import urlsplit

import pytest
from django.core import mail
from django.core.exceptions import ValidationError

from accounts.models import User
from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from facilitators.services import facilitator_invitation_accept, facilitator_invite
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

INVITATIONS = "/me/invitations/"
PASSWORD = "bright-lighthouse-93"


def invite(capture, side, email, display_name="Rosa M."):
    with capture(execute=True):
        [invitation] = facilitator_invite(
            email=email,
            display_name=display_name,
            regions=[side.region],
            invited_by=side.coordinator,
        )
    return invitation


def texts(response):
    return [str(message) for message in response.context["messages"]]


def people_page(client, side):
    client.force_login(side.coordinator)
    return client.get("/manage/people/").content.decode()


def test_someone_of_another_region_accepts_and_keeps_their_public_name(
    client, east, west, django_capture_on_commit_callbacks
):
    invitation = invite(django_capture_on_commit_callbacks, east, "lead.western@example.org")
    assert "Lead2 A." not in people_page(client, east)
    client.force_login(west.lead.user)
    page = client.get(INVITATIONS)
    assert [i.region for i in page.context["invitations"]] == [east.region]
    assert "The public keeps seeing you as “Lead2 A.”." in page.content.decode()
    response = client.post(f"{INVITATIONS}{invitation.pk}/accept/", follow=True)
    assert texts(response) == [
        "Welcome to Metro Boston RLC! Its coordinators can now add you to groups. The public sees "
        "you as “Lead2 A.”."
    ]
    assert response.redirect_chain == [("/me/", 302)]
    west.lead.refresh_from_db()
    assert (west.lead.display_name, sorted(r.slug for r in west.lead.regions.all())) == (
        "Lead2 A.",
        ["metro-boston", "western"],
    )
    assert FacilitatorInvitation.objects.count() == 0
    # Now that they have said yes, east sees them as they are.
    assert "Lead2 A." in people_page(client, east)


def test_a_new_person_sets_a_password_lands_on_the_invitation_and_accepts(
    client, east, django_capture_on_commit_callbacks
):
    invite(django_capture_on_commit_callbacks, east, "new.person@example.org")
    [message] = mail.outbox
    paragraphs = message.body.strip().split("\n\n")
    assert paragraphs[7] == (
        "Once you have signed in, PeerHub shows you the invitation and the name the public "
        "would see, and you choose whether to accept it: https://peerhub.example.org/me/invitations/"
    )
    link = next(word for word in message.body.split() if "/password/reset/key/" in word)
    form_path = client.get(urlsplit(link).path)["Location"]
    client.post(form_path, {"password1": PASSWORD, "password2": PASSWORD})
    signed_in = client.post(
        "/accounts/login/", {"login": "new.person@example.org", "password": PASSWORD}
    )
    assert signed_in["Location"] == INVITATIONS
    page = client.get(INVITATIONS).content.decode()
    assert "the public sees you as “Rosa M.”" in page
    # Their own page waits for the answer rather than turning them away.
    assert client.get("/me/")["Location"] == INVITATIONS
    [invitation] = FacilitatorInvitation.objects.all()
    client.post(f"{INVITATIONS}{invitation.pk}/accept/")
    profile = FacilitatorProfile.objects.get(user__email="new.person@example.org")
    assert (profile.display_name, list(profile.regions.all())) == ("Rosa M.", [east.region])
    assert client.get("/me/").status_code == 200


def test_declining_changes_nothing_else(client, east, west, django_capture_on_commit_callbacks):
    invitation = invite(django_capture_on_commit_callbacks, east, "coordinator.western@example.org")
    client.force_login(west.coordinator)
    response = client.post(f"{INVITATIONS}{invitation.pk}/decline/", follow=True)
    assert texts(response) == ["You said no thanks to Metro Boston RLC. Nothing else has changed."]
    assert (
        FacilitatorInvitation.objects.count(),
        FacilitatorProfile.objects.filter(user=west.coordinator).exists(),
    ) == (0, False)
    assert "coordinator.western@example.org" not in people_page(client, east)


def test_a_facilitator_sees_a_new_invitation_on_their_page(
    client, east, west, django_capture_on_commit_callbacks
):
    invite(django_capture_on_commit_callbacks, east, "lead.western@example.org")
    client.force_login(west.lead.user)
    page = client.get("/me/").content.decode()
    assert "Metro Boston RLC invites you to facilitate there too." in page


def test_someone_elses_invitation_cannot_be_answered(
    client, east, west, django_capture_on_commit_callbacks
):
    invitation = invite(django_capture_on_commit_callbacks, east, "lead.western@example.org")
    client.force_login(west.spare.user)
    assert list(client.get(INVITATIONS).context["invitations"]) == []
    for answer in ("accept", "decline"):
        response = client.post(f"{INVITATIONS}{invitation.pk}/{answer}/", follow=True)
        assert texts(response) == ["That invitation is no longer waiting for an answer."]
    assert list(FacilitatorInvitation.objects.all()) == [invitation]
    assert list(west.spare.regions.all()) == [west.region]


def test_answering_twice_says_so(client, east, west, django_capture_on_commit_callbacks):
    invitation = invite(django_capture_on_commit_callbacks, east, "lead.western@example.org")
    client.force_login(west.lead.user)
    client.post(f"{INVITATIONS}{invitation.pk}/accept/", follow=True)
    again = client.post(f"{INVITATIONS}{invitation.pk}/decline/", follow=True)
    assert texts(again) == ["That invitation is no longer waiting for an answer."]
    assert sorted(r.slug for r in west.lead.regions.all()) == ["metro-boston", "western"]


def test_the_invitations_page_is_for_signed_in_people(client):
    response = client.get(INVITATIONS)
    assert (response.status_code, response["Location"]) == (
        302,
        f"/accounts/login/?next={INVITATIONS}",
    )
    assert client.post(f"{INVITATIONS}1/accept/").status_code == 302


def test_someone_with_nothing_waiting_is_told_so(client):
    client.force_login(UserFactory(email="pat@example.org"))
    response = client.get(INVITATIONS)
    assert (response.status_code, list(response.context["invitations"])) == (200, [])
    assert "No invitation is waiting for you." in response.content.decode()


def test_an_invitation_refuses_a_public_name_with_a_last_name(
    east, django_capture_on_commit_callbacks
):
    with pytest.raises(ValidationError) as error:
        invite(django_capture_on_commit_callbacks, east, "maria@example.org", "Maria Surname S.")
    assert error.value.message_dict == {
        "display_name": [
            "Only one first name can be shown. The public would see “Maria Surname S.”, and a "
            "second word may be a last name. Use one word, like “Maria S.”, or join a two-word "
            "first name with a hyphen, like “Mary-Ann S.”."
        ]
    }
    assert (
        User.objects.filter(email="maria@example.org").exists(),
        FacilitatorInvitation.objects.count(),
        mail.outbox,
    ) == (False, 0, [])


def test_accepting_an_invitation_answered_a_moment_ago_is_refused_in_words(
    east, west, django_capture_on_commit_callbacks
):
    invitation = invite(django_capture_on_commit_callbacks, east, "lead.western@example.org")
    facilitator_invitation_accept(invitation=invitation)
    with pytest.raises(ValidationError) as error:
        facilitator_invitation_accept(invitation=invitation)
    assert error.value.messages == ["That invitation is no longer waiting for an answer."]
    assert sorted(r.slug for r in west.lead.regions.all()) == ["metro-boston", "western"]
