"""The same request sent at the same moment by several clients, each in its own thread.

Each thread has its own database connection, as each gunicorn worker or runserver thread does,
so the requests really compete for the database. Run these from tests marked
``django_db(transaction=True)``: the threads must see what the test set up, committed.
"""

from __future__ import annotations

import threading

from django.contrib.messages import get_messages
from django.db import connection
from django.test import Client

TIMEOUT = 30  # seconds: far longer than any request here takes, even waiting for a lock


def post_at_once(user, url: str, data=None, *, times: int = 2) -> list:
    """POST ``data`` to ``url`` from ``times`` clients signed in as ``user``, all at once.

    Returns the responses, in the order they finished. A server error is a 500 response here,
    as a visitor would see it, not an exception in the test.
    """
    clients = []
    for _ in range(times):
        client = Client(raise_request_exception=False)
        client.force_login(user)
        clients.append(client)
    start = threading.Barrier(times)
    responses = []

    def send(client):
        try:
            start.wait(TIMEOUT)
            responses.append(client.post(url, data or {}))
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(client,)) for client in clients]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(TIMEOUT)
    assert len(responses) == times, "a request did not finish"
    return responses


def answers(responses) -> list[tuple[int, str]]:
    """Each response's status code and the messages it left for the next page, sorted."""
    return sorted(
        (
            response.status_code,
            " ".join(str(message) for message in get_messages(response.wsgi_request)),
        )
        for response in responses
    )
