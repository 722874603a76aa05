"""“Ask for an accommodation”: the short form under each public group and region, through real
HTTP, in three languages."""

import re
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.utils import translation
from django.utils.translation import gettext

from groups.accommodations import accommodation_request_submit
from groups.models import AccommodationRequest, Group
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

GOOD = {
    "needs": ["asl", "large_print"],
    "details": "Front row if I can, please.",
    "email": "sam@example.org",
    "phone": "",
    "session_date": "2026-03-03",
}


def group_url(side, prefix=""):
    return f"{prefix}/groups/{side.group.slug}/accommodation/"


def region_url(side, prefix=""):
    return f"{prefix}/regions/{side.region.slug}/accommodation/"


def stored():
    return list(
        AccommodationRequest.objects.order_by("pk").values_list(
            "region__slug", "group__slug", "needs", "details", "email", "phone", "language"
        )
    )


def form_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def send(client, url, data, **extra):
    with_code = {"submission": None, **data}
    with_code = {key: value for key, value in with_code.items() if value is not None}
    return client.post(url, with_code, **extra)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# The offer on the pages ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("page", "link"),
    [
        (
            "/groups/metro-boston-hearing-voices/",
            "/groups/metro-boston-hearing-voices/accommodation/",
        ),
        ("/regions/metro-boston/", "/regions/metro-boston/accommodation/"),
        ("/venues/metro-boston-library/", "/regions/metro-boston/accommodation/"),
    ],
)
@pytest.mark.parametrize("prefix", ["", "/es", "/pt-br"])
def test_every_group_region_and_venue_page_offers_the_form(client, east, page, link, prefix):
    html = client.get(prefix + page).content.decode()
    assert f'href="{prefix}{link}"' in html
    language = prefix.strip("/") or "en"
    with translation.override(language):
        heading = gettext("Need an accommodation?")
    assert f'<h2 id="accommodation">{heading}</h2>' in html


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es"), ("/pt-br", "pt-br")])
def test_the_form_is_in_the_pages_language(client, east, prefix, language):
    response = client.get(group_url(east, prefix))
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        expected = [
            gettext("Ask for an accommodation"),
            gettext("What would help you take part?"),
            gettext("An ASL interpreter"),
            gettext("What happens to your request"),
            gettext("Send my request"),
        ]
    assert [text in html for text in expected] == [True] * 5
    assert f'<html lang="{language}">' in html
    if language != "en":
        assert "What would help you take part?" not in html


# Sending ------------------------------------------------------------------------------------


def test_a_request_is_kept_and_emailed_to_that_regions_coordinators_only(
    client, east, west, django_capture_on_commit_callbacks
):
    second = CoordinatorFactory(
        region=east.region, user=UserFactory(email="second.coordinator@example.org")
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, group_url(east), GOOD)
    assert (response.status_code, response["Location"]) == (302, group_url(east))
    assert stored() == [
        (
            "metro-boston",
            "metro-boston-hearing-voices",
            ["asl", "large_print"],
            "Front row if I can, please.",
            "sam@example.org",
            "",
            "en",
        )
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [east.coordinator.email, second.email]
    )
    [message, _] = mail.outbox
    assert message.subject == "An accommodation request for Metro Boston RLC"
    assert "for Metro Boston Hearing Voices, on Tuesday 3 March 2026" in message.body
    assert "- An ASL interpreter\n- Large print\n" in message.body
    assert "https://peerhub.example.org/manage/accommodations/" in message.body
    # How to reach them, and their own words, stay in PeerHub.
    assert ("sam@example.org" in message.body, "Front row" in message.body) == (False, False)


def test_the_thank_you_shows_in_place_of_the_form_once(client, east):
    page = send(client, group_url(east), GOOD, follow=True)
    assert page.context["thanked"] is True
    assert "Thank you: your request is sent. Metro Boston RLC will get back to you" in (
        text_of(page.content.decode())
    )
    assert b'name="needs"' not in page.content
    again = client.get(group_url(east))
    assert (again.context["thanked"], b'name="needs"' in again.content) == (False, True)


def test_a_spanish_request_is_thanked_in_spanish_and_kept_with_its_language(
    client, east, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = send(client, region_url(east, "/es"), {**GOOD, "session_date": ""}, follow=True)
    assert page.redirect_chain == [("/es/regions/metro-boston/accommodation/", 302)]
    with translation.override("es"):
        thanks = gettext("Thank you: your request is sent.")
    assert thanks in page.content.decode()
    assert stored()[0][1:] == (
        None,
        ["asl", "large_print"],
        "Front row if I can, please.",
        "sam@example.org",
        "",
        "es",
    )
    # The coordinators' email stays English, and says which language to answer in.
    [message, *_] = mail.outbox
    assert "They wrote in Spanish." in message.body


def test_a_phone_number_alone_and_free_words_alone_are_enough(client, east):
    response = send(
        client,
        region_url(east),
        {"details": "A quiet seat near the door.", "phone": "(617) 555-0100 ext. 12"},
    )
    assert response.status_code == 302
    assert stored() == [
        (
            "metro-boston",
            None,
            [],
            "A quiet seat near the door.",
            "",
            "(617) 555-0100 ext. 12",
            "en",
        )
    ]


TOO_LONG = "Please shorten this to 1000 characters or fewer."


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        (
            {"needs": [], "details": ""},
            {"needs": ["Choose what you need, or tell us in your own words."]},
        ),
        (
            {"details": "   "},
            {},  # the choices are enough on their own
        ),
        ({"needs": ["asl", "jetpack"]}, {"needs": ["Choose from the list."]}),
        ({"needs": ["ASL"]}, {"needs": ["Choose from the list."]}),
        ({"details": "d" * 1001}, {"details": [TOO_LONG]}),
        (
            {"email": "", "phone": ""},
            {
                "email": [
                    "Please give an email address or a phone number, so the RLC can answer you."
                ]
            },
        ),
        (
            {"email": "sam at example"},
            {"email": ["Please give an email address like name@example.org."]},
        ),
        (
            {"email": "sam@example.org\r\nBcc: all@evil.example"},
            {"email": ["Please give an email address like name@example.org."]},
        ),
        (
            {"email": "e" * 250 + "@example.org"},
            {"email": ["Please shorten this to 254 characters or fewer."]},
        ),
        ({"phone": "call me maybe"}, {"phone": ["Please give a phone number like 617-555-0100."]}),
        ({"phone": "12345"}, {"phone": ["Please give a phone number like 617-555-0100."]}),
        ({"phone": "1" * 41}, {"phone": ["Please shorten this to 40 characters or fewer."]}),
        (
            {"session_date": "2026-02-27"},
            {"session_date": ["Please choose a date from today to a year from now."]},
        ),
        (
            {"session_date": "2027-03-01"},
            {"session_date": ["Please choose a date from today to a year from now."]},
        ),
        (
            {"session_date": "2026-02-30"},
            {"session_date": ["Please give the date as year-month-day."]},
        ),
        (
            {"session_date": "next tuesday"},
            {"session_date": ["Please give the date as year-month-day."]},
        ),
    ],
)
def test_bad_input_shows_the_form_again_with_the_errors_and_keeps_nothing(
    client, east, changes, errors
):
    response = send(client, group_url(east), {**GOOD, **changes})
    if not errors:
        assert (response.status_code, len(stored())) == (302, 1)
        return
    assert response.status_code == 400
    assert form_errors(response) == errors
    assert response.content.decode().count('class="form-errors" role="alert"') == 1
    assert re.search(r"<title>Error: Ask for an accommodation", response.content.decode())
    assert (stored(), mail.outbox) == ([], [])


def test_today_and_a_year_ahead_are_both_accepted(client, east):
    for day in ("2026-02-28", "2027-02-28"):
        assert send(client, group_url(east), {**GOOD, "session_date": day}).status_code == 302
    assert len(stored()) == 2


def test_errors_are_in_the_pages_language(client, east):
    response = send(client, group_url(east, "/pt-br"), {**GOOD, "email": "", "phone": ""})
    with translation.override("pt-br"):
        expected = gettext(
            "Please give an email address or a phone number, so the RLC can answer you."
        )
    assert form_errors(response) == {"email": [expected]}
    assert expected != "Please give an email address or a phone number, so the RLC can answer you."


@pytest.mark.parametrize("field", ["details", "phone", "email"])
def test_a_control_character_is_refused_and_nothing_is_kept(client, east, field):
    response = send(client, group_url(east), {**GOOD, field: "a\x1b[2Jb"})
    assert response.status_code == 400
    assert f"The value of “{field}” holds a control character" in response.content.decode()
    assert stored() == []


def test_the_model_refuses_what_the_form_would(east):
    with pytest.raises(ValidationError) as error:
        accommodation_request_submit(
            region=east.region,
            group=east.group,
            needs=["asl", "asl", "teleport"],
            details="a\x00b",
            email="",
            phone="",
        )
    assert sorted(error.value.message_dict) == ["details", "email", "needs"]
    with pytest.raises(ValidationError) as error:
        accommodation_request_submit(
            region=east.region, group=None, needs="asl", email="a@example.org"
        )
    assert list(error.value.message_dict) == ["needs"]
    assert stored() == []


def test_a_group_of_another_region_is_refused_by_the_model(east, west):
    with pytest.raises(ValidationError) as error:
        accommodation_request_submit(
            region=east.region, group=west.group, needs=["asl"], email="a@example.org"
        )
    assert list(error.value.message_dict) == ["group"]


# Robots, limits, copies, private groups ----------------------------------------------------


def test_a_robot_that_fills_the_hidden_box_is_thanked_and_nothing_is_kept(client, east):
    page = send(client, group_url(east), {**GOOD, "website": "https://spam.example"}, follow=True)
    assert page.context["thanked"] is True
    assert (stored(), mail.outbox) == ([], [])


def test_a_robot_is_thanked_even_with_bad_answers(client, east):
    response = send(client, group_url(east), {"needs": ["nonsense"], "website": "x"})
    assert (response.status_code, stored()) == (302, [])


def test_the_hidden_box_is_hidden_from_people(client, east):
    html = client.get(group_url(east)).content.decode()
    [box] = re.findall(r'<div class="visually-hidden" aria-hidden="true">.*?</div>', html)
    assert 'name="website" tabindex="-1"' in box


def test_five_an_hour_from_one_address_then_a_friendly_429(client, east):
    answers = [send(client, group_url(east), GOOD, REMOTE_ADDR="198.51.100.7") for _ in range(6)]
    assert [response.status_code for response in answers] == [302] * 5 + [429]
    assert len(stored()) == 5
    assert "Please try again a little later" in answers[-1].content.decode()
    assert send(client, group_url(east), GOOD, REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(stored()) == 6


def test_bad_answers_and_robots_do_not_use_up_the_limit(client, east):
    for _ in range(5):
        send(client, group_url(east), {**GOOD, "needs": ["x"]})
        send(client, group_url(east), {**GOOD, "website": "x"})
    assert send(client, group_url(east), GOOD).status_code == 302
    assert len(stored()) == 1


def test_the_same_form_sent_twice_is_kept_and_emailed_once(
    client, east, django_capture_on_commit_callbacks
):
    page = client.get(group_url(east))
    code = page.context["form"]["submission"].value()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [send(client, group_url(east), {**GOOD, "submission": code}) for _ in range(3)]
    assert [response.status_code for response in answers] == [302, 302, 302]
    assert (len(stored()), len(mail.outbox)) == (1, 1)


@pytest.mark.parametrize(
    "changes",
    [{"is_public": False, "audience": Group.Audience.HOSPITAL_PATIENTS}, {"status": "paused"}],
)
def test_a_group_that_is_not_public_has_no_form(client, east, changes):
    Group.objects.filter(pk=east.group.pk).update(**changes)
    assert client.get(group_url(east)).status_code == 404
    assert send(client, group_url(east), GOOD).status_code == 404
    assert stored() == []


def test_the_private_group_of_the_two_regions_has_no_form(client, east):
    url = f"/es/groups/{east.private_group.slug}/accommodation/"
    assert (client.get(url).status_code, send(client, url, GOOD).status_code) == (404, 404)
    assert stored() == []


@pytest.mark.parametrize(
    "url", ["/groups/nowhere/accommodation/", "/regions/nowhere/accommodation/"]
)
def test_an_unknown_group_or_region_is_a_404(client, east, url):
    assert send(client, url, GOOD).status_code == 404


def test_the_privacy_notice_says_who_reads_it_and_for_how_long(client, east):
    html = text_of(client.get(region_url(east)).content.decode())
    assert "Who reads it: the coordinators of Metro Boston RLC" in html
    assert "and then 30 more days, after which it is deleted." in html
    assert "Not your name, and not your internet address." in html
