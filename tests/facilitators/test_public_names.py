"""A facilitator's public name is one first name and the initial of the last name, so it can
never carry a last name: the rule is the model's, so the admin, the console's forms, the
services and the commands all keep it."""

import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from accounts.models import User
from facilitators import services
from facilitators.models import FacilitatorProfile, validate_display_name
from tests.factories import FacilitatorFactory

pytestmark = pytest.mark.django_db

GENERIC = (
    "Use one first name and the initial of the last name, like “Maria S.” or “Jean-Luc D.”: "
    "letters only, with a hyphen or an apostrophe if the name has one."
)


def two_words(shown):
    return (
        f"Only one first name can be shown. The public would see “{shown}”, and a second word "
        "may be a last name. Use one word, like “Maria S.”, or join a two-word first name with "
        "a hyphen, like “Mary-Ann S.”."
    )


def problems(name):
    try:
        validate_display_name(name)
    except ValidationError as error:
        return error.messages
    return []


@pytest.mark.parametrize(
    "name",
    [
        "Maria S.",
        "Jean-Luc D.",
        "D'Andre W.",
        "D’Andre W.",
        "Mary-Ann O.",
        "José R.",
        unicodedata.normalize("NFD", "José R."),  # the accent as a combining mark
        "Zoë K.",
        "Nguyễn T.",
        "Ólafur Þ.",
        "محمد ع.",  # Arabic, right to left
        "שרה כ.",  # Hebrew, right to left
        "प्रिया श.",  # Devanagari: vowel signs are marks, not letters
        "Ngọc L.",
        "ʻIolani K.",  # the Hawaiian ʻokina is a letter
        "Zohreh\u200cSadat M.",  # Persian joins a double name with a zero-width non-joiner
    ],
)
def test_display_name_accepts_one_first_name_in_any_script(name):
    assert problems(name) == []


@pytest.mark.parametrize(
    "name",
    ["Maria Surname S.", "Mary Ann O.", "Maria José Santos S.", "محمد علی ع."],
)
def test_display_name_refuses_two_words_and_shows_what_the_public_would_see(name):
    assert problems(name) == [two_words(name)]


@pytest.mark.parametrize(
    "name",
    [
        "Maria Santos",
        "Maria",
        "maria s",
        "M. Santos",
        "Rosa2 M.",
        "🌹 M.",
        "Rosa🌹 M.",
        "Rosa 7.",
        "Rosa M",
        "Rosa MS.",
        "Rosa  M.",  # two spaces
        " Rosa M.",
        "Rosa\u00a0Santos M.",  # a no-break space is not a letter either
        "Ro\u202esa M.",  # a right-to-left override would turn the name around on the page
        "-Rosa M.",
        "Rosa- M.",
        "Jean--Luc D.",
        "J.R. M.",
        "",
    ],
)
def test_display_name_refuses_anything_else_in_plain_words(name):
    assert problems(name) == [GENERIC]


@pytest.mark.parametrize(
    ("first_name", "last_name", "shown"),
    [
        ("Maria", "Santos", "Maria S."),
        ("Maria Surname", "Surname", "Maria S."),
        ("  Mary Ann ", "Sullivan", "Mary S."),
        ("Jean-Luc", "de la Cruz", "Jean-Luc D."),
        ("Rosa", "'t Hooft", "Rosa T."),
        ("Zoë", "Ørsted", "Zoë Ø."),
        (unicodedata.normalize("NFD", "José"), "Nguyễn", "José N."),
    ],
)
def test_display_name_for_keeps_only_the_first_word_of_the_first_name(first_name, last_name, shown):
    assert services.display_name_for(first_name, last_name) == shown
    assert problems(shown) == []


def test_facilitator_create_never_shows_a_last_name_typed_as_a_first_name():
    profile = services.facilitator_create(
        email="maria@example.org", first_name="Maria Surname", last_name="Surname"
    )
    profile.refresh_from_db()
    assert (profile.display_name, profile.user.first_name) == ("Maria S.", "Maria Surname")


def test_facilitator_create_refuses_a_given_public_name_with_a_last_name():
    with pytest.raises(ValidationError) as error:
        services.facilitator_create(
            email="maria@example.org",
            first_name="Maria",
            last_name="Surname",
            display_name="Maria Surname S.",
        )
    assert error.value.message_dict == {"display_name": [two_words("Maria Surname S.")]}
    assert (User.objects.count(), FacilitatorProfile.objects.count()) == (0, 0)


# The admin keeps the rule too.


@pytest.fixture
def superuser_client(client):
    client.force_login(User.objects.create_superuser(email="root@example.org", password="x"))
    return client


def admin_change(client, profile, display_name):
    return client.post(
        reverse("admin:facilitators_facilitatorprofile_change", args=[profile.pk]),
        {
            "user": profile.user.pk,
            "display_name": display_name,
            "regions": [region.pk for region in profile.regions.all()],
            "private_phone": "",
            "is_active": "on",
            "certifications-TOTAL_FORMS": "0",
            "certifications-INITIAL_FORMS": "0",
            "certifications-MIN_NUM_FORMS": "0",
            "certifications-MAX_NUM_FORMS": "1000",
        },
    )


def test_the_admin_refuses_a_public_name_with_a_last_name(superuser_client):
    profile = FacilitatorFactory(display_name="Maria S.")
    response = admin_change(superuser_client, profile, "Maria Surname S.")
    assert response.context["adminform"].form.errors == {
        "display_name": [two_words("Maria Surname S.")]
    }
    profile.refresh_from_db()
    assert profile.display_name == "Maria S."


def test_the_admin_saves_an_accented_public_name(superuser_client):
    profile = FacilitatorFactory(display_name="Maria S.")
    response = admin_change(superuser_client, profile, "Zoë K.")
    assert response.status_code == 302
    profile.refresh_from_db()
    assert profile.display_name == "Zoë K."
