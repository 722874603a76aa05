"""Sign-in rate limits, on the database cache that local and production settings use."""

import pytest
from django.core import mail
from django.core.management import call_command
from django.db import connection

from tests.accounts.conftest import PASSWORD, link_path
from tests.factories import UserFactory
from tests.peerhub.test_settings import REAL_KEY, manage

pytestmark = pytest.mark.django_db

TOO_MANY = "Too many failed login attempts. Try again later."
WRONG = "The email address and/or password you specified are not correct."


@pytest.fixture
def database_cache(settings):
    """The cache is the database's peerhub_cache table, as with the default CACHE_URL."""
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "peerhub_cache",
        }
    }
    call_command("createcachetable", verbosity=0)


def sign_in(client, email, password):
    response = client.post("/accounts/login/", {"login": email, "password": password})
    errors = response.context["form"].non_field_errors() if response.status_code == 200 else []
    return response.status_code, errors


def cache_rows():
    with connection.cursor() as cursor:
        cursor.execute("SELECT COUNT(*) FROM peerhub_cache")
        return cursor.fetchone()[0]


def test_login_failures_are_limited_on_the_database_cache(client, database_cache):
    UserFactory(email="sam@example.org")
    failures = [sign_in(client, "sam@example.org", "wrong-guess") for _ in range(5)]
    assert failures == [(200, [WRONG])] * 5
    # The sixth attempt is refused before the password is even checked, right or not.
    assert sign_in(client, "sam@example.org", PASSWORD) == (200, [TOO_MANY])
    assert "_auth_user_id" not in client.session
    assert cache_rows() > 0


def test_login_failure_limit_is_per_address(client, database_cache):
    UserFactory(email="sam@example.org")
    UserFactory(email="kim@example.org")
    for _ in range(5):
        sign_in(client, "sam@example.org", "wrong-guess")
    assert sign_in(client, "KIM@example.org", PASSWORD) == (302, [])


def test_successful_login_does_not_count_against_the_limit(client, database_cache):
    UserFactory(email="sam@example.org")
    for _ in range(6):
        assert sign_in(client, "sam@example.org", PASSWORD) == (302, [])
        client.logout()


@pytest.mark.parametrize(
    ("settings_module", "env"),
    [
        pytest.param("peerhub.settings.local", {}, id="local"),
        pytest.param(
            "peerhub.settings.production",
            {"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "peerhub.example.org"},
            id="production",
        ),
    ],
)
def test_default_cache_is_the_database_cache(settings_module, env):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; c = settings.CACHES['default']; "
        "print(c['BACKEND'], c['LOCATION'])",
        settings=settings_module,
        CACHE_URL=None,
        **env,
    )
    assert result.stdout.strip() == ("django.core.cache.backends.db.DatabaseCache peerhub_cache"), (
        result.stderr
    )


# A lock-out counts per account and per address together (allauth's advice, see README
# "Signing in"): a stranger who knows an address cannot keep its owner out.

OWNER = "198.51.100.7"
STRANGERS = ["203.0.113.66", "203.0.113.67", "2001:db8:66::1"]


def sign_in_from(client, address, email, password, **headers):
    response = client.post(
        "/accounts/login/", {"login": email, "password": password}, REMOTE_ADDR=address, **headers
    )
    errors = response.context["form"].non_field_errors() if response.status_code == 200 else []
    client.logout()
    return response.status_code, list(errors)


def test_a_stranger_cannot_lock_a_known_account_out(client):
    UserFactory(email="coordinator@example.org")
    for address in STRANGERS:
        answers = [
            sign_in_from(client, address, "coordinator@example.org", "guess") for _ in range(7)
        ]
        assert answers == [(200, [WRONG])] * 5 + [(200, [TOO_MANY])] * 2
    assert sign_in_from(client, OWNER, "coordinator@example.org", PASSWORD) == (302, [])


def test_guessing_from_one_address_is_still_stopped_after_five(client):
    UserFactory(email="coordinator@example.org")
    guesses = [
        sign_in_from(client, STRANGERS[0], "coordinator@example.org", "guess") for _ in range(5)
    ]
    assert guesses == [(200, [WRONG])] * 5
    # From that address even the right password is refused until the five minutes pass...
    refused = sign_in_from(client, STRANGERS[0], "COORDINATOR@example.org", PASSWORD)
    assert refused == (200, [TOO_MANY])
    # ... and so is any address in the same IPv6 /64, as with allauth's other limits.
    UserFactory(email="kim@example.org")
    block = [
        sign_in_from(client, f"2001:db8:66::{n}", "kim@example.org", "guess") for n in range(6)
    ]
    assert block == [(200, [WRONG])] * 5 + [(200, [TOO_MANY])]


def test_a_forged_forwarded_for_does_not_escape_the_lock_out(client, settings):
    UserFactory(email="coordinator@example.org")
    for trusted_proxies, address in [(0, STRANGERS[0]), (1, "10.0.0.2")]:
        settings.ALLAUTH_TRUSTED_PROXY_COUNT = trusted_proxies
        forged = [
            sign_in_from(
                client,
                address,
                "coordinator@example.org",
                "guess",
                HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {STRANGERS[1]}",
            )
            for n in range(6)
        ]
        assert forged == [(200, [WRONG])] * 5 + [(200, [TOO_MANY])]


def test_a_password_reset_clears_the_lock_out(client, django_capture_on_commit_callbacks):
    UserFactory(email="coordinator@example.org")
    for _ in range(5):
        sign_in_from(client, OWNER, "coordinator@example.org", "guess")
    assert sign_in_from(client, OWNER, "coordinator@example.org", PASSWORD) == (200, [TOO_MANY])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            "/accounts/password/reset/", {"email": "coordinator@example.org"}, REMOTE_ADDR=OWNER
        )
    [message] = mail.outbox
    form_path = client.get(link_path(message.body), REMOTE_ADDR=OWNER)["Location"]
    new = "steady-morning-tide-7"
    response = client.post(form_path, {"password1": new, "password2": new}, REMOTE_ADDR=OWNER)
    assert response["Location"] == "/accounts/password/reset/key/done/"
    assert sign_in_from(client, OWNER, "coordinator@example.org", new) == (302, [])
