"""Emails about a change go once it commits, with a one-line subject; one that cannot be sent
is logged as an error that says what was lost, and never undoes the change (issue 12, item 9).

Here, as in `make run`, nothing can try an email again later: it is given up at once. The
queue's own retries are in tests/core/test_mail_queue.py."""

import logging

import pytest
from django.core import mail

from groups.models import Group, SessionChange
from groups.sessions import session_cancel
from tests.two_regions import TUESDAY

pytestmark = pytest.mark.django_db


def test_a_line_break_in_a_title_saved_some_other_way_does_not_stop_the_emails(
    east, django_capture_on_commit_callbacks
):
    Group.objects.filter(pk=east.group.pk).update(title="Hearing\r\nVoices")
    group = Group.objects.get(pk=east.group.pk)
    with django_capture_on_commit_callbacks(execute=True):
        session_cancel(group=group, original_date=TUESDAY)
    assert [message.subject for message in mail.outbox] == [
        "Cancelled: Hearing Voices, Tuesday 3 March"
    ]


def test_an_email_that_cannot_be_sent_is_logged_loudly_and_the_change_stays(
    east, django_capture_on_commit_callbacks, mail_server_down, caplog
):
    with caplog.at_level(logging.ERROR), django_capture_on_commit_callbacks(execute=True):
        session_cancel(group=east.group, original_date=TUESDAY)
    assert SessionChange.objects.get(group=east.group).kind == "cancelled"
    records = [r for r in caplog.records if r.name == "core.mail"]
    [(level, message)] = [(r.levelname, r.getMessage()) for r in records]
    assert (level, message.split(" (task ")[0]) == (
        "ERROR",
        "NOT SENT: 1 email about Metro Boston Hearing Voices "
        "(“Cancelled: Metro Boston Hearing Voices, Tuesday 3 March”), to "
        "lead.metro-boston@example.org: SMTPConnectError: (421, 'down'); given up: there is no "
        "queue here to try again from",
    )
