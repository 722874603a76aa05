"""Every email PeerHub sends goes through here: after the change it tells of has committed,
with a subject of one line, and never silently lost.

The change is saved whatever the mail server does. An email that cannot be sent (a server that
is down, a refused address, a header Django will not write) is logged as an error that says
what was lost and to whom, so that someone can send it again; nothing raises into the request.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence

from django.core.mail import EmailMessage, get_connection
from django.db import transaction

from core.fields import one_line

log = logging.getLogger(__name__)


def send_after_commit(messages: Sequence[EmailMessage], *, about: str) -> None:
    """Send ``messages`` once the current transaction commits (at once outside one).

    ``about`` names what they are about in the log ("Metro Boston Hearing Voices").
    """
    messages = list(messages)
    if not messages:
        return
    for message in messages:
        message.subject = one_line(str(message.subject))
    transaction.on_commit(lambda: send_now(messages, about=about), robust=True)


def send_now(messages: Sequence[EmailMessage], *, about: str) -> bool:
    """Send ``messages`` over one connection; False, and an error in the log, if that fails."""
    try:
        get_connection().send_messages(list(messages))
    except Exception as error:  # noqa: BLE001 - whatever the mail server did, log it loudly
        log.error(
            "NOT SENT: %d email%s about %s (“%s”), to %s: %s: %s",
            len(messages),
            "" if len(messages) == 1 else "s",
            about,
            messages[0].subject,
            ", ".join(address for message in messages for address in message.to),
            type(error).__name__,
            error,
            exc_info=True,
        )
        return False
    return True
