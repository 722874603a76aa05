"""Empty both cache levels: the shared cache and this process's (groups/cache.py)."""

from django.core.cache import cache

from groups.cache import local


def clear_caches() -> None:
    cache.clear()
    local.clear()
