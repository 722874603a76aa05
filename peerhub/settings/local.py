"""Local development: `make run`. DEBUG is on unless the environment turns it off."""

from peerhub.settings.base import *  # noqa: F403
from peerhub.settings.base import TASK_QUEUES, env, require_real_secret_key

DEBUG = env.bool("DEBUG", default=True)

_DEV_KEY = "dev-only-not-secret-peerhub-local-development-key-0123456789"
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_KEY)
if not DEBUG:
    # With DEBUG off this is production mode, whatever the settings module is called.
    SECRET_KEY = require_real_secret_key(SECRET_KEY if SECRET_KEY != _DEV_KEY else "")

# Emails (core/mail.py) are sent as soon as their change commits, in the request, by the web
# process itself: no worker to start. An email that fails is logged NOT SENT at once.
TASKS = {"default": {"BACKEND": "core.tasks.ImmediateOnCommitBackend", "QUEUES": TASK_QUEUES}}
