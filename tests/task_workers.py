"""django-tasks-db's worker run in a test's own process: every task that is due, then it
stops (`--batch`). It leaves its signal handlers and logger levels behind; they are put back
here, so the tests after it see the process as it was."""

import logging
import signal

from django.core.management import call_command

SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)
WORKER_LOGGERS = ("django_tasks", "django_tasks_db")


def run_worker(command: str = "db_worker", *args: str) -> None:
    """One run of the worker ``command`` (``db_worker`` or ``build_worker``) with ``args``."""
    handlers = {number: signal.getsignal(number) for number in SIGNALS}
    levels = {name: logging.getLogger(name).level for name in WORKER_LOGGERS}
    try:
        call_command(command, "--batch", "--no-startup-delay", "--no-reload", *args, verbosity=0)
    finally:
        for number, handler in handlers.items():
            signal.signal(number, handler)
        for name, level in levels.items():
            logging.getLogger(name).setLevel(level)
