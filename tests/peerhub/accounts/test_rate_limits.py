"""Sign-in rate limits, on the database cache that local and production settings use."""

import pytest
from django.core.management import call_command
from django.db import connection

from tests.factories import UserFactory
from tests.peerhub.test_settings import REAL_KEY, manage

from .conftest import PASSWORD

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
