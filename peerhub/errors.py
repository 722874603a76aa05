"""What a visitor gets while the database is away: a 503 that asks them to come back, not a 500.

Django turns any exception it is not told about into ``handler500``'s answer, wherever it is
raised: in a view, or in a middleware that reads the session or the signed-in user. So the one
place that sees every database error of a request is this handler. An error that says the
database cannot be reached or the connection broke (``OperationalError``, ``InterfaceError``,
and the pool's ``PoolTimeout``, which Django hands on as an ``OperationalError``) is answered
503 with ``Retry-After``, in the kind of the answer asked for: a page, the JSON API's error, or
plain text for a feed. It is logged once, as a WARNING of one line: an outage is not a bug, and
a traceback per request would bury the log. Anything else is still Django's own 500.

The pool replaces broken connections by itself (CONN_HEALTH_CHECKS has it check each one before
handing it out), so the site answers again as soon as the database does, without a restart.
"""

import logging
import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, JsonResponse
from django.template import loader
from django.views import defaults

from core import build_ahead
from peerhub.middleware import API_PREFIX, PLAIN_SUFFIXES

DATABASE_AWAY = (OperationalError, InterfaceError)
RETRY_AFTER = 30  # seconds: a restart of PostgreSQL, or a failover, usually takes about that
AWAY = "PeerHub is resting for a moment and will be back shortly. Please try again in a minute."
BEING_PREPARED = "This is being prepared; try again in a few seconds."

logger = logging.getLogger(__name__)


def server_error(request):
    """``handler500``: a 503 while the database is away, else Django's own 500 page.

    A value being built by the long queue's worker (``core.build_ahead.BeingBuilt``) that no
    view answered is a 503 too, in the kind asked for, with the Retry-After of the views that
    answer it (``BEING_BUILT_RETRY``): every view that can reach such a build answers it
    itself, so this is the net under a new one that does not.
    """
    error = sys.exception()
    if isinstance(error, build_ahead.BeingBuilt):
        logger.warning(
            "%s, not answered by its view: %s %s answered 503", error, request.method, request.path
        )
        response = database_away_response(
            request.path_info, message=BEING_PREPARED, retry_after=build_ahead.BEING_BUILT_RETRY
        )
        response._has_been_logged = True
        return response
    if not isinstance(error, DATABASE_AWAY):
        return defaults.server_error(request)
    logger.warning(
        "Database unavailable: %s %s answered 503 (%s: %s)",
        request.method,
        request.path,
        type(error).__name__,
        str(error).strip().splitlines()[0] if str(error).strip() else "",
    )
    response = database_away_response(request.path_info)
    # Django's own mark (django.utils.log.log_response): logged already, not again as an error.
    response._has_been_logged = True
    return response


def database_away_response(
    path: str, *, message: str = AWAY, retry_after: int = RETRY_AFTER
) -> HttpResponse:
    """The 503 for ``path``, in its kind; built without the database. ``message`` is what a
    feed or the API says (a page says it rests for a moment)."""
    if path.startswith(API_PREFIX) or path.endswith(".json"):
        response = JsonResponse({"error": message}, status=503)
        response["Access-Control-Allow-Origin"] = "*"
    elif path.endswith((*PLAIN_SUFFIXES, ".atom")):
        response = HttpResponse(
            f"{message}\n", status=503, content_type="text/plain; charset=utf-8"
        )
    else:
        # No request context: the context processors would read the session and the user.
        response = HttpResponse(loader.get_template("503.html").render(), status=503)
    response["Retry-After"] = str(retry_after)
    response["Cache-Control"] = "no-store"
    return response
