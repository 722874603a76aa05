"""The bench's "from nothing" rows time a request until its first 200 (bench/rows.py:
``first_200``): while the long queue's task worker builds the whole network's feed, its requests
are answered 503 with Retry-After, and the row asks again. Here against a small HTTP server of
its own that answers as the site does then."""

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from bench import rows


@pytest.fixture
def server(monkeypatch):
    """answers(list of (status, headers)): the server's answers, in order, the last one kept."""
    monkeypatch.setattr(rows, "POLL_EVERY", 0.01)
    script = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's name)
            status, headers = script.pop(0) if len(script) > 1 else script[0]
            body = b"BEGIN:VCALENDAR" if status == 200 else b"being prepared"
            self.send_response(status)
            for name, value in headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()

    def answers(scripted):
        script[:] = scripted
        return f"http://127.0.0.1:{httpd.server_address[1]}/calendar.ics"

    yield answers
    httpd.shutdown()
    httpd.server_close()


BEING_BUILT = (503, {"Retry-After": "10"})


def test_503s_with_retry_after_are_asked_again_until_the_200(server):
    url = server([BEING_BUILT, BEING_BUILT, BEING_BUILT, (200, {})])
    first, ms, answer, being_built = rows.first_200(url)
    assert (first.status, answer.status, answer.bytes, being_built) == (503, 200, 15, 3)
    assert ms >= first.ms


def test_a_200_at_once_is_the_answer(server):
    url = server([(200, {})])
    first, _ms, answer, being_built = rows.first_200(url)
    assert (first.status, answer.status, being_built) == (200, 200, 0)


@pytest.mark.parametrize("headers", [{}, {"Retry-After": "30"}])
def test_any_other_503_is_an_error_not_asked_again(server, headers):
    """A 503 with no Retry-After, or the database-away one (Retry-After: 30)."""
    url = server([(503, headers), (200, {})])
    first, _ms, answer, being_built = rows.first_200(url)
    assert (first.status, answer.status, being_built) == (503, 503, 0)


def test_the_bench_knows_the_retry_after_of_a_feed_being_built():
    from core import build_ahead

    assert str(build_ahead.BEING_BUILT_RETRY) == rows.BEING_BUILT_RETRY_AFTER


def test_it_stops_asking_after_poll_for_seconds(server, monkeypatch):
    monkeypatch.setattr(rows, "POLL_FOR", 0.05)
    url = server([BEING_BUILT])
    _first, ms, answer, being_built = rows.first_200(url)
    assert answer.status == 503
    assert being_built >= 1
    assert ms >= 50
