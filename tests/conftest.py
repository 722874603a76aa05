import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, whatever the one before it stored."""
    from tests.caches import clear_caches

    clear_caches()
    yield
    clear_caches()


@pytest.fixture(autouse=True)
def _english_between_tests():
    """Each test starts in English. A request leaves its language active in the thread that
    answered it (as Django's own LocaleMiddleware does; the next request activates its own), and
    the test client answers in the test's thread: a test after a Spanish page would reverse
    /es/ addresses."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.activate("en")


@pytest.fixture
def queue(settings):
    """BUILD_IN_WORKER on, and a task queue that keeps what is handed to it instead of running
    it (tests/build_queue.py runs one)."""
    from urllib.parse import urlsplit

    from django_tasks import default_task_backend

    from tests.caches import clear_caches

    settings.BUILD_IN_WORKER = True
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, urlsplit(settings.SITE_URL).hostname]
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.dummy.DummyBackend",
            "QUEUES": settings.TASK_QUEUES,
        }
    }
    clear_caches()
    yield default_task_backend.results
    default_task_backend.clear()


@pytest.fixture
def queue_away(monkeypatch):
    """The task queue cannot take a build (its table away): ``hand_to_worker`` says so."""
    from types import SimpleNamespace

    from django.db import DatabaseError

    from core import build_ahead

    def refused(*args):
        raise DatabaseError("the task table is away")

    refusing = SimpleNamespace(enqueue=refused)
    monkeypatch.setattr(build_ahead, "build", SimpleNamespace(using=lambda **_: refusing))


@pytest.fixture
def page_clock(settings, monkeypatch):
    """Pages see tests.page_clock's NOW as the time and SITE as their public address."""
    from django.utils import timezone

    from tests.page_clock import NOW, SITE

    settings.SITE_URL = SITE
    monkeypatch.setattr(timezone, "now", lambda: NOW)


@pytest.fixture
def move_clock(page_clock, monkeypatch):
    """move_clock(minutes): the page clock now reads NOW plus that many minutes. The fixtures
    build their data at NOW; a test whose order of changes matters moves the clock on first, as
    real time would (every record saved at one frozen instant has no order but its numbers)."""
    import datetime as dt

    from django.utils import timezone

    from tests.page_clock import NOW

    def move(minutes: int) -> None:
        monkeypatch.setattr(timezone, "now", lambda: NOW + dt.timedelta(minutes=minutes))

    return move


@pytest.fixture
def east(db, page_clock):
    """Metro Boston: see tests/two_regions.py."""
    from tests.two_regions import build_side

    return build_side("Metro Boston", "metro-boston", 1)


@pytest.fixture
def west(db, page_clock):
    """Western Mass: see tests/two_regions.py."""
    from tests.two_regions import build_side

    return build_side("Western Mass", "western", 2)


@pytest.fixture
def mail_server_down(monkeypatch):
    """Every email sent is refused, as by a mail server that is down."""
    import smtplib

    def refuse(self, messages):
        raise smtplib.SMTPConnectError(421, "down")

    monkeypatch.setattr("django.core.mail.backends.locmem.EmailBackend.send_messages", refuse)
