"""One logging set-up for Django and gunicorn alike, so every line of a server's output reads the
same: the time (UTC, ISO 8601), the level, the logger, the request id, the message.

``LOG_FORMAT=text`` (the default) writes one line a record, for a person reading a terminal or
the journal; ``LOG_FORMAT=json`` writes one JSON object a line (python-json-logger), for a log
collector. The request id is django-guid's (``X-Request-ID``, returned on every answer), so one
request's lines can be found together, gunicorn's access line included.

No Django import here: gunicorn's master reads this before Django is set up (peerhub/gunicorn.py).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Mapping

from django_guid.context import guid
from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

LOG_FORMATS = ("text", "json")
HEALTH_PATH = "/healthz"


class _UTCTime:
    """Times as 2026-12-02T13:05:09.123Z, whatever the machine's timezone."""

    converter = time.gmtime
    default_time_format = "%Y-%m-%dT%H:%M:%S"
    default_msec_format = "%s.%03dZ"


class TextFormatter(_UTCTime, logging.Formatter):
    pass


class JsonFormatter(_UTCTime, _JsonFormatter):
    pass


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"
JSON_FIELDS = "%(asctime)s %(levelname)s %(name)s %(message)s %(request_id)s"
JSON_NAMES = {"asctime": "time", "levelname": "level", "name": "logger"}


class RequestId(logging.Filter):
    """Gives each record ``request_id``: the id of the request being answered, or ``missing``.

    gunicorn's access line is written after Django has answered, so it takes the id from the
    answer's X-Request-ID header (gunicorn's log atoms), not from django-guid's context.
    """

    def __init__(self, missing: str | None = None):
        super().__init__()
        self.missing = missing

    def filter(self, record: logging.LogRecord) -> bool:
        request_id = guid.get()
        if record.name == "gunicorn.access" and isinstance(record.args, Mapping):
            header = record.args.get("{x-request-id}o")
            request_id = header if header and header != "-" else None
        record.request_id = request_id or self.missing
        return True


class QuietHealthChecks(logging.Filter):
    """Drops the access line of a health check that passed: Docker asks every 30 seconds.

    A failed one (503) is still written.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        return not (atoms.get("U") == HEALTH_PATH and str(atoms.get("s")) == "200")


def logging_config(*, level: str = "INFO", log_format: str = "text") -> dict:
    """The dictConfig for Django's LOGGING and gunicorn's logconfig_dict."""
    level = level.upper()
    if log_format not in LOG_FORMATS:
        raise ValueError(f"LOG_FORMAT must be one of {', '.join(LOG_FORMATS)}, not {log_format!r}")
    if log_format == "json":
        formatter = {
            "()": "peerhub.logconfig.JsonFormatter",
            "fmt": JSON_FIELDS,
            "rename_fields": JSON_NAMES,
        }
    else:
        formatter = {"()": "peerhub.logconfig.TextFormatter", "format": TEXT_FORMAT}
    # Loggers that would keep handlers of their own are given ours instead, so that no line
    # escapes the format: Django's (its defaults add a bare console handler under DEBUG, and a
    # format of their own for runserver) pass theirs up to the root's; gunicorn's never pass
    # anything up (gunicorn says so), so they write through ours directly.
    django = {"handlers": [], "level": level, "propagate": True}
    own = {"handlers": ["console"], "level": level, "propagate": False}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {
                "()": "peerhub.logconfig.RequestId",
                "missing": None if log_format == "json" else "-",
            },
            "quiet_health_checks": {"()": "peerhub.logconfig.QuietHealthChecks"},
        },
        "formatters": {"line": formatter},
        "handlers": {
            "console": {
                "class": "logging.StreamHandler",
                "stream": "ext://sys.stderr",
                "formatter": "line",
                "filters": ["request_id"],
            },
        },
        "root": {"handlers": ["console"], "level": level},
        "loggers": {
            "django": django,
            "django.server": django,
            "gunicorn.error": own,
            "gunicorn.access": {**own, "filters": ["quiet_health_checks"]},
            # django-guid says at INFO, on every request, that it made an id, and warns of each
            # client that sends an X-Request-ID that is not a UUID: noise, not news.
            "django_guid": {"level": "ERROR"},
        },
    }
