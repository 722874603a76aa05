"""``python -m peerhub.healthcheck [URL]``: exit 0 when the server's /healthz answers 200.

The image's HEALTHCHECK and docker-compose's run it inside the container, so it needs nothing
the slim image lacks (no curl). It asks with a Host that the server allows (the first of
ALLOWED_HOSTS), else Django would refuse the request before /healthz is reached.

``python -m peerhub.healthcheck --database`` checks instead that the database answers, for
processes that serve no HTTP (the task worker).
"""

import http.client
import os
import sys
from urllib.parse import urlsplit

import environ

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def allowed_host() -> str:
    """A Host header that ALLOWED_HOSTS accepts: its first entry, a wildcard made concrete."""
    hosts = environ.Env().list("ALLOWED_HOSTS", default=["localhost"])
    host = next((host for host in hosts if host), "localhost")
    if host == "*":
        return "localhost"
    return "www" + host if host.startswith(".") else host


def http_ok(url: str) -> bool:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=4)
    try:
        connection.request("GET", parts.path or "/", headers={"Host": allowed_host()})
        return connection.getresponse().status == 200
    except OSError:
        return False
    finally:
        connection.close()


def database_ok() -> bool:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "peerhub.settings.production")
    import django
    from django.db import DatabaseError, connection

    django.setup()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return False
    return True


def main(argv: list[str]) -> int:
    ok = database_ok() if argv[:1] == ["--database"] else http_ok(argv[0] if argv else DEFAULT_URL)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
