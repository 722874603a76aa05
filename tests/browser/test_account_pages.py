"""The sign-in and account pages pass axe-core (WCAG 2.1 AA) in Chromium and fit a phone."""

import pytest

from tests.browser.conftest import axe_violations
from tests.factories import UserFactory

PASSWORD = "peerhub-test"  # tests.factories.UserFactory's

# The live server reads committed data.
pytestmark = pytest.mark.django_db(transaction=True)


def sign_in(page, url, email):
    page.goto(f"{url}/accounts/login/")
    page.fill("#id_login", email)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/login/",
        "/accounts/password/reset/",
        "/accounts/password/reset/done/",
        "/accounts/password/reset/key/1-bad-key/",
        "/accounts/signup/",
    ],
)
def test_signed_out_account_page_has_no_axe_violations(live_server, page, axe_source, path):
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert axe_violations(page, axe_source) == []


def test_login_error_has_no_axe_violations(live_server, page, axe_source):
    sign_in(page, live_server.url, "nobody@example.org")
    assert page.locator("[role=alert]").inner_text() == (
        "The email address and/or password you specified are not correct."
    )
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize(
    "path",
    [
        "/accounts/password/change/",
        "/accounts/2fa/",
        "/accounts/2fa/totp/activate/",
        "/accounts/logout/",
    ],
)
def test_signed_in_account_page_has_no_axe_violations(live_server, page, axe_source, path):
    user = UserFactory()
    sign_in(page, live_server.url, user.email)
    page.goto(f"{live_server.url}/accounts/reauthenticate/")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    assert page.goto(f"{live_server.url}{path}").status == 200
    assert page.url == f"{live_server.url}{path}"
    assert axe_violations(page, axe_source) == []


def test_field_error_has_no_axe_violations(live_server, page, axe_source):
    sign_in(page, live_server.url, UserFactory().email)
    page.goto(f"{live_server.url}/accounts/password/change/")
    page.fill("#id_oldpassword", PASSWORD)
    page.fill("#id_password1", "12345678")
    page.fill("#id_password2", "12345678")
    page.click("main button[type=submit]")
    assert page.locator("#id_password1_error").inner_text() == (
        "This password is too common.\nThis password is entirely numeric."
    )
    assert axe_violations(page, axe_source) == []


@pytest.mark.parametrize("width", [390, 640])
def test_login_page_fits_narrow_screens_without_javascript(live_server, browser, width):
    context = browser.new_context(
        viewport={"width": width, "height": 844}, java_script_enabled=False
    )
    narrow = context.new_page()
    assert narrow.goto(f"{live_server.url}/accounts/login/").status == 200
    assert narrow.evaluate("document.documentElement.scrollWidth") <= width
    assert narrow.locator("h1").count() == 1
    context.close()
