import unicodedata

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts.services import user_invite
from core.text import written_when_read
from core.validation import validated_save
from core.words import joined
from facilitators.models import FacilitatorInvitation, FacilitatorProfile, new_feed_token
from regions.models import Region


def display_name_for(first_name: str, last_name: str) -> str:
    """The public form of a name: the first word of the first name and the initial of the last
    name, “Maria S.”. Only the first word, so a last name typed as part of the first name
    ("Maria Surname") never shows; the initial is the first letter of the last name."""
    words = unicodedata.normalize("NFC", first_name).split()
    first = words[0] if words else ""
    initial = next((char for char in unicodedata.normalize("NFC", last_name) if char.isalpha()), "")
    return f"{first} {initial.upper()}." if initial else first


@transaction.atomic
def facilitator_create(
    *,
    email: str,
    first_name: str,
    last_name: str,
    regions=(),
    password: str | None = None,
    display_name: str = "",
    **fields,
) -> FacilitatorProfile:
    """A facilitator's account and profile, in one step; nothing is kept if either is invalid."""
    user = get_user_model().objects.create_user(
        email=email, password=password, first_name=first_name, last_name=last_name
    )
    profile = FacilitatorProfile(
        user=user, display_name=display_name or display_name_for(first_name, last_name), **fields
    )
    validated_save(profile)
    profile.regions.set(regions)
    return profile


@transaction.atomic
def facilitator_invite(
    *, email: str, display_name: str, regions, invited_by
) -> list[FacilitatorInvitation]:
    """Invite someone to facilitate in ``regions``: their account (new or existing), an
    invitation to each region, and the invitation email once it is all saved.

    Nothing of theirs changes until they accept (``facilitator_invitation_accept``), so the
    coordinator's answer is the same for a new address and for someone of another region: the
    only refusal about a person is "already a facilitator" of one of these regions, which are
    the coordinator's own. Inviting again replaces the proposed name and sends a new link.
    ``display_name`` ("Maria S.") is the public name of someone who does not facilitate yet;
    someone who does keeps the one they have.
    """
    regions = list(regions)
    names = [region.name for region in regions]
    url = settings.SITE_URL + reverse("me:invitations")
    # Both are read in the invitee's language when the email is written.
    user = user_invite(
        email=email,
        invited_by=invited_by,
        role_description=written_when_read(lambda: _role(names)),
        next_step=written_when_read(lambda: _(ACCEPT_STEP) % {"url": url}),
    )
    already = Region.objects.filter(
        pk__in=[region.pk for region in regions], facilitators__user=user
    ).first()
    if already is not None:
        raise ValidationError(
            {"email": f"{user.email} is already a facilitator in {already.name}."}
        )
    invitations = []
    for region in regions:
        invitation = FacilitatorInvitation.objects.filter(user=user, region=region).first()
        invitation = invitation or FacilitatorInvitation(user=user, region=region)
        invitation.display_name = display_name
        invitation.invited_by = invited_by
        invitations.append(validated_save(invitation))
    return invitations


def _role(region_names: list[str]) -> str:
    if not region_names:
        return _("facilitator")
    return _("facilitator in %(regions)s") % {"regions": joined(region_names)}


INVITATION_GONE = gettext_lazy("That invitation is no longer waiting for an answer.")
ACCEPT_STEP = gettext_noop(
    "Once you have signed in, PeerHub shows you the invitation and the name the public would "
    "see, and you choose whether to accept it: %(url)s"
)


@transaction.atomic
def facilitator_invitation_accept(*, invitation: FacilitatorInvitation) -> FacilitatorProfile:
    """They facilitate in the invitation's region from now on; a new facilitator gets the
    proposed public name, someone who facilitates already keeps theirs."""
    invitation = FacilitatorInvitation.objects.select_for_update().filter(pk=invitation.pk).first()
    if invitation is None:  # answered a moment ago, in another tab say
        raise ValidationError(INVITATION_GONE)
    profile = FacilitatorProfile.objects.filter(user=invitation.user).first()
    if profile is None:
        profile = validated_save(
            FacilitatorProfile(user=invitation.user, display_name=invitation.display_name)
        )
    profile.regions.add(invitation.region)
    invitation.delete()
    return profile


@transaction.atomic
def facilitator_invitation_decline(*, invitation: FacilitatorInvitation) -> None:
    """No thanks: the invitation goes, and nothing else changes."""
    FacilitatorInvitation.objects.filter(pk=invitation.pk).delete()


@transaction.atomic
def facilitator_rotate_feed_token(*, facilitator: FacilitatorProfile) -> str:
    """Give the facilitator a new private feed URL; the old one stops working at once."""
    facilitator.feed_token = new_feed_token()
    facilitator.save(update_fields=["feed_token", "updated_at"])
    return facilitator.feed_token
