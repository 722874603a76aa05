"""The logs of a real gunicorn with production settings: every line, Django's and gunicorn's
(start-up, workers, access), has its time, level and logger, and with LOG_FORMAT=json is one
JSON object; every line written while answering a request carries that request's id, the one
returned in X-Request-ID."""

import json
import re
import time
import uuid

import pytest

from tests.production.servers import serve
from tests.services import need_postgresql

pytestmark = pytest.mark.django_db(transaction=True)

TEXT_LINE = re.compile(
    r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z (DEBUG|INFO|WARNING|ERROR|CRITICAL) "
    r"(?P<logger>[\w.]+) \[(?P<request_id>[0-9a-f]{32}|[0-9a-f-]{36}|-)\] (?P<message>.*)$"
)


def answer_and_read_log(server, request_id: str) -> tuple[dict, list[str]]:
    """A page that is not there (Django logs it) with our request id; the log once gunicorn has
    written that request's access line."""
    status, headers, _ = server.get("/no-such-page/", headers={"X-Request-ID": request_id})
    assert status == 404
    for _ in range(100):  # gunicorn writes the access line just after the answer
        lines = server.logfile.read_text().splitlines()
        # The start-up probe (/robots.txt) has an access line too: wait for this request's.
        if any(request_id in line and "gunicorn.access" in line for line in lines):
            break
        time.sleep(0.05)
    return headers, lines


def test_every_text_line_has_time_level_logger_and_the_request_id():
    need_postgresql()
    request_id = uuid.uuid4().hex
    with serve(port=8181, LOG_LEVEL="INFO") as server:
        headers, lines = answer_and_read_log(server, request_id)

    assert headers["x-request-id"] == request_id
    assert [line for line in lines if not TEXT_LINE.match(line)] == []
    parsed = [TEXT_LINE.match(line) for line in lines]
    loggers = {match["logger"] for match in parsed}
    assert {"gunicorn.error", "gunicorn.access", "django.request"} <= loggers
    of_request = [m for m in parsed if m["request_id"] == request_id]
    assert sorted(m["logger"] for m in of_request) == ["django.request", "gunicorn.access"]
    assert "Not Found: /no-such-page/" in [m["message"] for m in of_request]
    # Start-up lines belong to no request.
    assert {m["request_id"] for m in parsed if m["logger"] == "gunicorn.error"} == {"-"}


def test_every_json_line_has_time_level_logger_message_and_request_id():
    need_postgresql()
    request_id = str(uuid.uuid4())
    with serve(port=8182, LOG_LEVEL="INFO", LOG_FORMAT="json") as server:
        headers, lines = answer_and_read_log(server, request_id)

    assert headers["x-request-id"] == request_id
    records = [json.loads(line) for line in lines]
    keys = {"time", "level", "logger", "message", "request_id"}
    assert [record for record in records if not keys <= record.keys()] == []
    assert all(re.match(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", r["time"]) for r in records)
    of_request = [record for record in records if record["request_id"] == request_id]
    assert sorted(record["logger"] for record in of_request) == [
        "django.request",
        "gunicorn.access",
    ]
    assert {r["level"] for r in of_request} == {"WARNING", "INFO"}
    assert {r["request_id"] for r in records if r["logger"] == "gunicorn.error"} == {None}


def test_a_request_without_an_id_gets_one_and_a_passing_health_check_is_not_logged():
    need_postgresql()
    with serve(port=8183, LOG_LEVEL="INFO") as server:
        status, headers, _ = server.get("/healthz")
        assert status == 200
        _, made, _ = server.get("/no-such-page/")
        request_id = made["x-request-id"]
        for _ in range(100):
            log = server.logfile.read_text()
            # The start-up probe (/robots.txt) has an access line too: wait for this one's.
            if f"gunicorn.access [{request_id}]" in log:
                break
            time.sleep(0.05)

    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert f"gunicorn.access [{request_id}]" in log
    assert "/healthz" not in log
