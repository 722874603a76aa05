"""What the tests of the answers kept whole in a worker share (groups/kept_answers.py): a real
listening thread (PostgreSQL), a region with a group whose feed is read, and a count of the
times the feeds' view answered."""

import pytest
from django.test import Client

from groups import kept_answers, versions
from publishing import views
from tests.caches import clear_caches
from tests.factories import GroupFactory, RegionFactory, weekly
from tests.listening import wait_for

FEED = "/regions/central/calendar.ics"
CENTRAL = ("slug", "region", "central")


@pytest.fixture
def views_called(monkeypatch):
    """How many times the feeds' view code answered (not the kept answer)."""
    calls = []
    answer = views.feed_response

    def counted(request, **options):
        calls.append(request.path)
        return answer(request, **options)

    monkeypatch.setattr(views, "feed_response", counted)
    return calls


@pytest.fixture
def listening(settings, transactional_db):
    settings.FEED_VERSIONS_LISTEN = True
    memo = versions.active_memo()
    assert wait_for(lambda: memo.listening)
    kept_answers.answers.clear()
    yield memo
    versions.stop()
    kept_answers.answers.clear()
    clear_caches()


@pytest.fixture
def central(listening):
    group = GroupFactory(region=RegionFactory(slug="central"), recurrences=weekly(1))
    client = Client()
    # The set-up's own saves notify too: read until the memo keeps the feed's version.
    assert wait_for(
        lambda: client.get(FEED).status_code == 200 and listening.get(CENTRAL) is not None
    )
    kept_answers.answers.clear()
    return group


def headers(response) -> dict:
    found = dict(response.items())
    found.pop("X-Request-ID", None)  # each request's own
    return found
