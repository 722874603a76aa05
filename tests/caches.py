"""Empty both cache levels: the shared cache and this process's (core/cache.py)."""

from django.core.cache import cache

from core.cache import local


def clear_caches() -> None:
    cache.clear()
    local.clear()
