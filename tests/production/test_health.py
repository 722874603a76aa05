"""/healthz and `python -m peerhub.healthcheck`, which Docker's health checks run, and the
refusal to start without collected static files."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

from bench.run import ROOT, GunicornDidNotStart
from tests.production.servers import LOGS, database_url, serve
from tests.services import need_postgresql, need_redis


def healthcheck(*args: str, **env: str) -> int:
    done = subprocess.run(
        [sys.executable, "-m", "peerhub.healthcheck", *args],
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin", **env},
        capture_output=True,
        timeout=60,
    )
    return done.returncode


@pytest.mark.django_db
def test_healthz_answers_over_plain_http_when_everything_else_is_redirected(client, settings):
    settings.SECURE_SSL_REDIRECT = True

    health = client.get("/healthz")
    page = client.get("/robots.txt")

    assert (health.status_code, health.content) == (200, b"ok\n")
    assert "no-store" in health["Cache-Control"]
    assert page.status_code == 301


@pytest.mark.django_db
def test_healthz_refuses_a_post(client):
    assert client.post("/healthz").status_code == 405


@pytest.mark.django_db(transaction=True)
def test_the_healthcheck_passes_on_a_server_whose_database_answers():
    """It asks with the first allowed host, not 127.0.0.1, which production may not allow."""
    need_postgresql()
    hosts = "peerhub.example.org,127.0.0.1"
    with serve(port=8184, ALLOWED_HOSTS=hosts) as server:
        url = f"{server.base_url}/healthz"
        assert healthcheck(url, ALLOWED_HOSTS=hosts) == 0
        assert healthcheck(url, ALLOWED_HOSTS="elsewhere.example.org") == 1


@pytest.mark.django_db(transaction=True)
def test_healthz_is_503_and_the_healthcheck_fails_when_the_database_does_not_answer():
    need_postgresql()
    gone = database_url().rsplit("/", 1)[0] + "/peerhub_no_such_database"
    with serve(port=8185, DATABASE_URL=gone, DATABASE_POOL_TIMEOUT="2") as server:
        status, _, body = server.get("/healthz")
        code = healthcheck(f"{server.base_url}/healthz", ALLOWED_HOSTS="127.0.0.1")

    assert (status, body) == (503, b"database unavailable\n")
    assert code == 1


@pytest.mark.django_db(transaction=True)
def test_the_worker_healthcheck_asks_the_database():
    need_postgresql()
    env = {"DJANGO_SETTINGS_MODULE": "peerhub.settings.test"}
    gone = database_url().rsplit("/", 1)[0] + "/peerhub_no_such_database"

    assert healthcheck("--database", DATABASE_URL=database_url(), **env) == 0
    assert healthcheck("--database", DATABASE_URL=gone, **env) == 1


@pytest.mark.django_db(transaction=True)
def test_production_refuses_to_start_without_collected_static_files(tmp_path):
    """Before, every page answered 500 ("Missing staticfiles manifest entry") until someone ran
    collectstatic; now gunicorn stops at once and says what to run."""
    need_postgresql()
    with (
        pytest.raises(GunicornDidNotStart, match=r"exited with"),
        serve(port=8186, STATIC_ROOT=str(tmp_path)),
    ):
        pass
    # The whole log: the error's message holds only its last 2,000 characters, which the
    # workers' tracebacks may fill.
    log = (LOGS / "8186.log").read_text()
    assert "The static files are not collected" in log
    assert "collectstatic --noinput" in log


@pytest.mark.django_db(transaction=True)
def test_every_worker_is_born_with_the_application_loaded_and_warmed_up():
    """gunicorn's master loads the application (and its warm-up) once, before it forks.

    Before, each worker loaded it after the fork: a server said to be up could have a worker
    still importing and compiling templates, and every request went to the other one (a test
    waiting for both workers to answer failed on a busy machine). The master holding the
    application is what shows it: its database driver is mapped in the master's memory. Loading
    it opens no connection a worker would inherit: the master's only socket is the one it
    listens on.
    """
    need_postgresql()
    with serve(port=8188, CACHE_URL=need_redis()) as server:
        pid = server.process.pid
        master = Path(f"/proc/{pid}/maps").read_text()
        workers = [Path(f"/proc/{pid}/maps").read_text() for pid in server.worker_pids()]
        files = [os.readlink(fd) for fd in Path(f"/proc/{pid}/fd").iterdir()]

    assert "libpq" in master
    assert len([file for file in files if file.startswith("socket:")]) == 1
    assert len(workers) == 2
    assert all("libpq" in worker for worker in workers)
