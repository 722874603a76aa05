"""allauth's pages inside the site's own layout: skip link, navigation, one main, one h1, labels
and errors next to their fields; the sign-in links in the navigation."""

from html.parser import HTMLParser

import pytest
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from tests.accounts.conftest import PASSWORD
from tests.factories import CoordinatorFactory, FacilitatorFactory, UserFactory

pytestmark = pytest.mark.django_db


class Page(HTMLParser):
    """The parts of a page these tests look at."""

    def __init__(self, html):
        super().__init__()
        self.tags = []  # (tag, attrs) in document order
        self.text_in = {}  # tag -> text of its first occurrence
        self._open = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag):
        self.tags.append((f"/{tag}", {}))
        if self._open and self._open[-1] == tag:
            self._open.pop()

    def handle_data(self, data):
        for tag in self._open:
            self.text_in.setdefault(tag, "")
            if tag in ("h1", "title"):
                self.text_in[tag] += data

    def count(self, tag):
        return sum(1 for name, _ in self.tags if name == tag)

    def first(self, tag, **attrs):
        return next(
            found
            for name, found in self.tags
            if name == tag and all(found.get(key) == value for key, value in attrs.items())
        )

    def links(self, label_of_nav):
        """The hrefs of the nav with this aria-label, in order."""
        hrefs, inside = [], False
        for name, attrs in self.tags:
            if name == "nav":
                inside = attrs.get("aria-label") == label_of_nav
            elif name == "/nav":
                inside = False
            elif name == "a" and inside:
                hrefs.append(attrs["href"])
        return hrefs

    def h1(self):
        return " ".join(self.text_in.get("h1", "").split())


def page(response):
    assert response.status_code == 200
    return Page(response.content.decode())


def assert_site_layout(found):
    """The skip link first, one main landmark it points to, one h1."""
    assert found.tags[found.tags.index(("body", {})) + 1] == (
        "a",
        {"class": "skip-link", "href": "#main"},
    )
    assert (found.count("main"), found.first("main")["id"], found.count("h1")) == (1, "main", 1)


def signed_in_with_totp(client):
    user = UserFactory()
    TOTP.activate(user, generate_totp_secret())
    RecoveryCodes.activate(user)
    client.force_login(user)
    # allauth asks for the password again before showing codes or changing two-factor sign-in.
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    return user


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/accounts/login/", "Sign in"),
        ("/accounts/password/reset/", "Password Reset"),
        ("/accounts/password/reset/done/", "Password Reset"),
        ("/accounts/password/reset/key/1-bad-key/", "Bad Token"),
        ("/accounts/signup/", "Sign Up Closed"),
    ],
)
def test_signed_out_pages_use_the_site_layout(client, path, h1):
    found = page(client.get(path))
    assert_site_layout(found)
    assert found.h1() == h1


@pytest.mark.parametrize(
    ("path", "h1"),
    [
        ("/accounts/password/change/", "Change Password"),
        ("/accounts/logout/", "Sign Out"),
        ("/accounts/2fa/", "Two-Factor Authentication"),
        ("/accounts/2fa/totp/deactivate/", "Deactivate Authenticator App"),
        ("/accounts/2fa/recovery-codes/", "Recovery Codes"),
        ("/accounts/2fa/recovery-codes/generate/", "Recovery Codes"),
    ],
)
def test_account_pages_use_the_site_layout_and_the_account_menu(client, path, h1):
    signed_in_with_totp(client)
    found = page(client.get(path))
    assert_site_layout(found)
    assert found.h1() == h1
    assert found.links("Your account") == [
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/logout/",
    ]


def test_reauthentication_page_uses_the_site_layout(client):
    client.force_login(UserFactory())
    found = page(client.get("/accounts/reauthenticate/"))
    assert_site_layout(found)
    assert found.h1() == "Confirm Access"


def test_two_factor_pages_use_the_site_layout_while_signing_in_and_setting_up(client):
    user = UserFactory()
    client.force_login(user)
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    found = page(client.get("/accounts/2fa/totp/activate/"))
    assert_site_layout(found)
    assert found.h1() == "Activate Authenticator App"
    assert (
        found.first("label", **{"for": "id_code"}),
        found.first("input", name="code")["id"],
    ) == (
        {"for": "id_code"},
        "id_code",
    )

    client.logout()
    TOTP.activate(user, generate_totp_secret())
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    found = page(client.get("/accounts/2fa/authenticate/"))
    assert_site_layout(found)
    assert (found.h1(), found.first("label", **{"for": "id_code"})) == (
        "Two-Factor Authentication",
        {"for": "id_code"},
    )


def test_login_page_says_accounts_are_by_invitation_and_has_no_sign_up(client):
    response = client.get("/accounts/login/")
    found = page(response)
    assert found.first("title") == {}
    assert " ".join(found.text_in["title"].split()) == "Sign in | PeerHub"
    assert "/accounts/signup/" not in [attrs.get("href") for _, attrs in found.tags]
    assert "Accounts are by invitation" in response.content.decode()
    assert [found.first("label", **{"for": f"id_{name}"}) for name in ("login", "password")] == [
        {"for": "id_login"},
        {"for": "id_password"},
    ]


def test_login_error_is_announced_at_the_top_of_the_form(client):
    response = client.post("/accounts/login/", {"login": "x@example.org", "password": "nope"})
    html = response.content.decode()
    assert (
        '<div class="account-problem" role="alert"><ul class="errorlist nonfield"><li>'
        "The email address and/or password you specified are not correct.</li></ul></div>"
    ) in html


def test_field_errors_sit_next_to_their_field_and_are_linked_to_it(client):
    client.force_login(UserFactory())
    response = client.post(
        "/accounts/password/change/",
        {"oldpassword": PASSWORD, "password1": "12345678", "password2": "12345678"},
    )
    found = page(response)
    field = found.first("input", name="password1")
    assert (field["aria-invalid"], field["aria-describedby"]) == (
        "true",
        "id_password1_helptext id_password1_error",
    )
    assert found.first("ul", id="id_password1_error") == {
        "class": "errorlist",
        "id": "id_password1_error",
    }
    html = response.content.decode()
    # The error list comes after the field's label and before the input, inside its group.
    assert (
        html.index('for="id_password1"')
        < html.index('id="id_password1_error"')
        < html.index('name="password1"')
    )


def test_messages_follow_the_h1(client):
    client.force_login(UserFactory())
    response = client.post(
        "/accounts/password/change/",
        {
            "oldpassword": PASSWORD,
            "password1": "new-gentle-rain-41",
            "password2": "new-gentle-rain-41",
        },
        follow=True,
    )
    html = response.content.decode()
    assert (
        html.index("</h1>")
        < html.index('role="status"')
        < html.index("Password successfully changed.")
    )


def test_signing_in_and_out_leaves_no_message_behind(client):
    user = UserFactory()
    client.post("/accounts/login/", {"login": user.email, "password": PASSWORD})
    found = page(client.get("/accounts/password/change/"))
    assert [attrs for name, attrs in found.tags if attrs.get("role") == "status"] == []


@pytest.mark.parametrize(
    ("who", "links"),
    [
        pytest.param(lambda: None, ["/accounts/login/"], id="anonymous"),
        pytest.param(
            lambda: FacilitatorFactory().user,
            ["/me/", "/accounts/password/change/", "/accounts/logout/"],
            id="facilitator",
        ),
        pytest.param(
            lambda: CoordinatorFactory().user,
            ["/manage/", "/accounts/password/change/", "/accounts/logout/"],
            id="coordinator",
        ),
        pytest.param(
            lambda: UserFactory(is_superuser=True, is_staff=True),
            ["/manage/", "/accounts/password/change/", "/accounts/logout/"],
            id="superuser",
        ),
    ],
)
def test_main_navigation_shows_sign_in_or_the_account(client, who, links):
    user = who()
    if user is not None:
        client.force_login(user)
    found = page(client.get("/calendar/"))
    assert found.links("Main") == ["/calendar/", "/regions/", *links]


def test_authenticator_qr_code_says_what_it_is(client):
    client.force_login(UserFactory())
    client.post("/accounts/reauthenticate/", {"password": PASSWORD})
    found = page(client.get("/accounts/2fa/totp/activate/"))
    assert found.first("img")["alt"] == (
        "QR code for your authenticator app (the same secret is written below)"
    )
