"""Two-factor sign-in: an authenticator app (TOTP) and recovery codes, required for superusers."""

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.accounts.conftest import PASSWORD, totp_code
from tests.factories import CoordinatorFactory, UserFactory

pytestmark = pytest.mark.django_db

ACTIVATE = "/accounts/2fa/totp/activate/"
AUTHENTICATE = "/accounts/2fa/authenticate/"
REAUTHENTICATE = "/accounts/reauthenticate/?next=%2Faccounts%2F2fa%2Ftotp%2Factivate%2F"


@pytest.fixture(autouse=True)
def superusers_require_totp(settings):
    """As in production (the test settings turn it off for the rest of the suite)."""
    settings.SUPERUSERS_REQUIRE_TOTP = True
    # Accept the code of the neighbouring 30-second step, so a test never fails on a boundary.
    settings.MFA_TOTP_TOLERANCE = 1


def with_totp(user):
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    return secret


def sign_in(client, user, **extra):
    return client.post("/accounts/login/", {"login": user.email, "password": PASSWORD, **extra})


def open_activation_form(client):
    """allauth asks for the password again before a change to two-factor sign-in."""
    response = client.get(ACTIVATE)
    assert (response.status_code, response["Location"]) == (302, REAUTHENTICATE)
    response = client.post(REAUTHENTICATE, {"password": PASSWORD})
    assert (response.status_code, response["Location"]) == (302, ACTIVATE)
    assert client.get(ACTIVATE).status_code == 200
    return client.session["mfa.totp.secret"]


@pytest.mark.parametrize(
    "path",
    [
        "/admin/",
        "/admin/groups/group/",
        "/manage/",
        "/manage/groups/any/",
        "/manage/reports.csv",
        "/manage/x.json",
        "/me/x.ics",
        "/",
        "/x/",
    ],
)
def test_superuser_without_totp_is_sent_to_set_it_up(client, superuser, path):
    client.force_login(superuser)
    response = client.get(path)
    assert (response.status_code, response["Location"]) == (302, ACTIVATE)


@pytest.mark.parametrize(
    "path",
    ["/calendar.ics", "/api/v1/groups.json", "/sitemap.xml", "/sitemap-groups.xml", "/robots.txt"],
)
def test_superuser_without_totp_gets_the_answers_that_read_no_sign_in(client, superuser, path):
    """Feeds, the API, the sitemap and robots.txt are the same whoever asks: the check does not
    read the session there, so they never say ``Vary: Cookie`` (tests/peerhub/test_headers.py)."""
    client.force_login(superuser)
    response = client.get(path)
    assert response.status_code == 200
    assert "Cookie" not in response.get("Vary", "")


@pytest.mark.parametrize(
    "path", ["/accounts/2fa/", "/accounts/logout/", "/accounts/password/change/"]
)
def test_superuser_without_totp_can_use_the_account_pages(client, superuser, path):
    client.force_login(superuser)
    assert client.get(path).status_code == 200


def test_superuser_without_totp_gets_static_files(client, superuser):
    client.force_login(superuser)
    assert client.get("/static/css/site.css").status_code == 200


def test_superuser_with_totp_reaches_the_admin(client, superuser):
    with_totp(superuser)
    client.force_login(superuser)
    assert (client.get("/admin/").status_code, client.get("/").status_code) == (200, 200)


def test_superuser_with_recovery_codes_only_is_still_sent_to_set_up_totp(client, superuser):
    RecoveryCodes.activate(superuser)
    client.force_login(superuser)
    assert client.get("/admin/")["Location"] == ACTIVATE


def test_coordinator_without_totp_is_not_sent_to_set_it_up(client):
    client.force_login(CoordinatorFactory().user)
    assert client.get("/").status_code == 200


def test_superuser_sets_up_totp_through_the_activation_form(client, superuser):
    assert sign_in(client, superuser)["Location"] == "/manage/"
    assert client.get("/admin/")["Location"] == ACTIVATE
    secret = open_activation_form(client)

    response = client.post(ACTIVATE, {"code": "000000" if totp_code(secret) != "000000" else "1"})
    assert (response.status_code, list(response.context["form"].errors)) == (200, ["code"])

    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert (response.status_code, response["Location"]) == (302, "/accounts/2fa/recovery-codes/")
    assert sorted(superuser.authenticator_set.values_list("type", flat=True)) == [
        Authenticator.Type.RECOVERY_CODES,
        Authenticator.Type.TOTP,
    ]
    assert client.get("/admin/").status_code == 200


def test_activation_page_explains_why_a_superuser_is_there(client, superuser):
    client.force_login(superuser)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain == [(ACTIVATE, 302), (REAUTHENTICATE, 302)]
    assert [str(message) for message in response.context["messages"]] == [
        "Superusers sign in with a code from an authenticator app as well as their password. "
        "Set one up to carry on."
    ]


def test_sign_in_with_totp_asks_for_the_code(client, superuser):
    secret = with_totp(superuser)
    response = sign_in(client, superuser)
    assert (response.status_code, response["Location"]) == (302, AUTHENTICATE)
    # Not signed in until the code is given.
    assert "_auth_user_id" not in client.session
    assert client.get("/admin/")["Location"] == "/admin/login/?next=/admin/"

    response = client.post(AUTHENTICATE, {"code": "12345"})
    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"code": ["Incorrect code."]},
    )
    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert (response.status_code, response["Location"]) == (302, "/manage/")
    assert client.get("/admin/").status_code == 200


def test_sign_in_with_totp_keeps_next(client, superuser):
    secret = with_totp(superuser)
    response = sign_in(client, superuser, next="/admin/groups/group/")
    assert response["Location"] == AUTHENTICATE
    response = client.post(AUTHENTICATE, {"code": totp_code(secret)})
    assert response["Location"] == "/admin/groups/group/"


def test_totp_is_offered_to_a_facilitator_too(client):
    user = UserFactory()
    secret = with_totp(user)
    assert sign_in(client, user)["Location"] == AUTHENTICATE
    assert client.post(AUTHENTICATE, {"code": totp_code(secret)})["Location"] == "/"


def test_recovery_code_signs_in_once(client, superuser):
    with_totp(superuser)
    code = RecoveryCodes.activate(superuser).generate_codes()[0]

    sign_in(client, superuser)
    response = client.post(AUTHENTICATE, {"code": code})
    assert (response.status_code, response["Location"]) == (302, "/manage/")
    client.logout()

    sign_in(client, superuser)
    response = client.post(AUTHENTICATE, {"code": code})
    assert (response.status_code, response.context["form"].errors) == (
        200,
        {"code": ["Incorrect code."]},
    )
    assert "_auth_user_id" not in client.session


def test_two_factor_can_be_set_up_after_a_password_reset_request(client, superuser):
    # Asking for a reset leaves an unverified address behind; that must not block the set-up.
    client.post("/accounts/password/reset/", {"email": superuser.email})
    sign_in(client, superuser)
    secret = open_activation_form(client)
    response = client.post(ACTIVATE, {"code": totp_code(secret)})
    assert response["Location"] == "/accounts/2fa/recovery-codes/"
