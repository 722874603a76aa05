"""What ran, for the results: the machine, the versions, and the production shape in words."""

from __future__ import annotations

import importlib.metadata
import os
import platform

from bench.common import proc_value


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "?"


def machine_facts() -> dict:
    mem_kb = int((proc_value("/proc/meminfo", "MemTotal") or "0 kB").split()[0])
    return {
        "cpu_count": os.cpu_count(),
        "cpu_model": proc_value("/proc/cpuinfo", "model name") or platform.processor() or "?",
        "ram_gb": round(mem_kb / 1024 / 1024, 1),
        "os": platform.platform(),
        "python": platform.python_version(),
        "django": _version("django"),
        "gunicorn": _version("gunicorn"),
        "whitenoise": _version("whitenoise"),
    }


def shape_note(options, database: dict, redis_version: str | None) -> str:
    """What ran, in words, for the results' notes."""
    if options.redis_url:
        cache = (
            f"the production shape: Redis {redis_version} as the cache ({options.redis_url}, "
            "flushed at the start of each size and before each request from nothing)"
        )
    else:
        cache = (
            "NOT the production shape's cache: --no-redis, so the cache is the database cache "
            "table (the settings' default), emptied before each request from nothing"
        )
    listen = (
        "each worker LISTENs for feed version changes (FEED_VERSIONS_LISTEN, PostgreSQL)"
        if database["vendor"] == "postgresql"
        else "no LISTEN/NOTIFY on SQLite: every request reads feed versions from the database"
    )
    return (
        f"{cache}; the task worker (manage.py db_worker) and the builders (manage.py "
        f"build_worker: the build and build-long queues, BUILD_IN_WORKER) run beside gunicorn; "
        f"{listen}"
    )
