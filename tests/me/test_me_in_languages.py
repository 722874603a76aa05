"""/me/ and the account pages in Spanish and Portuguese, the facilitator's own language, and each
email in its recipient's language (issue 16)."""

import re

import pytest
from django.conf import settings
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext, pgettext

from accounts.models import User
from core.words import long_date_no_year
from facilitators.models import FacilitatorApplication
from facilitators.services import facilitator_invite
from groups import notifications
from groups.models import GroupFacilitator
from groups.services import group_facilitator_add
from groups.sessions import session_cancel
from tests.factories import CoordinatorFactory, RegionFactory, UserFactory
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db


def html_lang(response) -> str:
    return re.search(r'<html lang="([^"]+)"', response.content.decode()).group(1)


def in_language(code: str, text: str, **values) -> str:
    with translation.override(code):
        return gettext(text) % values if values else gettext(text)


@pytest.fixture
def lead_client(client, east):
    client.force_login(east.lead.user)
    return client


# /me/ in each language --------------------------------------------------------------------------


@pytest.mark.parametrize(("header", "language"), [("es", "es"), ("pt-BR,pt;q=0.9", "pt-br")])
def test_me_follows_the_browser(lead_client, east, header, language):
    response = lead_client.get("/me/", headers={"accept-language": header})
    heading = in_language(language, "Your sessions, %(name)s", name=east.lead.display_name)
    assert (response.status_code, html_lang(response)) == (200, language)
    assert heading != f"Your sessions, {east.lead.display_name}"
    assert f"<h1>{heading}</h1>" in response.content.decode()
    assert in_language(language, "Your calendar link") in response.content.decode()
    assert "Coming sessions" not in response.content.decode()


def test_me_follows_the_switchers_cookie_over_the_browser(lead_client, east):
    lead_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "pt-br"
    response = lead_client.get("/me/", headers={"accept-language": "es"})
    assert html_lang(response) == "pt-br"
    assert in_language("pt-br", "Coming sessions") in response.content.decode()


def test_me_is_english_by_default(lead_client, east):
    response = lead_client.get("/me/")
    assert html_lang(response) == "en"
    assert f"<h1>Your sessions, {east.lead.display_name}</h1>" in response.content.decode()


def test_the_switcher_on_me_shows_me_in_the_language_but_leaves_the_emails_alone(lead_client, east):
    """The switcher is a link (a GET, which any site could send someone to): it changes only
    this browser's pages. The emails' language changes only with /me/'s own form (a POST)."""
    response = lead_client.get("/language/", {"lang": "es", "next": "/me/"})
    assert (response.status_code, response["Location"]) == (302, "/me/")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    assert html_lang(lead_client.get("/me/")) == "es"
    east.lead.user.refresh_from_db()
    assert east.lead.user.language == "en"


# The language form --------------------------------------------------------------------------------


def test_choosing_a_language_keeps_it_and_shows_me_in_it(lead_client, east):
    response = lead_client.post("/me/language/", {"language": "pt-br"})
    assert (response.status_code, response["Location"]) == (302, "/me/#language")
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "pt-br"
    east.lead.user.refresh_from_db()
    assert east.lead.user.language == "pt-br"
    page = lead_client.get("/me/")
    done = in_language(
        "pt-br",
        "Done: PeerHub's emails to you, and these pages, are in %(language)s now.",
        language="Português",
    )
    assert done in page.content.decode()
    assert page.context["language_form"].initial == {"language": "pt-br"}


@pytest.mark.parametrize("value", ["xx", "", "pt-BR ", "english", "Español"])
def test_an_unknown_language_is_a_form_error_and_nothing_is_saved(lead_client, east, value):
    response = lead_client.post("/me/language/", {"language": value})
    assert response.status_code == 400
    expected = "Choose a language." if not value else "Choose one of the languages in the list."
    assert response.context["language_form"].errors == {"language": [expected]}
    assert expected in response.content.decode()
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    east.lead.user.refresh_from_db()
    assert east.lead.user.language == "en"


def test_a_nul_in_the_language_is_refused_and_nothing_is_saved(lead_client, east):
    response = lead_client.post("/me/language/", {"language": "es\x00"})
    assert response.status_code == 400
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies
    east.lead.user.refresh_from_db()
    assert east.lead.user.language == "en"


def test_the_language_form_is_for_facilitators_only(client, east):
    response = client.post("/me/language/", {"language": "es"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    client.force_login(east.coordinator)
    assert client.post("/me/language/", {"language": "es"}).status_code == 403
    east.coordinator.refresh_from_db()
    assert east.coordinator.language == "en"


def test_the_language_form_takes_no_get(lead_client):
    assert lead_client.get("/me/language/").status_code == 405


# The account pages ------------------------------------------------------------------------------


def test_the_sign_in_page_in_spanish(client):
    response = client.get("/accounts/login/", headers={"accept-language": "es"})
    body = response.content.decode()
    assert (response.status_code, html_lang(response)) == (200, "es")
    assert f"<h1>{in_language('es', 'Sign in')}</h1>" in body
    assert in_language("es", "Sign in") != "Sign in"
    # The calendar link goes to the Spanish calendar.
    assert 'href="/es/calendar/"' in body


def test_the_switcher_works_on_the_sign_in_page(client):
    response = client.get("/language/", {"lang": "pt-br", "next": "/accounts/login/"})
    assert response["Location"] == "/accounts/login/"
    page = client.get("/accounts/login/")
    assert html_lang(page) == "pt-br"
    assert f"<h1>{in_language('pt-br', 'Sign in')}</h1>" in page.content.decode()


def test_allauths_own_pages_are_in_spanish_with_its_own_translations(client):
    response = client.get("/accounts/password/reset/", headers={"accept-language": "es"})
    body = response.content.decode()
    with translation.override("es"):
        title = gettext("Password Reset")
    assert title != "Password Reset"
    assert (html_lang(response), title in body, "Password Reset" in body) == ("es", True, False)


# Emails in each recipient's language --------------------------------------------------------


def test_a_session_cancelled_is_told_to_each_facilitator_in_their_own_language(
    east, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=east.lead.user.pk).update(language="es")
    group_facilitator_add(
        group=east.group,
        facilitator=east.spare,
        role=GroupFacilitator.Role.CO,
        notify=False,
    )
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(group=east.group, original_date=TUESDAY)
    emails = {message.to[0]: message for message in mail.outbox}
    spanish, english = emails[east.lead.user.email], emails[east.spare.user.email]
    title = east.group.title

    assert english.subject == f"Cancelled: {title}, Tuesday 3 March"
    assert english.body.startswith(f"Hello {east.spare.display_name},\n\n")
    assert "is cancelled." in english.body

    with translation.override("es"):
        subject = pgettext("email subject", "Cancelled: %(group)s, %(day)s") % {
            "group": title,
            "day": long_date_no_year(TUESDAY),
        }
        where = str(notifications.session_in_words(east.group, TUESDAY))
        hello = gettext("Hello %(name)s,") % {"name": east.lead.display_name}
        line = gettext("The session of %(group)s on %(now)s is cancelled.") % {
            "group": title,
            "now": where,
        }
        feed = gettext(str(notifications.FEED_UPDATED))
    assert subject == f"Cancelada: {title}, martes 3 de marzo"
    assert spanish.subject == subject
    assert spanish.body.startswith(f"{hello}\n\n{line}\n")
    assert feed in spanish.body
    assert "is cancelled" not in spanish.body
    assert "/es/groups/" in spanish.body
    assert "/es/groups/" not in english.body


# The applicant, the coordinators and the invited ------------------------------------------------


@pytest.fixture
def central():
    region = RegionFactory(name="Central RLC", slug="central", phone="508-555-0100")
    CoordinatorFactory(region=region, user=UserFactory(email="kim@central.org", language="pt-br"))
    CoordinatorFactory(region=region, user=UserFactory(email="lee@central.org"))
    return region


def application_data(region):
    from tests.facilitators.test_applications import data

    return data(region)


@pytest.mark.usefixtures("page_clock")
@pytest.mark.parametrize(("prefix", "language"), [("", "en"), ("/es", "es"), ("/pt-br", "pt-br")])
def test_the_applicant_is_thanked_in_the_language_of_the_page_they_applied_from(
    client, central, django_capture_on_commit_callbacks, prefix, language
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"{prefix}/become-a-facilitator/", application_data(central))
    assert response.status_code == 302
    assert FacilitatorApplication.objects.get().language == language
    thanks = next(m for m in mail.outbox if m.to == ["rosa.m@example.org"])
    with translation.override(language):
        subject = gettext("Thank you for applying to facilitate with %(region)s") % {
            "region": "Central RLC"
        }
        hello = gettext("Hello %(first_name)s,") % {"first_name": "Rosa"}
        nothing_more = gettext(
            "It can take a little while: RLCs are busy places. There is nothing more you need "
            "to do for now."
        )
    assert (thanks.subject, thanks.body.split("\n")[0]) == (subject, hello)
    assert nothing_more in thanks.body
    assert (language == "en") == (subject.startswith("Thank you"))
    # Never the answers, as for the coordinators.
    assert "Five years into my own recovery" not in thanks.body


@pytest.mark.usefixtures("page_clock")
def test_each_coordinator_hears_of_an_application_in_their_own_language(
    client, central, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/es/become-a-facilitator/", application_data(central))
    emails = {m.to[0]: m.subject for m in mail.outbox}
    with translation.override("pt-br"):
        portuguese = gettext("A new facilitator application for %(region)s") % {
            "region": "Central RLC"
        }
    assert (
        emails["kim@central.org"] == portuguese != "A new facilitator application for Central RLC"
    )
    assert emails["lee@central.org"] == "A new facilitator application for Central RLC"


def test_an_invitation_is_english_for_a_new_address_and_in_their_language_for_an_account(
    east, django_capture_on_commit_callbacks
):
    UserFactory(email="maria@example.org", language="es")
    with django_capture_on_commit_callbacks(execute=True):
        facilitator_invite(
            email="new@example.org",
            display_name="Nadia K.",
            regions=[east.region],
            invited_by=east.coordinator,
        )
        facilitator_invite(
            email="maria@example.org",
            display_name="Maria S.",
            regions=[east.region],
            invited_by=east.coordinator,
        )
    emails = {m.to[0]: m for m in mail.outbox}
    assert emails["new@example.org"].subject == "You are invited to PeerHub"
    assert "Your role: facilitator in Metro Boston RLC." in emails["new@example.org"].body
    spanish = emails["maria@example.org"]
    with translation.override("es"):
        assert (
            spanish.subject == gettext("You are invited to PeerHub") != "You are invited to PeerHub"
        )
        role = gettext("facilitator in %(regions)s") % {"regions": "Metro Boston RLC"}
    assert f": {role}." in spanish.body
    assert "/me/invitations/" in spanish.body
