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
            "EMAIL_URL",
        }
    }
    # Production refuses to start without EMAIL_URL; an explicit one, unless a test says None.
    env.update(DJANGO_SETTINGS_MODULE=settings, EMAIL_URL="dummymail://")
    env.update(env_vars)
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


PRINT_OPTIONS = (
    "from django.db import connection; "
    "print(sorted(connection.settings_dict.get('OPTIONS', {}).items()))"
)


@pytest.mark.parametrize(
    ("database_url", "expected"),
    [
        pytest.param(None, "[('timeout', 20), ('transaction_mode', 'IMMEDIATE')]", id="sqlite"),
        pytest.param(
            "sqlite:////tmp/peerhub.sqlite3?timeout=60",
            "[('timeout', 60), ('transaction_mode', 'IMMEDIATE')]",
            id="sqlite-own-timeout",
        ),
        pytest.param("postgres://someone@db.example.org:5432/peerhub_prod", "[]", id="postgres"),
    ],
)
def test_sqlite_transactions_take_the_write_lock_first_and_wait_their_turn(database_url, expected):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_OPTIONS,
        settings="peerhub.settings.local",
        DATABASE_URL=database_url,
    )
    assert result.stdout.strip() == expected, result.stderr


def _postgres_url():
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("connection pooling is configured for PostgreSQL only; this run is on SQLite")
    params = connection.settings_dict
    host, port = params["HOST"] or "127.0.0.1", params["PORT"] or 5432
    return f"postgres://{params['USER']}@{host}:{port}/postgres"


@pytest.mark.django_db
def test_production_pools_postgresql_connections_between_requests():
    # Six requests' worth of queries, the connection given back after each, as Django does at
    # the end of every request: the pool hands its few server connections out again.
    script = (
        "from django.db import connection\n"
        "def pid():\n"
        "    with connection.cursor() as cursor:\n"
        "        cursor.execute('select pg_backend_pid()')\n"
        "        return cursor.fetchone()[0]\n"
        "pids = []\n"
        "for _ in range(6):\n"
        "    pids.append(pid())\n"
        "    connection.close()\n"
        "pool, stats = connection.pool, connection.pool.get_stats()\n"
        "print(connection.settings_dict['CONN_MAX_AGE'], pool.min_size, pool.max_size,"
        " pool._check is not None, stats['requests_num'], len(set(pids)) <= 2)\n"
    )
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        script,
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="peerhub.example.org",
        DATABASE_URL=_postgres_url(),
        DATABASE_POOL_MAX_SIZE="3",
    )
    assert (result.returncode, result.stdout.strip()) == (0, "0 1 3 True 6 True"), result.stderr


def test_production_on_sqlite_keeps_persistent_connections():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.db import connection; s = connection.settings_dict;"
        " print(s['CONN_MAX_AGE'], 'pool' in s.get('OPTIONS', {}))",
        SECRET_KEY=REAL_KEY,
        ALLOWED_HOSTS="peerhub.example.org",
        DATABASE_URL="sqlite:////tmp/peerhub-settings-test.sqlite3",
    )
    assert (result.returncode, result.stdout.strip()) == (0, "60 False"), result.stderr


PRODUCTION = {"SECRET_KEY": REAL_KEY, "ALLOWED_HOSTS": "peerhub.example.org"}


@pytest.mark.parametrize(
    "email_url", [pytest.param(None, id="unset"), pytest.param("", id="empty")]
)
def test_production_refuses_to_start_without_email_url(email_url):
    # The default would print every email, invitation and password links too, into the log.
    result = manage("check", EMAIL_URL=email_url, **PRODUCTION)
    assert result.returncode == 1
    assert "ImproperlyConfigured: EMAIL_URL must be set in production" in result.stderr


PRINT_EMAIL = (
    "from django.conf import settings; "
    "print(settings.EMAIL_BACKEND, settings.EMAIL_TIMEOUT, settings.TASKS['default']['BACKEND'])"
)


@pytest.mark.parametrize(
    ("email_url", "backend"),
    [
        ("consolemail://", "django.core.mail.backends.console.EmailBackend"),
        ("dummymail://", "django.core.mail.backends.dummy.EmailBackend"),
        (
            "smtp+tls://peerhub:pw@smtp.example.org:587",
            "django.core.mail.backends.smtp.EmailBackend",
        ),
    ],
)
def test_production_takes_an_explicit_email_url_and_queues_emails_for_the_worker(
    email_url, backend
):
    result = manage("shell", "--no-imports", "-c", PRINT_EMAIL, EMAIL_URL=email_url, **PRODUCTION)
    assert result.stdout.strip() == f"{backend} 10.0 django_tasks_db.DatabaseBackend", result.stderr


def test_make_run_sends_emails_itself_once_their_change_commits():
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        PRINT_EMAIL,
        settings="peerhub.settings.local",
        EMAIL_URL=None,
    )
    assert result.stdout.strip() == (
        "django.core.mail.backends.console.EmailBackend 10.0 core.tasks.ImmediateOnCommitBackend"
    ), result.stderr


@pytest.mark.parametrize(
    ("timeout", "expected"),
    [("2.5", "2.5"), ("30", "30.0"), ("0", "ImproperlyConfigured"), ("soon", "ValueError")],
)
def test_email_timeout_comes_from_the_environment(timeout, expected):
    result = manage(
        "shell",
        "--no-imports",
        "-c",
        "from django.conf import settings; print(settings.EMAIL_TIMEOUT)",
        EMAIL_TIMEOUT=timeout,
        **PRODUCTION,
    )
    assert expected in (result.stdout if result.returncode == 0 else result.stderr)
