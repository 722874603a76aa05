"""handler500 (peerhub/errors.py): a 503 in the answer's own kind for a database that is away,
Django's 500 page for anything else. The real outage, on real gunicorn servers, is in
tests/production/test_database_faults.py; these run on every database."""

import json
import logging

import pytest
from django.db import InterfaceError, OperationalError

from core import build_ahead
from peerhub.errors import server_error

pytestmark = pytest.mark.django_db  # to count its queries: none


def answer_while_raising(rf, path, error):
    try:
        raise error
    except Exception:
        return server_error(rf.get(path))


@pytest.mark.parametrize("error", [OperationalError("server closed"), InterfaceError("closed")])
@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/calendar/", "text/html; charset=utf-8"),
        ("/regions/central/calendar.ics", "text/plain; charset=utf-8"),
        ("/regions/central/changes.atom", "text/plain; charset=utf-8"),
        ("/api/v1/occurrences.json", "application/json"),
        ("/meeting-guide.json", "application/json"),
    ],
)
def test_a_database_away_is_a_503_of_the_kind_asked_for_logged_once_as_a_warning(
    rf, caplog, django_assert_num_queries, error, path, content_type
):
    with caplog.at_level(logging.WARNING), django_assert_num_queries(0):
        response = answer_while_raising(rf, path, error)
    assert (response.status_code, response["Content-Type"]) == (503, content_type)
    assert response["Retry-After"] == "30"
    if content_type == "application/json":
        assert list(json.loads(response.content)) == ["error"]
        assert response["Access-Control-Allow-Origin"] == "*"
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        (
            "WARNING",
            f"Database unavailable: GET {path} answered 503 ({type(error).__name__}: {error})",
        )
    ]
    # Django's log_response sees the mark and does not log it again as an error.
    assert response._has_been_logged


def test_the_503_page_welcomes_and_needs_no_database(rf, django_assert_num_queries):
    with django_assert_num_queries(0):
        response = answer_while_raising(rf, "/", OperationalError("no connection"))
    page = response.content.decode()
    assert "PeerHub will be back in a moment" in page
    assert "988" in page


def test_any_other_error_is_still_the_500_page(rf):
    response = answer_while_raising(rf, "/calendar/", ValueError("a bug"))
    assert response.status_code == 500
    assert "Something went wrong on our side" in response.content.decode()
    assert not getattr(response, "_has_been_logged", False)


@pytest.mark.parametrize("handed", [True, False])
@pytest.mark.parametrize(
    ("path", "content_type", "said"),
    [
        ("/calendar/", "text/html; charset=utf-8", "PeerHub will be back in a moment"),
        (
            "/calendar.ics",
            "text/plain; charset=utf-8",
            "This is being prepared; try again in a few seconds.\n",
        ),
        (
            "/api/v1/groups.json",
            "application/json",
            '{"error": "This is being prepared; try again in a few seconds."}',
        ),
    ],
)
def test_a_build_handed_over_that_no_view_answered_is_a_503_to_try_again_soon(
    rf, caplog, django_assert_num_queries, handed, path, content_type, said
):
    """The net under a view that does not answer ``BeingBuilt`` itself (every one that can
    reach such a build does): not the 500 page."""
    with caplog.at_level(logging.WARNING), django_assert_num_queries(0):
        response = answer_while_raising(rf, path, build_ahead.BeingBuilt(handed=handed))
    assert (response.status_code, response["Content-Type"]) == (503, content_type)
    assert (response["Retry-After"], response["Cache-Control"]) == ("10", "no-store")
    assert said in response.content.decode()
    why = build_ahead.HANDED_LONG if handed else build_ahead.BUILT_LONG
    assert [(r.levelname, r.getMessage()) for r in caplog.records] == [
        ("WARNING", f"{why}, not answered by its view: GET {path} answered 503")
    ]
    assert response._has_been_logged
