"""“Host a class”: a program asks its RLC for a Peer Support 101, through real HTTP, in three
languages; kept once, emailed to that region's coordinators only, and forgotten on time."""

import datetime as dt
import re
from html import unescape

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import timezone, translation
from django.utils.translation import gettext

from groups.class_requests import class_request_submit, class_requests_forget_closed
from groups.models import ClassRequest
from tests.factories import CoordinatorFactory, UserFactory
from tests.page_clock import NOW

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]

URL = "/host-a-class/"
THANKS = "/host-a-class/thanks/"


def good(side):
    return {
        "region": str(side.region.pk),
        "organisation": "Quincy Housing First",
        "contact_name": "Jo Rivera",
        "email": "jo@example.org",
        "phone": "",
        "preferred_dates": "A Tuesday morning in April",
        "expected_people": "12",
        "accessibility_needs": "",
    }


def stored():
    return list(
        ClassRequest.objects.order_by("pk").values_list(
            "region__slug",
            "organisation",
            "contact_name",
            "email",
            "phone",
            "preferred_dates",
            "expected_people",
            "accessibility_needs",
            "language",
            "status",
        )
    )


def form_errors(response):
    return {name: list(errors) for name, errors in response.context["form"].errors.items()}


def send(client, data, url=URL, **extra):
    data = {key: value for key, value in data.items() if value is not None}
    return client.post(url, data, **extra)


def text_of(html: str) -> str:
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


# The page ------------------------------------------------------------------------------------


@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es"), ("/pt-br", "pt-br")])
def test_the_form_is_in_the_pages_language(client, east, west, prefix, language):
    response = client.get(prefix + URL)
    assert response.status_code == 200
    html = response.content.decode()
    with translation.override(language):
        expected = [
            gettext("Host a Peer Support 101 class"),
            gettext("Which RLC is near your program?"),
            gettext("About how many people would come?"),
            gettext("What happens to your request"),
            gettext("Send my request"),
        ]
    assert [text in html for text in expected] == [True] * 5
    assert f'<html lang="{language}">' in html
    if language != "en":
        assert "About how many people would come?" not in html
    # Every RLC is offered, by name.
    assert ("Metro Boston RLC" in html, "Western Mass RLC" in html) == (True, True)


@pytest.mark.parametrize("prefix", ["", "/es", "/pt-br"])
def test_the_about_pages_peer_support_101_section_links_to_it(client, prefix):
    html = client.get(prefix + "/about/").content.decode()
    section = html.split('id="peer-support-101"')[1].split("</section>")[0]
    assert f'href="{prefix}{URL}"' in section


def test_the_privacy_notice_says_what_is_kept_who_reads_it_and_for_how_long(client, east):
    html = text_of(client.get(URL).content.decode())
    assert "Who reads it: the coordinators of the RLC you choose" in html
    assert "and then 90 more days, after which it is deleted." in html
    assert "Not your internet address." in html


def test_the_retention_follows_its_setting(client, east, settings):
    settings.CLASS_REQUEST_RETENTION_DAYS = 1
    html = text_of(client.get(URL).content.decode())
    assert "and then 1 more day, after which it is deleted." in html


# Sending -------------------------------------------------------------------------------------


def test_a_request_is_kept_and_emailed_to_that_regions_coordinators_only(
    client, east, west, django_capture_on_commit_callbacks
):
    second = CoordinatorFactory(
        region=east.region, user=UserFactory(email="second.coordinator@example.org")
    ).user
    with django_capture_on_commit_callbacks(execute=True):
        response = send(client, good(east))
    assert (response.status_code, response["Location"]) == (302, THANKS + "?region=metro-boston")
    assert stored() == [
        (
            "metro-boston",
            "Quincy Housing First",
            "Jo Rivera",
            "jo@example.org",
            "",
            "A Tuesday morning in April",
            12,
            "",
            "en",
            "new",
        )
    ]
    assert sorted(message.to[0] for message in mail.outbox) == sorted(
        [east.coordinator.email, second.email]
    )
    [message, _] = mail.outbox
    pk = ClassRequest.objects.get().pk
    assert message.subject == "A request to host Peer Support 101, to Metro Boston RLC"
    assert (
        "Quincy Housing First has asked Metro Boston RLC to host a Peer Support 101 class, for "
        "about 12 people." in message.body
    )
    assert "When they would like it: A Tuesday morning in April" in message.body
    assert f"https://peerhub.example.org/manage/classes/requests/{pk}/" in message.body
    assert "They wrote in English." in message.body
    # How to reach them stays in PeerHub.
    assert ("jo@example.org" in message.body, "Jo Rivera" in message.body) == (False, False)


def test_the_thank_you_page_names_the_rlc_and_what_happens_next(client, east):
    page = send(client, good(east), follow=True)
    assert page.redirect_chain == [(THANKS + "?region=metro-boston", 302)]
    text = text_of(page.content.decode())
    assert (
        "Your request to host Peer Support 101 is with the coordinators of Metro Boston RLC."
        in (text)
    )
    assert "What happens next" in text


def test_the_thank_you_page_without_a_region_still_thanks(client):
    response = client.get(THANKS, {"region": "nowhere"})
    assert response.status_code == 200
    assert "with your RLC's coordinators" in text_of(response.content.decode())


def test_a_portuguese_request_is_thanked_in_portuguese_and_kept_with_its_language(
    client, east, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        page = send(client, good(east), url="/pt-br" + URL, follow=True)
    assert page.redirect_chain == [("/pt-br" + THANKS + "?region=metro-boston", 302)]
    with translation.override("pt-br"):
        thanks = gettext("Thank you for your request")
    assert thanks != "Thank you for your request"
    assert thanks in page.content.decode()
    assert stored()[0][-2] == "pt-br"
    [message] = mail.outbox
    assert "They wrote in Portuguese." in message.body


def test_a_phone_number_alone_is_enough_and_the_needs_are_kept(client, east):
    data = {
        **good(east),
        "email": "",
        "phone": "(617) 555-0100",
        "accessibility_needs": "Two people use wheelchairs.",
    }
    assert send(client, data).status_code == 302
    [row] = stored()
    assert (row[3], row[4], row[7]) == ("", "(617) 555-0100", "Two people use wheelchairs.")


PEOPLE = "Please give a number of people from 1 to 500."


@pytest.mark.parametrize(
    ("changes", "errors"),
    [
        ({"region": ""}, {"region": ["Please choose an RLC."]}),
        ({"region": "999999"}, {"region": ["Please choose one of the RLCs in the list."]}),
        ({"region": "metro-boston"}, {"region": ["Please choose one of the RLCs in the list."]}),
        (
            {"organisation": "  "},
            {"organisation": ["Please give the name of your organisation or program."]},
        ),
        (
            {"organisation": "o" * 201},
            {"organisation": ["Please shorten this to 200 characters or fewer (it has 201)."]},
        ),
        (
            {"contact_name": ""},
            {"contact_name": ["Please give your name, so the RLC knows who to ask for."]},
        ),
        (
            {"email": "", "phone": ""},
            {
                "email": [
                    "Please give an email address or a phone number, so the RLC can answer you."
                ]
            },
        ),
        (
            {"email": "jo@example.org\r\nBcc: all@evil.example"},
            {"email": ["Please give an email address like name@example.org."]},
        ),
        ({"phone": "call me maybe"}, {"phone": ["Please give a phone number like 617-555-0100."]}),
        (
            {"preferred_dates": ""},
            {"preferred_dates": ["Please tell us roughly when would suit you."]},
        ),
        (
            {"preferred_dates": "d" * 501},
            {"preferred_dates": ["Please shorten this to 500 characters or fewer (it has 501)."]},
        ),
        ({"expected_people": ""}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "0"}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "-3"}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "501"}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "1" * 40}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "twelve"}, {"expected_people": [PEOPLE]}),
        ({"expected_people": "12.5"}, {"expected_people": [PEOPLE]}),
        (
            {"accessibility_needs": "a" * 1001},
            {
                "accessibility_needs": [
                    "Please shorten this to 1,000 characters or fewer (it has 1001)."
                ]
            },
        ),
    ],
)
def test_bad_input_shows_the_form_again_with_the_errors_and_keeps_nothing(
    client, east, west, changes, errors
):
    response = send(client, {**good(east), **changes})
    assert response.status_code == 400
    assert form_errors(response) == errors
    assert response.content.decode().count('class="form-errors" role="alert"') == 1
    assert re.search(r"<title>Error: Host a Peer Support 101 class", response.content.decode())
    assert (stored(), mail.outbox) == ([], [])


def test_the_bounds_are_at_one_and_five_hundred(client, east):
    for people in ("1", "500"):
        assert send(client, {**good(east), "expected_people": people}).status_code == 302
    assert [row[6] for row in stored()] == [1, 500]


def test_errors_are_in_the_pages_language(client, east):
    response = send(client, {**good(east), "expected_people": "0"}, url="/es" + URL)
    with translation.override("es"):
        expected = gettext("Please give a number of people from 1 to 500.")
    assert form_errors(response) == {"expected_people": [expected]}
    assert expected != PEOPLE


def test_the_model_refuses_what_the_form_would(east):
    with pytest.raises(ValidationError) as error:
        class_request_submit(
            region=east.region,
            organisation=" ",
            contact_name="Jo",
            preferred_dates="a\x00b",
            expected_people=0,
        )
    assert sorted(error.value.message_dict) == [
        "email",
        "expected_people",
        "organisation",
        "preferred_dates",
    ]
    with pytest.raises(ValidationError) as error:
        class_request_submit(
            region=east.region,
            organisation="Org",
            contact_name="Jo",
            preferred_dates="April",
            expected_people=501,
            phone="12345",
        )
    assert sorted(error.value.message_dict) == ["expected_people", "phone"]
    assert (stored(), mail.outbox) == ([], [])


# Robots, limits, copies ------------------------------------------------------------------------


def test_a_robot_that_fills_the_hidden_box_is_thanked_and_nothing_is_kept(client, east):
    response = send(client, {**good(east), "website": "https://spam.example"})
    assert (response.status_code, response["Location"]) == (302, THANKS)
    assert (stored(), mail.outbox) == ([], [])


def test_five_an_hour_from_one_address_then_a_friendly_429(client, east):
    answers = [send(client, good(east), REMOTE_ADDR="198.51.100.7") for _ in range(6)]
    assert [response.status_code for response in answers] == [302] * 5 + [429]
    assert len(stored()) == 5
    assert "Please try again a little later" in answers[-1].content.decode()
    assert send(client, good(east), REMOTE_ADDR="203.0.113.9").status_code == 302
    assert len(stored()) == 6


def test_bad_answers_and_robots_do_not_use_up_the_limit(client, east):
    for _ in range(5):
        send(client, {**good(east), "expected_people": "0"})
        send(client, {**good(east), "website": "x"})
    assert send(client, good(east)).status_code == 302
    assert len(stored()) == 1


def test_the_same_form_sent_twice_is_kept_and_emailed_once(
    client, east, django_capture_on_commit_callbacks
):
    code = client.get(URL).context["form"]["submission"].value()
    with django_capture_on_commit_callbacks(execute=True):
        answers = [send(client, {**good(east), "submission": code}) for _ in range(3)]
    assert [response.status_code for response in answers] == [302, 302, 302]
    assert (len(stored()), len(mail.outbox)) == (1, 1)


def test_a_put_is_refused(client):
    assert client.put(URL).status_code == 405
    assert client.post(THANKS).status_code == 405


# Forgetting ----------------------------------------------------------------------------------


def _closed(side, status, days_ago):
    # Made directly: sending one through the service would forget the ones before it.
    return ClassRequest.objects.create(
        region=side.region,
        organisation=f"{status} {days_ago}",
        contact_name="Jo",
        email="jo@example.org",
        preferred_dates="April",
        expected_people=10,
        status=status,
        closed_at=NOW - dt.timedelta(days=days_ago),
    )


def test_closed_requests_are_forgotten_ninety_days_after_closing_open_ones_never(east, west):
    _closed(east, "declined", 91)
    _closed(west, "scheduled", 91)
    _closed(east, "declined", 89)
    old_open = _closed(east, "contacted", 0)
    ClassRequest.objects.filter(pk=old_open.pk).update(
        closed_at=None, created_at=NOW - dt.timedelta(days=400)
    )
    assert class_requests_forget_closed() == 2
    assert sorted(ClassRequest.objects.values_list("organisation", flat=True)) == [
        "contacted 0",
        "declined 89",
    ]


def test_the_command_forgets_them_and_says_how_many(east, capsys, settings):
    settings.CLASS_REQUEST_RETENTION_DAYS = 10
    _closed(east, "declined", 11)
    _closed(east, "declined", 9)
    call_command("forget_closed_class_requests")
    assert capsys.readouterr().out == (
        "Deleted 1 closed request(s) to host a class (closed more than 10 days ago).\n"
    )
    assert ClassRequest.objects.count() == 1
    assert timezone.now() == NOW
