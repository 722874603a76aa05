import pytest


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Each test starts with an empty cache, whatever the one before it stored."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def page_clock(settings, monkeypatch):
    """Pages see tests.page_clock's NOW as the time and SITE as their public address."""
    from django.utils import timezone

    from tests.page_clock import NOW, SITE

    settings.SITE_URL = SITE
    monkeypatch.setattr(timezone, "now", lambda: NOW)
