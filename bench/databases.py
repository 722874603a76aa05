"""One database per size: PostgreSQL (``<dbname>_bench_<size>``) when DATABASE_URL is set,
else an SQLite file."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlsplit, urlunsplit


def is_postgres(url: str | None) -> bool:
    return bool(url) and urlsplit(url).scheme in ("postgres", "postgresql", "pgsql")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def database_url_for(size, options) -> str:
    """``<dbname>_bench_<size>`` on the same PostgreSQL server, or an SQLite file."""
    if is_postgres(options.database_url):
        base = urlsplit(options.database_url).path.lstrip("/") or "peerhub"
        return _with_database(options.database_url, f"{base}_bench_{size.name}")
    return f"sqlite:///{options.sqlite_dir / f'peerhub-bench-{size.name}.sqlite3'}"


def _admin_connection(url: str):
    import psycopg

    return psycopg.connect(_with_database(url, "postgres"), autocommit=True)


def drop_database(url: str) -> None:
    if is_postgres(url):
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        with _admin_connection(url) as admin:
            admin.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
    else:
        path = Path(urlsplit(url).path)
        for leftover in (path, Path(f"{path}-journal"), Path(f"{path}-wal"), Path(f"{path}-shm")):
            leftover.unlink(missing_ok=True)


def create_database(url: str) -> None:
    """An empty database for one size; any earlier one of the same name is dropped first."""
    drop_database(url)
    if is_postgres(url):
        from psycopg import sql

        name = urlsplit(url).path.lstrip("/")
        with _admin_connection(url) as admin:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_description(options) -> dict:
    if is_postgres(options.database_url):
        with _admin_connection(options.database_url) as admin:
            version = admin.execute("SHOW server_version").fetchone()[0]
            full = admin.execute("SELECT version()").fetchone()[0]
        parts = urlsplit(options.database_url)
        return {
            "vendor": "postgresql",
            "version": version,
            "description": f"PostgreSQL {version} on {parts.hostname}:{parts.port or 5432}, "
            f"one database per size (`<dbname>_bench_<size>`)",
            "server": full,
        }
    import sqlite3

    return {
        "vendor": "sqlite",
        "version": sqlite3.sqlite_version,
        "description": f"SQLite {sqlite3.sqlite_version} (DATABASE_URL not set), files under "
        f"{options.sqlite_dir}: production runs PostgreSQL, so these numbers are indicative only",
    }
