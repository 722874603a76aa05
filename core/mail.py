"""Every email PeerHub sends goes through here: queued with the change it tells of, sent by the
task worker with a timeout, tried again for more than a day, and never silently lost.

``queue_emails`` makes one task per email (django-tasks, ``TASKS`` in the settings). With the
database backend (production) the task is a row written in the change's own transaction: a
change rolled back queues nothing, a committed one cannot lose its email, and no request waits
for a mail server. ``manage.py db_worker`` sends them. Without a worker (``make run``, the
tests) core.tasks runs each one as soon as its transaction commits.

An attempt that fails is tried again after a growing delay (``RETRY_DELAYS``), as a new task
that carries the same email, Message-ID and all. After the last attempt, or at once when the
email can never go as it is (a header Django will not write, every recipient refused for good),
an error in the log says what was lost and to whom, and the task stays failed, for
``manage.py failed_emails`` to list and queue again. The change is saved whatever happens.
"""

from __future__ import annotations

import base64
import datetime as dt
import logging
import smtplib
from collections.abc import Sequence
from email.mime.base import MIMEBase
from email.utils import formatdate, make_msgid
from urllib.parse import urlsplit

from django.conf import settings
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection
from django.db import transaction
from django.utils import timezone
from django_tasks import task

from core.fields import one_line

log = logging.getLogger(__name__)

# After the first attempt, the waits before each next one: ten attempts over 27 hours and 51
# minutes, so a mail server that is down for a night still gets the morning's emails.
RETRY_DELAYS = tuple(
    dt.timedelta(minutes=minutes) for minutes in (1, 5, 15, 30, 60, 120, 240, 480, 720)
)
ATTEMPTS = len(RETRY_DELAYS) + 1


class EmailNotSent(Exception):
    """An email given up on; raised by its last task, so that the task stays failed."""


def queue_emails(messages: Sequence[EmailMessage], *, about: str) -> None:
    """Queue each of ``messages`` as a task of its own, in the current transaction.

    ``about`` names what they are about in the log ("Metro Boston Hearing Voices"). Each gets
    its Date and Message-ID now, so that every attempt sends the same email and a receiver can
    tell a second copy (a reply lost after the server took it) for what it is.
    """
    for message in messages:
        message.subject = one_line(str(message.subject))
        present = {name.lower() for name in message.extra_headers}
        if "date" not in present:
            message.extra_headers["Date"] = formatdate(localtime=settings.EMAIL_USE_LOCALTIME)
        if "message-id" not in present:
            domain = urlsplit(settings.SITE_URL).hostname or "peerhub.invalid"
            message.extra_headers["Message-ID"] = make_msgid(domain=domain)
        send_email.enqueue(message=email_to_json(message), about=about, attempt=1)


@task(takes_context=True)
def send_email(context, *, message: dict, about: str, attempt: int = 1) -> str:
    """Send one queued email; if it fails, queue the next attempt or give it up loudly."""
    email = email_from_json(message)
    try:
        get_connection().send_messages([email])
    except Exception as error:  # noqa: BLE001 - whatever the mail server did, decide and log
        return _not_sent(
            email,
            error,
            message=message,
            about=about,
            attempt=attempt,
            task_id=context.task_result.id,
        )
    return "sent"


def _not_sent(
    email: EmailMessage, error: Exception, *, message: dict, about: str, attempt: int, task_id
) -> str:
    what = (
        f"1 email about {about} (“{email.subject}”), to {', '.join(email.recipients())}: "
        f"{type(error).__name__}: {error}"
    )
    if not send_email.get_backend().supports_defer:
        why = "given up: there is no queue here to try again from"
    elif not worth_retrying(error):
        why = "given up: it can never be sent as it is"
    elif attempt >= ATTEMPTS:
        why = f"given up after {attempt} attempts"
    else:
        when = timezone.now() + RETRY_DELAYS[attempt - 1]
        retry = send_email.using(run_after=when).enqueue(
            message=message, about=about, attempt=attempt + 1
        )
        at = when.isoformat(timespec="seconds")
        log.warning(
            "Not sent yet: %s; attempt %d of %d, the next at %s (task %s)",
            what,
            attempt,
            ATTEMPTS,
            at,
            retry.id,
        )
        return (
            f"Not sent: {type(error).__name__}: {error}; "
            f"attempt {attempt + 1} at {at} is task {retry.id}"
        )
    log.error("NOT SENT: %s; %s (task %s)", what, why, task_id, exc_info=error)
    raise EmailNotSent(f"NOT SENT: {what}; {why}") from error


def worth_retrying(error: Exception) -> bool:
    """A mail server that is down, slow or busy may take the email later; one that refused every
    recipient for good (a 5xx reply), or an email Django cannot write, never will."""
    if isinstance(error, ValueError):  # BadHeaderError, an address that cannot be encoded
        return False
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return any(code < 500 for code, _ in error.recipients.values())
    return True


# The task's arguments are JSON, so an email is written out field by field and built again.


def email_to_json(message: EmailMessage) -> dict:
    """Everything ``message`` says, as JSON: fields, headers, alternatives, attachments."""
    attachments = []
    for attachment in message.attachments:
        if isinstance(attachment, MIMEBase):
            raise ValueError("An attachment given as a MIME part cannot be queued.")
        filename, content, mimetype = attachment
        if isinstance(content, bytes):
            attachments.append(
                {
                    "filename": filename,
                    "base64": base64.b64encode(content).decode("ascii"),
                    "mimetype": mimetype,
                }
            )
        else:
            attachments.append({"filename": filename, "content": content, "mimetype": mimetype})
    return {
        "subject": str(message.subject),
        "body": str(message.body),
        "from_email": str(message.from_email),
        "to": [str(address) for address in message.to],
        "cc": [str(address) for address in message.cc],
        "bcc": [str(address) for address in message.bcc],
        "reply_to": [str(address) for address in message.reply_to],
        "headers": {str(name): str(value) for name, value in message.extra_headers.items()},
        "content_subtype": message.content_subtype,
        "encoding": message.encoding,
        "alternatives": [
            {"content": str(content), "mimetype": mimetype}
            for content, mimetype in getattr(message, "alternatives", [])
        ],
        "attachments": attachments,
    }


def email_from_json(data: dict) -> EmailMultiAlternatives:
    """The email ``email_to_json`` wrote out."""
    message = EmailMultiAlternatives(
        subject=data["subject"],
        body=data["body"],
        from_email=data["from_email"],
        to=data["to"],
        cc=data["cc"],
        bcc=data["bcc"],
        reply_to=data["reply_to"],
        headers=data["headers"],
        alternatives=[(item["content"], item["mimetype"]) for item in data["alternatives"]],
    )
    message.content_subtype = data["content_subtype"]
    message.encoding = data["encoding"]
    for item in data["attachments"]:
        content = base64.b64decode(item["base64"]) if "base64" in item else item["content"]
        message.attach(item["filename"], content, item["mimetype"])
    return message


# Emails given up on, for `manage.py failed_emails`.


def emails_failed():
    """The tasks of emails given up on, oldest first."""
    from django_tasks_db.models import DBTaskResult

    return (
        DBTaskResult.objects.failed()
        .filter(task_path=send_email.module_path)
        .order_by("finished_at")
    )


# An attempt lasts at most a few EMAIL_TIMEOUTs (the connection, then each step of SMTP). A
# task still running long after that belongs to a worker that was killed while sending:
# django-tasks-db never finishes such a row, so it would be neither sent nor given up.
STUCK_AFTER_TIMEOUTS = 30
STUCK_AFTER_AT_LEAST = dt.timedelta(minutes=15)


def emails_stuck(now: dt.datetime | None = None):
    """The tasks of emails whose worker stopped in the middle of sending them, oldest first."""
    from django_tasks_db.models import DBTaskResult

    stuck_after = max(
        STUCK_AFTER_AT_LEAST, dt.timedelta(seconds=settings.EMAIL_TIMEOUT * STUCK_AFTER_TIMEOUTS)
    )
    return (
        DBTaskResult.objects.running()
        .filter(task_path=send_email.module_path)
        .filter(started_at__lt=(now or timezone.now()) - stuck_after)
        .order_by("started_at")
    )


def email_summary(task_result) -> str:
    """1 email about Metro Boston Hearing Voices (“Cancelled: ...”), to lead@example.org"""
    arguments = task_result.args_kwargs["kwargs"]
    email = email_from_json(arguments["message"])
    return (
        f"1 email about {arguments['about']} (“{email.subject}”), "
        f"to {', '.join(email.recipients())}"
    )


@transaction.atomic
def email_queue_again(*, task_result, attempt: int = 1) -> str:
    """Queue a given-up (or stuck) email as new, at ``attempt``; the old task goes.

    Returns the new task's id.
    """
    arguments = task_result.args_kwargs["kwargs"]
    retry = send_email.enqueue(
        message=arguments["message"], about=arguments["about"], attempt=attempt
    )
    task_result.delete()
    return retry.id


def emails_stuck_queue_again() -> list[tuple[str, str]]:
    """Queue every stuck email again at the attempt it was on; (new task id, summary) each.

    Each is taken under a row lock that another worker doing the same skips, so two workers
    starting at once queue it once. The mail server may have taken it before its worker died:
    then its receiver gets it twice, with the same Message-ID (at least once, never lost).
    """
    queued = []
    with transaction.atomic():
        for task_result in emails_stuck().select_for_update(skip_locked=True):
            attempt = task_result.args_kwargs["kwargs"].get("attempt", 1)
            summary = email_summary(task_result)
            new_id = email_queue_again(task_result=task_result, attempt=attempt)
            log.warning(
                "Queued again: %s; its worker stopped while sending it (attempt %d, was task %s,"
                " now task %s)",
                summary,
                attempt,
                task_result.id,
                new_id,
            )
            queued.append((new_id, summary))
    return queued
