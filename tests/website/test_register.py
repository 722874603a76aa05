"""“Register” for a session and the person's own page, through real HTTP: the form, its
refusals, the signed link (a bad one is a 404), cancelling, taking an offer, and the .ics."""

import datetime as dt
import re

import pytest
from django.core import mail

from groups.models import Group, Registration
from groups.registrations import registration_cancel, registration_create
from groups.sessions import session_cancel
from tests.page_clock import NOW
from tests.two_regions import TUESDAY

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_clock")]
Status = Registration.Status


@pytest.fixture
def group(east):
    Group.objects.filter(pk=east.group.pk).update(seats=1)
    east.group.refresh_from_db()
    return east.group


def url(group, prefix=""):
    return f"{prefix}/groups/{group.slug}/register/"


def good(**fields):
    return {
        "session_date": TUESDAY.isoformat(),
        "first_name": "Rosa",
        "email": "rosa@example.org",
        "phone": "",
        "accommodation_needs": "A seat near the door",
        **fields,
    }


def errors(response):
    return {name: list(problems) for name, problems in response.context["form"].errors.items()}


def saved():
    return list(
        Registration.objects.order_by("pk").values_list(
            "first_name", "email", "status", "accommodation_needs", "language"
        )
    )


def test_the_group_page_shows_seats_left_and_the_link(client, group):
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert '<a class="button" href="/groups/metro-boston-hearing-voices/register/">' in page
    assert "1 place left at the next session." in page
    registration_create(group=group, session_date=TUESDAY, first_name="Al", email="a@example.org")
    page = client.get(f"/groups/{group.slug}/").content.decode()
    assert "0 places left at the next session." in page
    assert "Al" not in re.findall(r"\bAl\b", page)


def test_a_group_without_seats_has_no_form_and_no_link(client, east):
    assert client.get(url(east.group)).status_code == 404
    assert "/register/" not in client.get(f"/groups/{east.group.slug}/").content.decode()


def test_a_private_group_has_no_form(client, east):
    Group.objects.filter(pk=east.private_group.pk).update(seats=5)
    assert client.get(url(east.private_group)).status_code == 404


def test_registering_keeps_the_place_and_shows_the_own_page(
    client, group, django_capture_on_commit_callbacks
):
    form = client.get(url(group))
    assert form.status_code == 200
    assert 'value="2026-03-03"' in form.content.decode()
    assert "(1 place left)" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url(group), good())
    registration = Registration.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/registrations/{registration.signed_token}/"
    assert saved() == [("Rosa", "rosa@example.org", "confirmed", "A seat near the door", "en")]
    assert [message.to for message in mail.outbox] == [["rosa@example.org"]]
    page = client.get(response["Location"])
    assert page.status_code == 200
    body = page.content.decode()
    assert "Rosa, this is your place at Metro Boston Hearing Voices." in body
    assert 'href="/groups/metro-boston-hearing-voices/sessions/2026-03-03.ics"' in body
    assert '<meta name="referrer" content="same-origin">' in body
    ics = client.get("/groups/metro-boston-hearing-voices/sessions/2026-03-03.ics")
    assert ics.status_code == 200
    assert b"DTSTART;TZID=America/New_York:20260303T180000" in ics.content


def test_when_full_the_next_person_waits(client, group):
    client.post(url(group), good())
    client.post(url(group), good(first_name="Sam", email="sam@example.org"))
    assert [row[2] for row in saved()] == ["confirmed", "waiting"]
    page = client.get(f"/registrations/{Registration.objects.last().signed_token}/")
    assert "On the waiting list" in page.content.decode()
    assert "Leave the waiting list" in page.content.decode()


def test_in_spanish_the_place_is_kept_in_spanish(client, group):
    response = client.post(url(group, "/es"), good())
    registration = Registration.objects.get()
    assert registration.language == "es"
    assert response["Location"] == f"/es/registrations/{registration.signed_token}/"


@pytest.mark.parametrize(
    ("fields", "expected"),
    [
        ({"first_name": ""}, {"first_name": ["Please give your first name."]}),
        (
            {"email": "", "phone": ""},
            {"email": ["Please give an email address or a phone number, so we can reach you."]},
        ),
        ({"email": "nope"}, {"email": ["Please give an email address like name@example.org."]}),
        ({"phone": "call me"}, {"phone": ["Please give a phone number like 617-555-0100."]}),
        ({"session_date": "2026-02-24"}, {"session_date": ["That session has already started."]}),
        ({"session_date": "2026-03-04"}, {"session_date": ["There is no session on that date."]}),
        ({"session_date": "2026-13-45"}, {"session_date": ["Please choose one of the sessions."]}),
        ({"session_date": ""}, {"session_date": ["Please choose one of the sessions."]}),
    ],
)
def test_bad_answers_get_the_form_again_and_keep_nothing(client, group, fields, expected):
    response = client.post(url(group), good(**fields))
    assert response.status_code == 400
    assert errors(response) == expected
    assert saved() == []


def test_a_cancelled_session_is_refused_with_a_form_error(client, group):
    session_cancel(group=group, original_date=TUESDAY, notify=False)
    response = client.post(url(group), good())
    assert errors(response) == {"session_date": ["That session is cancelled."]}
    assert 'value="2026-03-03"' not in response.content.decode()


def test_the_honeypot_keeps_nothing(client, group):
    response = client.post(url(group), good(website="spam"))
    assert response.status_code == 302
    assert saved() == []


def test_the_same_form_sent_twice_is_kept_once(client, group):
    data = good(submission="A" * 22)
    first = client.post(url(group), data)
    second = client.post(url(group), data)
    assert (first.status_code, second.status_code) == (302, 302)
    assert second["Location"] == url(group)
    assert len(saved()) == 1
    assert "your registration is received" in client.get(url(group)).content.decode()


def test_too_many_from_one_address_get_a_429(client, group, settings):
    settings.ACCOUNT_RATE_LIMITS = {
        **settings.ACCOUNT_RATE_LIMITS,
        "session_registration": "1/1h/key",
    }
    client.post(url(group), good())
    response = client.post(url(group), good(first_name="Sam"))
    assert response.status_code == 429
    assert len(saved()) == 1


@pytest.mark.parametrize(
    "token",
    ["nope", "a:b", "x" * 300, "Zm9v:YmFy"],
)
def test_a_link_that_was_not_made_here_is_a_404(client, group, token):
    assert client.get(f"/registrations/{token}/").status_code == 404
    assert client.post(f"/registrations/{token}/", {"action": "cancel"}).status_code == 404


def test_the_raw_token_without_its_signature_is_a_404(client, group):
    registration = registration_create(
        group=group, session_date=TUESDAY, first_name="Al", email="a@example.org"
    )
    assert client.get(f"/registrations/{registration.token}/").status_code == 404


def test_cancelling_by_the_link_offers_the_seat_and_the_next_takes_it(
    client, group, django_capture_on_commit_callbacks
):
    first = registration_create(
        group=group, session_date=TUESDAY, first_name="Al", email="a@example.org"
    )
    second = registration_create(
        group=group, session_date=TUESDAY, first_name="Bo", email="b@example.org"
    )
    mail.outbox.clear()
    link = f"/registrations/{first.signed_token}/"
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(link, {"action": "cancel"})
    assert response.status_code == 302
    assert "Your place is cancelled." in client.get(link).content.decode()
    assert [message.to for message in mail.outbox] == [["b@example.org"]]
    assert f"/registrations/{second.signed_token}/" in mail.outbox[0].body
    again = client.post(link, {"action": "cancel"})
    assert again.status_code == 302
    assert "This place was already cancelled; nothing changed." in client.get(link).content.decode()
    offer = client.get(f"/registrations/{second.signed_token}/").content.decode()
    assert "kept for you until Monday 2 March 2026 at noon" in offer
    client.post(f"/registrations/{second.signed_token}/", {"action": "accept"})
    second.refresh_from_db()
    assert second.status == Status.CONFIRMED


def test_a_lapsed_offer_cannot_be_taken_by_the_link(client, group, monkeypatch):
    first = registration_create(
        group=group, session_date=TUESDAY, first_name="Al", email="a@example.org"
    )
    second = registration_create(
        group=group, session_date=TUESDAY, first_name="Bo", email="b@example.org"
    )
    registration_cancel(registration=first, now=NOW)
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW + dt.timedelta(days=3))
    link = f"/registrations/{second.signed_token}/"
    assert "Cancelled" in client.get(link).content.decode()
    response = client.post(link, {"action": "accept"})
    assert response.status_code == 400
    assert "This offer has run out" in response.content.decode()


def test_an_unknown_action_is_a_400(client, group):
    registration = registration_create(
        group=group, session_date=TUESDAY, first_name="Al", email="a@example.org"
    )
    response = client.post(f"/registrations/{registration.signed_token}/", {"action": "delete"})
    assert response.status_code == 400
    assert "Please use one of the buttons." in response.content.decode()
