"""`manage.py build_worker` (core/management/commands/build_worker.py): the compose file's
builders, django-tasks-db's worker for the builds handed over, made ready before its first
build. Here with the database queue, as in production, and the real worker, run in this
process (`--batch`: every build that is due, then it stops)."""

import datetime as dt
from urllib.parse import urlsplit

import pytest
import recurring_ical_events
from django.core import signals
from django.core.handlers.wsgi import WSGIHandler
from django.db import close_old_connections
from django_tasks_db.models import DBTaskResult
from icalendar import Calendar

from core import build_ahead
from groups.sessions import session_cancel
from tests.build_queue import asked, body
from tests.caches import clear_caches
from tests.task_workers import run_worker
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db(transaction=True)

FEED = "/regions/metro-boston/calendar.ics"


@pytest.fixture
def database_queue(settings):
    """BUILD_IN_WORKER on, the builds queued in the database, as in production."""
    settings.BUILD_IN_WORKER = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, urlsplit(settings.SITE_URL).hostname]
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": settings.TASK_QUEUES}
    }
    clear_caches()
    build_ahead._handler = None  # a new process: nothing made yet


def run_builder(*args: str) -> None:
    """One run of the builder: every build due on its queue, then it stops. Its requests must
    not close the test's connection (tests/build_queue.py)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        run_worker("build_worker", *args)
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def meets_on_tuesday(feed: bytes) -> bool:
    """Whether a calendar app shows a session (not cancelled) on the snow day's Tuesday."""
    found = recurring_ical_events.of(Calendar.from_ical(feed)).between(
        TUESDAY, TUESDAY + dt.timedelta(days=1)
    )
    return any(str(event.get("STATUS", "")).upper() != "CANCELLED" for event in found)


def queued() -> list[tuple[str, str, list]]:
    return [
        (task.queue_name, task.status, task.args_kwargs["args"][:1])  # the address
        for task in DBTaskResult.objects.order_by("enqueued_at")
    ]


def test_the_builder_is_ready_before_its_first_build(database_queue):
    """Before it takes a build, it has done what a web worker has before its first request:
    the site's application loaded (its URLs, templates and translations, peerhub/wsgi.py) and
    the handler its builds go through made."""
    run_builder()  # nothing queued
    assert isinstance(build_ahead._handler, WSGIHandler)
    assert build_ahead._handler._middleware_chain is not None


def test_the_builder_builds_the_builds_handed_over_and_nothing_else(
    client, east, west, database_queue
):
    before = client.get(FEED)
    before_body = body(before)
    session_cancel(group=east.group, original_date=TUESDAY, public_note="Snow day", notify=True)
    meanwhile = client.get(FEED)
    assert meanwhile["ETag"] == before["ETag"]  # handed over, the version before answered
    handed = [("build", "READY", [asked(FEED)])]
    assert [task for task in queued() if task[0] == "build"] == handed
    emails = [task for task in queued() if task[0] == "default"]
    assert emails  # the snow day's emails, for the other worker

    run_builder("--queue-name=build-long")  # the long builds' builder: none of these
    assert [task for task in queued() if task[0] == "build"] == handed

    run_builder()
    assert [task for task in queued() if task[0] == "build"] == [
        ("build", "SUCCESSFUL", [asked(FEED)])
    ]
    assert [task for task in queued() if task[0] == "default"] == emails  # left to db_worker
    after = client.get(FEED)
    assert after["ETag"] != before["ETag"]
    assert (meets_on_tuesday(before_body), meets_on_tuesday(body(after))) == (True, False)
