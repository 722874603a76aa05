"""The task worker's builds in tests (core/build_ahead.py): the ``queue`` fixture
(tests/conftest.py) keeps what is handed over instead of running it, and ``worker`` runs one as
db_worker would."""

from django.core import signals
from django.db import close_old_connections

from core import build_ahead


def worker(address: str) -> int:
    """What db_worker runs for a build handed over. As Django's test client does, its request
    must not close the test's connection at its start or end (in db_worker it closes one that
    has grown old, as a web worker does)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    build_ahead._handler = None  # its middleware made with this test's settings, as at a start
    try:
        return build_ahead.build.call(*_handed_args(address))
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def body(response) -> bytes:
    """A feed's bytes, streamed as they are built or sent whole from the cache."""
    return b"".join(response.streaming_content) if response.streaming else response.content


def _handed_args(address: str) -> tuple:
    """The arguments ``address`` was last handed over with (the value's name too), as the task
    worker runs them; with none (a test asking for a build that was not), the address alone."""
    from django_tasks import default_task_backend

    queued = getattr(default_task_backend, "results", [])
    return next((r.args for r in reversed(queued) if r.args[0] == address), (address,))


def handed(queue) -> list[tuple[str, ...]]:
    """(queue name, address) of each build handed over, in order."""
    return [(result.task.queue_name, result.args[0]) for result in queue]


def asked(path: str) -> str:
    """The whole address a visitor of the test client asks for ``path`` at."""
    return f"http://testserver{path}"


def assert_the_version_before(meanwhile, before) -> None:
    """``meanwhile``, asked while a new version is built, is ``before``'s answer: its bytes, with
    its own ETag and Last-Modified (publishing/feed_responses.py, meeting_guide_views.py)."""
    assert meanwhile.status_code == 200
    assert (meanwhile["ETag"], meanwhile["Last-Modified"]) == (
        before["ETag"],
        before["Last-Modified"],
    )
    assert meanwhile.content == before.content
