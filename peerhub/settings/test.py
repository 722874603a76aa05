"""The test suite: fast hashing, in-memory email, the database from DATABASE_URL."""

import os
import tempfile
from pathlib import Path

from peerhub.settings.base import *  # noqa: F403
from peerhub.settings.base import DATABASES, TASK_QUEUES

DEBUG = False
SECRET_KEY = "test-only-not-secret-peerhub-test-suite-key-abcdefghijklmnop"  # noqa: S105
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Emails are sent once their change commits, into mail.outbox, as `make run` sends them; the
# tests of the queue itself (tests/core/test_mail_queue.py) use the database backend.
TASKS = {"default": {"BACKEND": "core.tasks.ImmediateOnCommitBackend", "QUEUES": TASK_QUEUES}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Serve static files from the finders; the suite never runs collectstatic.
WHITENOISE_AUTOREFRESH = True
WHITENOISE_USE_FINDERS = True
# A per-process cache keeps the suite fast; tests/accounts/test_rate_limits.py proves
# the sign-in limits on the database cache that local and production use.
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "peerhub-tests",
    }
}
# No proxy in front, whatever the environment says; tests that need one set it themselves.
ALLAUTH_TRUSTED_PROXY_COUNT = 0
# Most tests sign superusers in with force_login and no authenticator app; the two-factor tests
# (tests/accounts/test_two_factor.py) turn the requirement back on.
SUPERUSERS_REQUIRE_TOTP = False
# On SQLite the test database is a file, not pytest-django's shared in-memory database: there
# a write lock is a table lock that fails at once, whatever the busy timeout, and the tests of
# simultaneous requests (tests/parallel.py) need SQLite to behave as it does for `make run`.
# One file per test run, so two runs never share it; Django deletes it at the end.
if DATABASES["default"].get("ENGINE") == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {
        "NAME": str(Path(tempfile.gettempdir()) / f"peerhub-test-{os.getpid()}.sqlite3"),
    }
