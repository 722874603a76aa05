"""Inviting from the console (/manage/people/invite/) tells a coordinator nothing about the people
of other regions, and changes nothing of theirs; and the public name it asks for can never carry
a last name."""

import re

import pytest
from django.core import mail
from django.utils.html import strip_tags

from accounts.models import User
from facilitators.applications import application_submit
from facilitators.models import FacilitatorInvitation, FacilitatorProfile
from regions.models import Coordinator

pytestmark = pytest.mark.django_db

INVITE = "/manage/people/invite/"
PEOPLE = "/manage/people/"
NOBODY = "new.person@example.org"
# Addresses a coordinator of east may type that belong to people of west (tests/two_regions.py).
WEST_PEOPLE = {
    "a facilitator of another region": "lead.western@example.org",
    "a coordinator of another region": "coordinator.western@example.org",
    "a switched-off facilitator of another region": "spare.western@example.org",
    "the same, typed in capitals": "LEAD.Western@example.org",
}
SENT_TO_A_FACILITATOR = (
    "Invitation sent to EMAIL. Once they accept it, they facilitate with Metro Boston RLC and "
    "you can add them to groups."
)
SENT_TO_A_COORDINATOR = "Invitation sent to EMAIL. The link in it lets them set a password."


def console_messages(response):
    return [str(message) for message in response.context["messages"]]


def cells(html, address):
    """The People page's table rows that mention ``address``, cell by cell, as text."""
    return [
        [strip_tags(cell).strip() for cell in re.findall(r"<t[hd][^>]*>(.*?)</t[hd]>", row, re.S)]
        for row in re.findall(r"<tr>.*?</tr>", html, re.S)
        if address.lower() in row.lower()
    ]


def post_invite(client, capture, region, email, role="facilitator", **fields):
    data = {"role": role, "email": email, "first_name": "Rosa", "last_initial": "M"}
    data.update(region=region.pk, **fields)
    with capture(execute=True):
        return client.post(INVITE, data, follow=True)


def seen_by_the_coordinator(client, capture, side, email, role="facilitator"):
    """Everything the inviting coordinator learns, with the address they typed as EMAIL."""
    sent = len(mail.outbox)
    response = post_invite(client, capture, side.region, email, role)
    form = response.context.get("form")

    def hide(text):
        return text.replace(email, "EMAIL").replace(email.lower(), "EMAIL")

    people = client.get(PEOPLE).content.decode()
    return {
        "answer": (response.status_code, response.redirect_chain),
        "messages": [hide(text) for text in console_messages(response)],
        "errors": form
        and {name: [hide(text) for text in texts] for name, texts in form.errors.items()},
        "mail to the coordinator": [
            message.subject
            for message in mail.outbox[sent:]
            if side.coordinator.email in message.to
        ],
        "people": [
            [cell.replace(email.lower(), "EMAIL") for cell in row] for row in cells(people, email)
        ],
    }


def everything_of(user):
    """What must not change for someone of another region: their account and their profile."""
    user.refresh_from_db()
    profile = FacilitatorProfile.objects.filter(user=user).first()
    return (
        user.email,
        user.first_name,
        user.last_name,
        user.password,
        user.is_active,
        sorted(Coordinator.objects.filter(user=user).values_list("region__slug", flat=True)),
        profile
        and (
            profile.display_name,
            profile.is_active,
            profile.feed_token,
            sorted(profile.regions.values_list("slug", flat=True)),
        ),
    )


@pytest.fixture
def west_people(west):
    User.objects.filter(pk=west.spare.user.pk).update(is_active=False)
    return [west.lead.user, west.coordinator, west.spare.user]


def test_inviting_a_facilitator_answers_the_same_for_anyone_of_another_region(
    coordinator_client, east, west, west_people, django_capture_on_commit_callbacks
):
    before = [everything_of(user) for user in west_people]
    nobody = seen_by_the_coordinator(
        coordinator_client, django_capture_on_commit_callbacks, east, NOBODY
    )
    assert nobody == {
        "answer": (200, [(PEOPLE, 302)]),
        "messages": [SENT_TO_A_FACILITATOR],
        "errors": None,
        "mail to the coordinator": [],
        "people": [["Rosa M.", "EMAIL", "Metro Boston RLC", "28 February 2026"]],
    }
    for who, email in WEST_PEOPLE.items():
        seen = seen_by_the_coordinator(
            coordinator_client, django_capture_on_commit_callbacks, east, email
        )
        assert (who, seen) == (who, nobody)
    page = coordinator_client.get(PEOPLE).content.decode()
    for shown_only_in_west in ("Lead2 A.", "Spare2 B.", "Western Mass"):
        assert shown_only_in_west not in page
    assert [everything_of(user) for user in west_people] == before


def test_inviting_a_facilitator_again_answers_the_same_too(
    coordinator_client, east, west, west_people, django_capture_on_commit_callbacks
):
    addresses = [NOBODY, *WEST_PEOPLE.values()]
    for email in addresses:
        post_invite(coordinator_client, django_capture_on_commit_callbacks, east.region, email)
    again = [
        seen_by_the_coordinator(coordinator_client, django_capture_on_commit_callbacks, east, email)
        for email in addresses
    ]
    assert again == [again[0]] * len(addresses)
    assert again[0]["messages"] == [SENT_TO_A_FACILITATOR]


def test_the_invitation_reaches_the_person_and_nobody_else(
    coordinator_client, east, west, west_people, django_capture_on_commit_callbacks
):
    for email in [NOBODY, *WEST_PEOPLE.values()]:
        post_invite(coordinator_client, django_capture_on_commit_callbacks, east.region, email)
    # Nothing goes to a switched-off account; the person typed in capitals is the same person.
    assert sorted(message.to[0] for message in mail.outbox) == [
        "coordinator.western@example.org",
        "lead.western@example.org",
        "lead.western@example.org",
        "new.person@example.org",
    ]
    assert {message.reply_to[0] for message in mail.outbox} == {east.coordinator.email}
    assert sorted(
        FacilitatorInvitation.objects.filter(region=east.region).values_list(
            "user__email", "display_name"
        )
    ) == [
        ("coordinator.western@example.org", "Rosa M."),
        ("lead.western@example.org", "Rosa M."),
        ("new.person@example.org", "Rosa M."),
        ("spare.western@example.org", "Rosa M."),
    ]


def test_inviting_a_coordinator_answers_the_same_for_anyone_of_another_region(
    coordinator_client, east, west, west_people, django_capture_on_commit_callbacks
):
    before = [everything_of(user) for user in west_people]
    seen = {
        who: seen_by_the_coordinator(
            coordinator_client, django_capture_on_commit_callbacks, east, email, "coordinator"
        )
        for who, email in {"nobody": NOBODY, **WEST_PEOPLE}.items()
        if who != "the same, typed in capitals"
    }
    assert seen["nobody"] == {
        "answer": (200, [(PEOPLE, 302)]),
        "messages": [SENT_TO_A_COORDINATOR],
        "errors": None,
        "mail to the coordinator": [],
        "people": [],
    }
    assert seen == dict.fromkeys(seen, seen["nobody"])
    again = {
        who: seen_by_the_coordinator(
            coordinator_client, django_capture_on_commit_callbacks, east, email, "coordinator"
        )
        for who, email in {"nobody": NOBODY, **WEST_PEOPLE}.items()
        if who != "the same, typed in capitals"
    }
    assert again["nobody"] == {
        **seen["nobody"],
        "answer": (200, []),
        "messages": [],
        "errors": {"email": ["EMAIL is already a coordinator of Metro Boston RLC."]},
    }
    assert again == dict.fromkeys(again, again["nobody"])
    # A coordinator role of east is east's; their account and their roles in west are as they were.
    after = [everything_of(user) for user in west_people]
    assert [(row[:5], row[6]) for row in after] == [(row[:5], row[6]) for row in before]
    assert [row[5] for row in after] == [
        ["metro-boston"],
        ["metro-boston", "western"],
        ["metro-boston"],
    ]


def test_a_coordinator_is_still_told_about_their_own_regions_facilitators(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    response = post_invite(
        coordinator_client,
        django_capture_on_commit_callbacks,
        east.region,
        "LEAD.metro-boston@example.org",
    )
    assert (response.status_code, dict(response.context["form"].errors)) == (
        200,
        {"email": ["lead.metro-boston@example.org is already a facilitator in Metro Boston RLC."]},
    )
    assert (mail.outbox, FacilitatorInvitation.objects.count()) == ([], 0)


def test_inviting_an_applicant_answers_the_same_for_someone_of_another_region(
    coordinator_client, east, west, django_capture_on_commit_callbacks
):
    answers = []
    for email in (NOBODY, "lead.western@example.org", "coordinator.western@example.org"):
        application = application_submit(
            region=east.region,
            first_name="Rosa",
            last_name="Martinez",
            email=email,
            recovery="Steady.",
            experience="Some.",
            dependability="Thursdays.",
            working_with_others="Well.",
            giving_back="Yes.",
        )
        url = f"/manage/applications/{application.pk}/"
        with django_capture_on_commit_callbacks(execute=True):
            response = coordinator_client.post(f"{url}invite/", follow=True)
        application.refresh_from_db()
        answers.append(
            (
                response.redirect_chain == [(url, 302)],
                [text.replace(email, "EMAIL") for text in console_messages(response)],
                application.status,
            )
        )
    assert (
        answers
        == [
            (
                True,
                [
                    "Invitation sent to EMAIL, to facilitate with Metro Boston RLC as “Rosa M.”. "
                    "They join your facilitators when they accept it."
                ],
                "invited",
            )
        ]
        * 3
    )
    west.lead.refresh_from_db()
    assert (west.lead.display_name, list(west.lead.regions.all())) == ("Lead2 A.", [west.region])


# The public name the form asks for.


def test_a_first_name_of_two_words_is_refused_showing_what_the_public_would_see(
    coordinator_client, east, django_capture_on_commit_callbacks
):
    response = post_invite(
        coordinator_client,
        django_capture_on_commit_callbacks,
        east.region,
        NOBODY,
        first_name="Maria Surname",
        last_initial="s",
    )
    assert dict(response.context["form"].errors) == {
        "first_name": [
            "Give one first name. The public would see “Maria Surname S.”, and the second word "
            "may be a last name. For a first name of two words, join them with a hyphen, like "
            "“Mary-Ann”."
        ]
    }
    assert (mail.outbox, User.objects.filter(email=NOBODY).exists()) == ([], False)


@pytest.mark.parametrize(
    ("first_name", "last_initial", "errors"),
    [
        (
            "Rosa2",
            "M",
            {
                "first_name": [
                    "Give the first name in letters: a hyphen or an apostrophe is fine, like "
                    "“Jean-Luc” or “D'Andre”, numbers and symbols are not."
                ]
            },
        ),
        (
            "Rosa 🌹",
            "M",
            {
                "first_name": [
                    "Give the first name in letters: a hyphen or an apostrophe is fine, like "
                    "“Jean-Luc” or “D'Andre”, numbers and symbols are not."
                ]
            },
        ),
        ("Rosa", "7", {"last_initial": ["Give the first letter of the last name."]}),
    ],
)
def test_a_first_name_or_initial_that_is_not_letters_is_refused(
    coordinator_client, east, first_name, last_initial, errors, django_capture_on_commit_callbacks
):
    response = post_invite(
        coordinator_client,
        django_capture_on_commit_callbacks,
        east.region,
        NOBODY,
        first_name=first_name,
        last_initial=last_initial,
    )
    assert dict(response.context["form"].errors) == errors
    assert (mail.outbox, User.objects.filter(email=NOBODY).exists()) == ([], False)


@pytest.mark.parametrize(
    ("first_name", "last_initial", "shown"),
    [
        ("José", "r", "José R."),
        ("Zoë", "ø", "Zoë Ø."),
        ("Nguyễn", "t", "Nguyễn T."),
        ("محمد", "ع", "محمد ع."),
        (" Jean-Luc ", "D", "Jean-Luc D."),
        ("D'Andre", "W", "D'Andre W."),
    ],
)
def test_first_names_in_any_script_are_invited_as_typed(
    coordinator_client, east, first_name, last_initial, shown, django_capture_on_commit_callbacks
):
    response = post_invite(
        coordinator_client,
        django_capture_on_commit_callbacks,
        east.region,
        NOBODY,
        first_name=first_name,
        last_initial=last_initial,
    )
    assert response.redirect_chain == [(PEOPLE, 302)]
    assert list(FacilitatorInvitation.objects.values_list("display_name", flat=True)) == [shown]
