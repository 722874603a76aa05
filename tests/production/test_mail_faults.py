"""A mail server that hangs or refuses never slows or fails a request, and loses no email
(issue 15, items 2 and 6).

Real sockets: a server that accepts and never answers, a port where nothing listens, and then a
small real SMTP server on that port (tests/mail_servers.py). The coordinator's request runs in
this process with the database task backend, as in production; the worker is a real
`manage.py db_worker --batch` process with production settings on the test database, given
EMAIL_URL and EMAIL_TIMEOUT as a deployment would be. On SQLite and PostgreSQL.
"""

import datetime as dt
import subprocess
import sys

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from bench.run import ROOT
from groups.models import SessionChange
from tests.mail_servers import HangingMailServer, MailServer, unused_port
from tests.production.servers import database_url, production_env
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db(transaction=True)

SUBJECT = "Cancelled: Metro Boston Hearing Voices, Tuesday 3 March"
FACILITATOR = "lead.metro-boston@example.org"
# Short, so that a hung server costs the test a second; production's default is 10.
EMAIL_TIMEOUT = 1
PORT = 8161  # for SITE_URL only: the worker serves nothing


@pytest.fixture
def production_mail(settings):
    """This process queues emails as production does, for a mail server on a given port."""

    def to(port):
        settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
        settings.EMAIL_TIMEOUT = EMAIL_TIMEOUT

    return to


def this_database() -> str:
    """The test database, for the worker's DATABASE_URL."""
    if connection.vendor == "sqlite":
        return f"sqlite:///{connection.settings_dict['NAME']}"
    return database_url()


def run_worker(mail_port: int) -> subprocess.CompletedProcess:
    """`manage.py db_worker --batch`: every task that is due, then it stops. A worker that
    hung on the mail server would never stop: the test would fail at the timeout."""
    env = production_env(
        PORT,
        DATABASE_URL=this_database(),
        EMAIL_URL=f"smtp://127.0.0.1:{mail_port}",
        EMAIL_TIMEOUT=str(EMAIL_TIMEOUT),
    )
    done = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "db_worker", "--batch", "--no-startup-delay"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    return done


def cancel(client, east):
    """The coordinator cancels Tuesday's session: its facilitator is to be told."""
    client.force_login(east.coordinator)
    return client.post(
        f"/manage/groups/{east.group.slug}/sessions/{TUESDAY}/cancel/", {"reason": "Ice"}
    )


def tasks():
    return list(DBTaskResult.objects.order_by("enqueued_at", "run_after"))


def real_now():
    """The worker's clock (this process's is the pages' fixed one, tests/page_clock.py)."""
    return dt.datetime.now(dt.UTC)


def test_a_hung_mail_server_slows_no_request_and_its_email_waits_for_the_next_attempt(
    client, east, production_mail
):
    with HangingMailServer() as server:
        production_mail(server.port)
        response = cancel(client, east)
        assert response.status_code == 302
        assert SessionChange.objects.get(group=east.group, original_date=TUESDAY).is_cancelled
        # The request queued the email and left the mail server alone.
        assert server.accepted == 0
        [queued] = tasks()
        assert (queued.status, queued.args_kwargs["kwargs"]["message"]["to"]) == (
            "READY",
            [FACILITATOR],
        )

        worker = run_worker(server.port)

        # The worker's attempt reached the server, waited EMAIL_TIMEOUT for a greeting that
        # never came, and ended; the email waits in the queue for its next attempt.
        assert server.accepted == 1
    first, retry = tasks()
    # smtplib reports the greeting's timeout as a closed connection.
    timed_out = "SMTPServerDisconnected: Connection unexpectedly closed: timed out"
    assert (first.status, first.return_value.startswith(f"Not sent: {timed_out}; ")) == (
        "SUCCESSFUL",
        True,
    )
    assert (retry.status, retry.args_kwargs["kwargs"]) == (
        "READY",
        {**first.args_kwargs["kwargs"], "attempt": 2},
    )
    assert retry.run_after > real_now()
    assert (
        f"Not sent yet: 1 email about Metro Boston Hearing Voices (“{SUBJECT}”), to "
        f"{FACILITATOR}: {timed_out}; attempt 1 of 10, the next at "
    ) in worker.stderr


def test_a_refused_email_is_delivered_whole_once_the_mail_server_is_back(
    client, east, production_mail
):
    port = unused_port()
    production_mail(port)
    assert cancel(client, east).status_code == 302

    refused = run_worker(port)
    assert "ConnectionRefusedError" in refused.stderr
    [first, retry] = tasks()
    assert (first.status, retry.status, retry.run_after > real_now()) == (
        "SUCCESSFUL",
        "READY",
        True,
    )

    with MailServer(port) as server:
        DBTaskResult.objects.filter(pk=retry.pk).update(run_after=real_now())  # its time came
        run_worker(port)

    queued = first.args_kwargs["kwargs"]["message"]
    [received] = server.received
    body = received.message.get_content().replace("\r\n", "\n")
    assert (received.recipients, received.message["To"], received.message["Subject"]) == (
        [FACILITATOR],
        FACILITATOR,
        SUBJECT,
    )
    assert body == queued["body"]
    assert "is cancelled." in body
    # The same email as the one queued in the request, Message-ID and all.
    assert received.message["Message-ID"] == queued["headers"]["Message-ID"]
    assert [(task.status, task.return_value) for task in tasks()][1:] == [("SUCCESSFUL", "sent")]


def test_an_email_whose_worker_was_killed_while_sending_it_is_queued_again_and_delivered(
    client, east, production_mail
):
    """django-tasks-db leaves the task of a worker killed mid-send RUNNING for ever; the worker
    service's start (`failed_emails --requeue-stuck`) queues it again at the same attempt."""
    import signal
    import time

    from django.core.management import call_command

    port = unused_port()
    with HangingMailServer(port) as server:
        production_mail(port)
        assert cancel(client, east).status_code == 302
        worker = subprocess.Popen(  # noqa: S603 - a worker that will hang on the mail server
            [sys.executable, "manage.py", "db_worker", "--no-startup-delay"],
            cwd=ROOT,
            env=production_env(
                PORT,
                DATABASE_URL=this_database(),
                EMAIL_URL=f"smtp://127.0.0.1:{port}",
                EMAIL_TIMEOUT="600",
            ),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        try:
            deadline = time.monotonic() + 60
            while server.accepted == 0 and time.monotonic() < deadline:
                time.sleep(0.1)
            assert server.accepted == 1  # it is in the middle of sending
        finally:
            worker.send_signal(signal.SIGKILL)
            worker.wait(timeout=30)
    [stuck] = tasks()
    assert stuck.status == "RUNNING"

    # Not stuck yet: another worker may still be sending it.
    call_command("failed_emails", "--requeue-stuck")
    assert [(task.id, task.status) for task in tasks()] == [(stuck.id, "RUNNING")]
    # Long after any attempt could last (by the command's clock, the pages' fixed one here).
    from django.utils import timezone

    an_hour_ago = timezone.now() - dt.timedelta(hours=1)
    DBTaskResult.objects.filter(pk=stuck.pk).update(started_at=an_hour_ago)
    call_command("failed_emails", "--requeue-stuck")
    [again] = tasks()
    assert (again.status, again.args_kwargs) == ("READY", stuck.args_kwargs)

    with MailServer(port) as server:
        run_worker(port)
    [received] = server.received
    assert (received.recipients, received.message["Subject"]) == ([FACILITATOR], SUBJECT)
    assert [(task.status, task.return_value) for task in tasks()] == [("SUCCESSFUL", "sent")]
