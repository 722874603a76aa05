"""Registration services: seats, the waiting list, offers, accepting, lapsed offers, cancelling,
the bounds, and forgetting registrations after their session (groups/registrations.py)."""

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from core.validation import AlreadyDone
from groups.models import Group, Registration
from groups.registrations import (
    OFFER_HOLD,
    registration_accept,
    registration_cancel,
    registration_create,
    registration_offers_expire,
    registrations_forget,
    seats_left,
)
from groups.sessions import session_cancel
from tests.page_clock import NOW
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db(transaction=False)
Status = Registration.Status


@pytest.fixture
def group(east):
    Group.objects.filter(pk=east.group.pk).update(seats=2)
    east.group.refresh_from_db()
    return east.group


def sign_up(group, name, *, day=TUESDAY, now=NOW, **fields):
    fields.setdefault("email", f"{name.lower()}@example.org")
    return registration_create(group=group, session_date=day, first_name=name, now=now, **fields)


def statuses(group, day=TUESDAY):
    return [
        (r.first_name, r.status) for r in Registration.objects.filter(group=group, session_date=day)
    ]


def test_seats_fill_then_the_waiting_list(group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        for name in ("Ana", "Ben", "Cy"):
            sign_up(group, name)
    assert statuses(group) == [
        ("Ana", Status.CONFIRMED),
        ("Ben", Status.CONFIRMED),
        ("Cy", Status.WAITING),
    ]
    assert seats_left(group, TUESDAY) == 0
    assert [message.subject for message in mail.outbox] == [
        f"Your place at {group.title} is confirmed",
        f"Your place at {group.title} is confirmed",
        f"You are on the waiting list for {group.title}",
    ]
    assert mail.outbox[0].to == ["ana@example.org"]
    assert "/registrations/" in mail.outbox[0].body


def test_a_cancellation_offers_the_seat_to_the_next_person(
    group, django_capture_on_commit_callbacks
):
    ana, _ben, _cy, _dee = (sign_up(group, name) for name in ("Ana", "Ben", "Cy", "Dee"))
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        registration_cancel(registration=ana, now=NOW)
    assert statuses(group) == [
        ("Ana", Status.CANCELLED),
        ("Ben", Status.CONFIRMED),
        ("Cy", Status.OFFERED),
        ("Dee", Status.WAITING),
    ]
    cy = Registration.objects.get(first_name="Cy")
    assert cy.offered_until == NOW + OFFER_HOLD
    assert [message.subject for message in mail.outbox] == [
        f"A place at {group.title} is yours if you want it"
    ]
    assert mail.outbox[0].to == ["cy@example.org"]
    # A newcomer now joins the queue: the seat is Cy's until the deadline.
    sign_up(group, "Eve")
    assert statuses(group)[-1] == ("Eve", Status.WAITING)


def test_accepting_an_offer_confirms_it_and_a_second_accept_changes_nothing(group):
    ana = sign_up(group, "Ana")
    sign_up(group, "Ben")
    cy = sign_up(group, "Cy")
    registration_cancel(registration=ana, now=NOW)
    registration_accept(registration=cy, now=NOW + dt.timedelta(hours=1))
    cy.refresh_from_db()
    assert (cy.status, cy.offered_until) == (Status.CONFIRMED, None)
    with pytest.raises(AlreadyDone):
        registration_accept(registration=cy, now=NOW + dt.timedelta(hours=2))


def test_a_lapsed_offer_goes_to_the_next_person_and_cannot_be_accepted(group):
    ana = sign_up(group, "Ana")
    sign_up(group, "Ben")
    cy = sign_up(group, "Cy")
    sign_up(group, "Dee")
    registration_cancel(registration=ana, now=NOW)
    later = NOW + OFFER_HOLD + dt.timedelta(minutes=1)
    with pytest.raises(ValidationError) as refused:
        registration_accept(registration=cy, now=later)
    assert refused.value.messages == [
        "This offer has run out, so the place went to the next person. Sorry!"
    ]
    assert statuses(group)[2:] == [("Cy", Status.CANCELLED), ("Dee", Status.OFFERED)]


def test_the_command_lets_lapsed_offers_go(group, monkeypatch):
    ana = sign_up(group, "Ana")
    sign_up(group, "Ben")
    sign_up(group, "Cy")
    sign_up(group, "Dee")
    registration_cancel(registration=ana, now=NOW)
    assert registration_offers_expire(now=NOW + dt.timedelta(hours=1)) == 0
    assert registration_offers_expire(now=NOW + OFFER_HOLD) == 1
    assert statuses(group)[2:] == [("Cy", Status.CANCELLED), ("Dee", Status.OFFERED)]
    monkeypatch.setattr("django.utils.timezone.now", lambda: NOW + 2 * OFFER_HOLD)
    call_command("registration_offers_expire", verbosity=0)
    assert statuses(group)[3:] == [("Dee", Status.CANCELLED)]


def test_an_offer_never_lasts_past_the_session(group):
    ana = sign_up(group, "Ana")
    sign_up(group, "Ben")
    sign_up(group, "Cy")
    monday = dt.datetime(2026, 3, 2, 20, 0, tzinfo=NOW.tzinfo)
    registration_cancel(registration=ana, now=monday)
    cy = Registration.objects.get(first_name="Cy")
    assert cy.offered_until == dt.datetime(2026, 3, 3, 18, 0, tzinfo=NOW.tzinfo)


def test_cancelling_twice_changes_nothing(group):
    ana = sign_up(group, "Ana")
    registration_cancel(registration=ana, now=NOW)
    with pytest.raises(AlreadyDone):
        registration_cancel(registration=ana, now=NOW)


def test_a_waiting_person_who_leaves_frees_no_seat(group):
    sign_up(group, "Ana")
    sign_up(group, "Ben")
    cy = sign_up(group, "Cy")
    dee = sign_up(group, "Dee")
    registration_cancel(registration=cy, now=NOW)
    dee.refresh_from_db()
    assert dee.status == Status.WAITING


@pytest.mark.parametrize(
    ("day", "message"),
    [
        (dt.date(2026, 3, 4), "There is no session on that date."),
        (dt.date(2026, 2, 24), "That session has already started."),
        (dt.date(2026, 3, 10), "That session is cancelled."),
    ],
)
def test_a_session_one_cannot_register_for_is_refused(group, day, message):
    session_cancel(group=group, original_date=dt.date(2026, 3, 10), notify=False)
    with pytest.raises(ValidationError) as refused:
        sign_up(group, "Ana", day=day)
    assert refused.value.message_dict == {"session_date": [message]}
    assert Registration.objects.count() == 0


def test_a_group_without_seats_takes_no_registrations(east):
    with pytest.raises(ValidationError) as refused:
        sign_up(east.group, "Ana")
    assert refused.value.message_dict == {"session_date": ["This group takes no registrations."]}


@pytest.mark.parametrize(
    ("fields", "errors"),
    [
        (
            {"email": ""},
            {"email": ["Please give an email address or a phone number, so we can reach you."]},
        ),
        (
            {"email": "", "phone": "12"},
            {"phone": ["Please give a phone number like 617-555-0100."]},
        ),
        ({"email": "not an address"}, {"email": ["Enter a valid email address."]}),
        (
            {"accommodation_needs": "x" * 501},
            {"accommodation_needs": ["Please shorten this to 500 characters or fewer."]},
        ),
        (
            {"accommodation_needs": "a\x00b"},
            {"accommodation_needs": ["Please leave out control characters."]},
        ),
    ],
)
def test_bad_details_are_refused_and_nothing_is_kept(group, fields, errors):
    with pytest.raises(ValidationError) as refused:
        sign_up(group, "Ana", **fields)
    assert refused.value.message_dict == errors
    assert Registration.objects.count() == 0


def test_an_empty_first_name_is_refused(group):
    with pytest.raises(ValidationError) as refused:
        sign_up(group, "   ", email="x@example.org")
    assert list(refused.value.message_dict) == ["first_name"]


@pytest.mark.parametrize("seats", [0, 501])
def test_seats_are_bounded(group, seats):
    group.seats = seats
    with pytest.raises(ValidationError) as refused:
        group.full_clean()
    assert refused.value.message_dict["seats"] == ["Give from 1 to 500 seats, or leave it empty."]


def test_more_seats_offer_places_to_those_waiting(group):
    for name in ("Ana", "Ben", "Cy", "Dee"):
        sign_up(group, name)
    Group.objects.filter(pk=group.pk).update(seats=3)
    sign_up(group, "Eve")
    assert statuses(group)[2:] == [
        ("Cy", Status.OFFERED),
        ("Dee", Status.WAITING),
        ("Eve", Status.WAITING),
    ]


def test_phone_only_gets_no_email(group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        sign_up(group, "Ana", email="", phone="617-555-0100")
    assert mail.outbox == []
    assert statuses(group) == [("Ana", Status.CONFIRMED)]


def test_the_email_is_in_the_language_of_the_page(group, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        registration = sign_up(group, "Ana", language="es")
    assert f"/es/registrations/{registration.signed_token}/" in mail.outbox[0].body


def people():
    return list(
        Registration.objects.order_by("pk").values_list(
            "session_date", "status", "first_name", "email", "phone", "accommodation_needs"
        )
    )


def test_registrations_are_anonymised_a_set_time_after_their_session(group, settings):
    settings.REGISTRATION_KEEP_DAYS = 30
    ana = sign_up(group, "Ana", phone="617-555-0100", accommodation_needs="Ramp")
    sign_up(group, "Ben", day=dt.date(2026, 3, 10))
    link = ana.signed_token
    assert registrations_forget(today=dt.date(2026, 4, 2)) == 0
    assert registrations_forget(today=dt.date(2026, 4, 3)) == 1
    assert people() == [
        (TUESDAY, Status.CONFIRMED, "", "", "", ""),
        (dt.date(2026, 3, 10), Status.CONFIRMED, "Ben", "ben@example.org", "", ""),
    ]
    assert Registration.token_from_link(link) == ana.token
    assert not Registration.objects.filter(token=ana.token).exists()  # the old link is dead
    assert registrations_forget(today=dt.date(2026, 4, 3)) == 0  # once is enough
    assert registrations_forget(today=dt.date(2026, 4, 3), keep_days=0) == 1
    assert [row[2:] for row in people()] == [("", "", "", ""), ("", "", "", "")]


def test_the_forget_command_uses_the_setting_and_refuses_bad_days(group, settings, monkeypatch):
    sign_up(group, "Ana")
    settings.REGISTRATION_KEEP_DAYS = 0
    monkeypatch.setattr("django.utils.timezone.localdate", lambda: dt.date(2026, 3, 4))
    call_command("forget_registrations", verbosity=0)
    assert people() == [(TUESDAY, Status.CONFIRMED, "", "", "", "")]
    with pytest.raises(CommandError, match="from 0 to 3650 days"):
        call_command("forget_registrations", "--days", "-1", verbosity=0)


def test_a_link_that_was_not_made_here_names_nothing(group):
    registration = sign_up(group, "Ana")
    assert Registration.token_from_link(registration.signed_token) == registration.token
    assert Registration.token_from_link(registration.token) is None
    assert Registration.token_from_link(registration.signed_token + "x") is None
