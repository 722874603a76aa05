"""Settings come from the environment; production refuses to start without a real secret."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
REAL_KEY = "k3J9-qL0zV8pX2mN5bR7tY1uW4eA6sD0fG2hJ4kL6zX8cV0bN2mQ4wE6rT8yU0iO"


def manage(*args, settings="peerhub.settings.production", **env_vars):
    """Run manage.py in a fresh process; an env var given as None is unset."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key
        not in {
            "SECRET_KEY",
            "DEBUG",
            "ALLOWED_HOSTS",
            "DJANGO_SETTINGS_MODULE",
            "DJANGO_ALLOW_ASYNC_UNSAFE",
        }
    }
    env.update(DJANGO_SETTINGS_MODULE=settings, **env_vars)
    env = {key: value for key, value in env.items() if value is not None}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize(
    "secret",
    [
        pytest.param(None, id="missing"),
        pytest.param("", id="empty"),
        pytest.param("django-insecure-" + "x1y2z3" * 10, id="django-insecure"),
        pytest.param("too-short-secret", id="short"),
    ],
)
def test_production_refuses_to_start_without_a_real_secret_key(secret):
    extra = {"ALLOWED_HOSTS": "peerhub.example.org"}
    if secret is not None:
        extra["SECRET_KEY"] = secret
    result = manage("check", **extra)
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY" in result.stderr


def test_debug_off_in_local_settings_also_needs_a_real_secret_key():
    result = manage("check", settings="peerhub.settings.local", DEBUG="false")
    assert result.returncode == 1
    assert "ImproperlyConfigured: SECRET_KEY must be set in production." in result.stderr


def test_check_deploy_is_clean_with_production_variables():
    result = manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="peerhub.example.org",
        SITE_URL="https://peerhub.example.org",
    )
    assert (result.returncode, result.stdout.strip()) == (
        0,
        "System check identified no issues (0 silenced).",
    ), result.stderr


PRINT_DATABASE = (
    "from django.db import connection; print(connection.vendor, connection.settings_dict['NAME'])"
)


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        pytest.param(None, f"sqlite {ROOT / 'db.sqlite3'}", id="default-sqlite-file"),
        pytest.param(
            "postgres://someone@db.example.org:5432/peerhub_prod",
            "postgresql peerhub_prod",
            id="postgres",
        ),
    ],
)
def test_database_url_selects_the_database(database_url, expected):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_DATABASE,
        settings="peerhub.settings.local",
        DATABASE_URL=database_url,
    )
    assert result.stdout.strip() == expected, result.stderr
