"""Emails go through a task queue (core/mail.py): queued in the change's own transaction, sent by
django-tasks-db's worker, tried again for more than a day, and given up on loudly.

These tests use the database backend, as production does, and the real worker
(`manage.py db_worker --batch`, run in this process); the rest of the suite sends each email
once its change commits (core.tasks.ImmediateOnCommitBackend). The mail server's own faults,
over real sockets, are in tests/production/test_mail_faults.py.
"""

import logging
import smtplib
import uuid

import pytest
from django.core import mail
from django.core.mail import EmailMessage, EmailMultiAlternatives
from django.core.management import CommandError, call_command
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from core.mail import RETRY_DELAYS, queue_emails
from groups.models import SessionChange
from groups.sessions import session_cancel
from tests.factories import UserFactory
from tests.task_workers import run_worker
from tests.two_regions import TUESDAY

DATABASE_QUEUE = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_queue(settings):
    """Tasks go to django-tasks' database backend, as in production."""
    settings.TASKS = DATABASE_QUEUE


def tasks():
    return list(DBTaskResult.objects.order_by("enqueued_at", "run_after"))


def make_due():
    """Time passes: the next attempt waiting in the queue is due now."""
    DBTaskResult.objects.filter(status="READY").update(run_after=timezone.now())


def an_email(**fields):
    return EmailMessage(
        **{"subject": "Cancelled: Hearing Voices", "body": "No group on Tuesday.\n", **fields},
        to=["lead@example.org"],
    )


def refuse_every_email(monkeypatch, error):
    def refuse(self, messages):
        raise error

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)


@pytest.mark.django_db(transaction=True)
def test_an_email_goes_through_the_queue_whole(database_queue):
    message = EmailMultiAlternatives(
        subject="Cancelled:\nHearing Voices",
        body="No group on Tuesday.\n",
        from_email="Metro Boston RLC <rlc@example.org>",
        to=["lead@example.org"],
        cc=["coordinator@example.org"],
        bcc=["records@example.org"],
        reply_to=["coordinator@example.org"],
        headers={"X-PeerHub-Group": "hearing-voices"},
    )
    message.attach_alternative("<p>No group on Tuesday.</p>", "text/html")
    message.attach("notes.txt", "Bring a chair.\n", "text/plain")
    message.attach("logo.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png")
    html_only = EmailMessage("Reset", "<p>Your link</p>", to=["someone@example.org"])
    html_only.content_subtype = "html"
    queue_emails([message, html_only], about="a test")
    first, second = tasks()
    queued = first.args_kwargs["kwargs"]["message"]
    assert (first.status, queued["to"], queued["bcc"]) == (
        "READY",
        ["lead@example.org"],
        ["records@example.org"],
    )
    assert mail.outbox == []

    run_worker()

    sent, sent_html = mail.outbox
    assert (
        sent.subject,
        sent.body,
        sent.from_email,
        sent.to,
        sent.cc,
        sent.bcc,
        sent.reply_to,
    ) == (
        "Cancelled: Hearing Voices",
        "No group on Tuesday.\n",
        "Metro Boston RLC <rlc@example.org>",
        ["lead@example.org"],
        ["coordinator@example.org"],
        ["records@example.org"],
        ["coordinator@example.org"],
    )
    assert sent.alternatives == [("<p>No group on Tuesday.</p>", "text/html")]
    assert sent.attachments == [
        ("notes.txt", "Bring a chair.\n", "text/plain"),
        ("logo.png", b"\x89PNG\r\n\x1a\n\x00\xff", "image/png"),
    ]
    headers = sent.message()
    assert (headers["X-PeerHub-Group"], headers["Message-ID"], headers["Date"]) == (
        "hearing-voices",
        queued["headers"]["Message-ID"],
        queued["headers"]["Date"],
    )
    assert (sent_html.content_subtype, sent_html.body) == ("html", "<p>Your link</p>")
    assert [(task.status, task.return_value) for task in tasks()] == [
        ("SUCCESSFUL", "sent"),
        ("SUCCESSFUL", "sent"),
    ]
    assert first.enqueued_at <= second.enqueued_at


def test_the_email_is_queued_inside_the_change_and_a_rollback_takes_it_away(east, database_queue):
    changes = SessionChange.objects.count()
    queued_inside = []

    def change_then_fail():
        with transaction.atomic():
            session_cancel(group=east.group, original_date=TUESDAY)
            queued_inside.extend(task.args_kwargs["kwargs"]["message"]["to"] for task in tasks())
            raise RuntimeError("the request fails after the change")

    with pytest.raises(RuntimeError):
        change_then_fail()
    assert queued_inside == [["lead.metro-boston@example.org"]]
    assert (SessionChange.objects.count(), tasks()) == (changes, [])


def test_a_committed_change_leaves_its_email_queued_and_sends_nothing_itself(
    client, east, database_queue, django_capture_on_commit_callbacks
):
    client.force_login(east.coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/manage/groups/{east.group.slug}/sessions/{TUESDAY}/cancel/", {"reason": "Ice"}
        )
    assert response.status_code == 302
    [task] = tasks()
    assert (task.status, task.args_kwargs["kwargs"]["message"]["subject"], mail.outbox) == (
        "READY",
        "Cancelled: Metro Boston Hearing Voices, Tuesday 3 March",
        [],
    )


@pytest.mark.django_db(transaction=True)
def test_a_failed_email_is_tried_again_for_more_than_a_day_then_given_up_loudly(
    database_queue, mail_server_down, caplog
):
    queue_emails([an_email()], about="Hearing Voices")
    with caplog.at_level(logging.WARNING, logger="core.mail"):
        for _ in range(len(RETRY_DELAYS) + 1):
            run_worker()
            make_due()
    attempts = tasks()
    assert [task.args_kwargs["kwargs"]["attempt"] for task in attempts] == list(range(1, 11))
    assert [task.status for task in attempts] == ["SUCCESSFUL"] * 9 + ["FAILED"]
    assert attempts[-1].exception_class_path == "core.mail.EmailNotSent"
    records = [(r.levelname, r.getMessage()) for r in caplog.records if r.name == "core.mail"]
    assert [level for level, _ in records] == ["WARNING"] * 9 + ["ERROR"]
    assert records[0][1].startswith(
        "Not sent yet: 1 email about Hearing Voices (“Cancelled: Hearing Voices”), to "
        "lead@example.org: SMTPConnectError: (421, 'down'); attempt 1 of 10, the next at "
    )
    assert records[-1][1] == (
        "NOT SENT: 1 email about Hearing Voices (“Cancelled: Hearing Voices”), to "
        "lead@example.org: SMTPConnectError: (421, 'down'); given up after 10 attempts "
        f"(task {attempts[-1].id})"
    )
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_each_next_attempt_is_scheduled_after_the_documented_wait(database_queue, mail_server_down):
    queue_emails([an_email()], about="Hearing Voices")
    waits = []
    for _ in range(len(RETRY_DELAYS)):
        run_worker()
        failed_at = DBTaskResult.objects.filter(status="SUCCESSFUL").latest("started_at")
        [waiting] = DBTaskResult.objects.filter(status="READY")
        waits.append(waiting.run_after - failed_at.started_at)
        make_due()
    minutes = [round(wait.total_seconds() / 60) for wait in waits]
    assert minutes == [1, 5, 15, 30, 60, 120, 240, 480, 720]
    assert sum(minutes) > 24 * 60


@pytest.mark.django_db(transaction=True)
def test_an_email_refused_for_good_is_given_up_at_once(database_queue, monkeypatch, caplog):
    refuse_every_email(
        monkeypatch,
        smtplib.SMTPRecipientsRefused({"lead@example.org": (550, b"5.1.1 No such user")}),
    )
    queue_emails([an_email()], about="Hearing Voices")
    with caplog.at_level(logging.ERROR, logger="core.mail"):
        run_worker()
    [task] = tasks()
    assert task.status == "FAILED"
    assert [r.getMessage() for r in caplog.records if r.name == "core.mail"] == [
        "NOT SENT: 1 email about Hearing Voices (“Cancelled: Hearing Voices”), to "
        "lead@example.org: SMTPRecipientsRefused: {'lead@example.org': (550, b'5.1.1 No such "
        f"user')}}; given up: it can never be sent as it is (task {task.id})"
    ]


@pytest.mark.django_db(transaction=True)
def test_an_address_refused_for_now_is_tried_again(database_queue, monkeypatch):
    refuse_every_email(
        monkeypatch,
        smtplib.SMTPRecipientsRefused({"lead@example.org": (450, b"4.2.1 Mailbox busy")}),
    )
    queue_emails([an_email()], about="Hearing Voices")
    run_worker()
    assert [task.status for task in tasks()] == ["SUCCESSFUL", "READY"]


@pytest.mark.django_db(transaction=True)
def test_failed_emails_lists_them_and_queues_one_again(database_queue, monkeypatch):
    refuse_every_email(monkeypatch, ValueError("a header Django will not write"))
    queue_emails([an_email()], about="Hearing Voices")
    run_worker()
    [failed] = tasks()

    listing = call_output("failed_emails")
    assert listing.splitlines()[0].startswith(f"{failed.id}  ")
    assert listing.splitlines()[0].endswith(
        "1 email about Hearing Voices (“Cancelled: Hearing Voices”), to lead@example.org"
    )
    assert "ValueError: a header Django will not write" in listing

    monkeypatch.undo()  # the mail server takes it now
    answer = call_output("failed_emails", "--requeue", str(failed.id))
    [again] = tasks()
    assert answer == (
        f"Queued again as task {again.id}: 1 email about Hearing Voices "
        "(“Cancelled: Hearing Voices”), to lead@example.org\n"
    )
    assert (again.status, again.args_kwargs) == ("READY", failed.args_kwargs)
    run_worker()
    assert [m.subject for m in mail.outbox] == ["Cancelled: Hearing Voices"]
    assert call_output("failed_emails") == "No failed emails.\n"


@pytest.mark.django_db(transaction=True)
def test_failed_emails_requeues_all_of_them(database_queue, monkeypatch):
    refuse_every_email(monkeypatch, ValueError("a header Django will not write"))
    queue_emails([an_email(), an_email(subject="Moved: Hearing Voices")], about="Hearing Voices")
    run_worker()
    monkeypatch.undo()
    call_output("failed_emails", "--requeue", "all")
    run_worker()
    assert sorted(m.subject for m in mail.outbox) == [
        "Cancelled: Hearing Voices",
        "Moved: Hearing Voices",
    ]


def call_output(*args):
    from io import StringIO

    out = StringIO()
    call_command(*args, stdout=out)
    return out.getvalue()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("value", "message"),
    [
        pytest.param("nonsense", "'nonsense' is not a task id", id="not-an-id"),
        pytest.param(
            "00000000-0000-0000-0000-000000000000",
            "No failed email has the task id 00000000-0000-0000-0000-000000000000",
            id="unknown",
        ),
    ],
)
def test_failed_emails_refuses_what_is_not_a_failed_email(database_queue, value, message):
    with pytest.raises(CommandError, match=message):
        call_command("failed_emails", "--requeue", value)


@pytest.mark.django_db
def test_failed_emails_refuses_an_email_that_did_not_fail(database_queue):
    queue_emails([an_email()], about="Hearing Voices")
    [waiting] = tasks()
    with pytest.raises(CommandError, match=f"No failed email has the task id {waiting.id}"):
        call_command("failed_emails", "--requeue", str(waiting.id), str(uuid.uuid4()))
    assert tasks() == [waiting]


@pytest.mark.django_db
def test_failed_emails_says_where_there_is_no_queue():
    with pytest.raises(CommandError, match="kept only by the database task backend"):
        call_command("failed_emails")


@pytest.mark.django_db(transaction=True)
def test_allauth_emails_go_through_the_queue_too(client, database_queue):
    UserFactory(email="known@example.org")
    response = client.post("/accounts/password/reset/", {"email": "known@example.org"})
    assert response.status_code == 302
    [task] = tasks()
    assert (task.args_kwargs["kwargs"]["message"]["to"], mail.outbox) == (
        ["known@example.org"],
        [],
    )
    run_worker()
    [message] = mail.outbox
    assert (message.to, "/accounts/password/reset/key/" in message.body) == (
        ["known@example.org"],
        True,
    )


@pytest.mark.django_db
def test_without_a_worker_an_email_goes_once_its_change_commits(
    django_capture_on_commit_callbacks,
):
    def queue_then_fail():
        with transaction.atomic():
            queue_emails([an_email(subject="Rolled back")], about="Hearing Voices")
            raise RuntimeError("the change is rolled back")

    with django_capture_on_commit_callbacks(execute=True):
        with pytest.raises(RuntimeError):
            queue_then_fail()
        with transaction.atomic():
            queue_emails([an_email()], about="Hearing Voices")
            assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Cancelled: Hearing Voices"]


@pytest.mark.django_db
def test_failed_emails_takes_one_way_of_requeueing_at_a_time(database_queue):
    with pytest.raises(CommandError, match="either --requeue or --requeue-stuck, not both"):
        call_command("failed_emails", "--requeue", "all", "--requeue-stuck")
    assert tasks() == []
