"""Production: gunicorn behind a TLS-terminating proxy, PostgreSQL, static files by whitenoise."""

from django.core.exceptions import ImproperlyConfigured

from peerhub.settings.base import *  # noqa: F403
from peerhub.settings.base import DATABASES, env, require_real_secret_key

DEBUG = False
SECRET_KEY = require_real_secret_key(env.str("SECRET_KEY", default=""))
# The base default prints every email, invitation and password links with them, into the log.
if not env.str("EMAIL_URL", default=""):
    raise ImproperlyConfigured(
        "EMAIL_URL must be set in production, e.g. smtp+tls://user:password@smtp.example.org:587. "
        "For a trial, EMAIL_URL=consolemail:// prints emails into the log (sign-in links too) "
        "and EMAIL_URL=dummymail:// drops them."
    )
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS")

SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)
LANGUAGE_COOKIE_SECURE = SESSION_COOKIE_SECURE
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and env.bool(
    "DATABASE_POOL", default=True
):
    # Each worker keeps a psycopg pool of open connections: no connect per request. With
    # CONN_HEALTH_CHECKS (base settings) Django has the pool check a connection before handing
    # it out, so one that broke while idle (a database restart) is replaced, not used.
    # Pooling and persistent connections exclude each other. Size it so that every worker of
    # every app server fits the server's max_connections (a sync worker uses one at a time).
    DATABASES["default"]["CONN_MAX_AGE"] = 0
    DATABASES["default"].setdefault("OPTIONS", {})["pool"] = {
        "min_size": env.int("DATABASE_POOL_MIN_SIZE", default=1),
        # Two, not more: after a restart each broken connection the pool holds costs the next
        # request a pause before it tries the next one (1 s, 2 s, 4 s: psycopg_pool's backoff),
        # and a pool grows while connections are being lost (README, "When the database is
        # away").
        "max_size": env.int("DATABASE_POOL_MAX_SIZE", default=2),
        "timeout": env.float("DATABASE_POOL_TIMEOUT", default=10.0),
    }
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)

FEED_VERSIONS_LISTEN = env.bool("FEED_VERSIONS_LISTEN", default=True)
BUILD_IN_WORKER = env.bool("BUILD_IN_WORKER", default=True)
