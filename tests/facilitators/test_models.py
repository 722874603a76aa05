import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError

from facilitators import services
from facilitators.models import FacilitatorProfile
from tests.factories import FacilitatorFactory, RegionFactory

pytestmark = pytest.mark.django_db


def test_facilitator_create_derives_the_public_name():
    region = RegionFactory()
    profile = services.facilitator_create(
        email="Maria.Santos@Example.org",
        first_name="Maria",
        last_name="Santos",
        regions=[region],
        password="peerhub-test",
    )
    assert (profile.display_name, profile.user.email, list(profile.regions.all())) == (
        "Maria S.",
        "maria.santos@example.org",
        [region],
    )
    assert profile.user.check_password("peerhub-test")


@pytest.mark.parametrize("name", ["Maria S.", "Mary-Ann O.", "Jean-Luc D.", "José R."])
def test_display_name_accepts_first_name_and_initial(name):
    FacilitatorProfile(
        user=get_user_model()(email="x@example.org"), display_name=name
    ).clean_fields(exclude=["user"])


@pytest.mark.parametrize("name", ["Maria Santos", "Maria", "maria s", "M. Santos"])
def test_display_name_refuses_a_full_name(name):
    with pytest.raises(ValidationError) as excinfo:
        FacilitatorProfile(display_name=name).clean_fields(exclude=["user"])
    assert excinfo.value.message_dict == {
        "display_name": [
            "Use one first name and the initial of the last name, like “Maria S.” or "
            "“Jean-Luc D.”: letters only, with a hyphen or an apostrophe if the name has one."
        ]
    }


def test_facilitator_create_with_a_bad_name_keeps_no_account():
    with pytest.raises(ValidationError):
        services.facilitator_create(email="a@example.org", first_name="Maria", last_name="")
    assert get_user_model().objects.count() == 0


def test_feed_tokens_are_long_random_and_rotate():
    first, second = FacilitatorFactory(), FacilitatorFactory()
    old = first.feed_token
    new = services.facilitator_rotate_feed_token(facilitator=first)
    first.refresh_from_db()
    assert (len(old), len(new), first.feed_token) == (43, 43, new)
    assert len({old, new, second.feed_token}) == 3
    assert FacilitatorProfile.objects.filter(feed_token=old).exists() is False
