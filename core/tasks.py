"""How tasks run where no worker does (``make run``, the test suite).

``ImmediateOnCommitBackend`` is django-tasks' ImmediateBackend, except that each task runs once
the transaction that queued it has committed, as a worker of the database backend would find
it, and never inside it: a change that is rolled back sends nothing. It cannot wait, so a task
that asks to run later (core/mail.py's next attempt at an email) is not queued at all.
"""

from functools import partial

from django.db import transaction
from django_tasks.backends.immediate import ImmediateBackend


class ImmediateOnCommitBackend(ImmediateBackend):
    def _execute_task(self, task_result) -> None:
        # ImmediateBackend.enqueue builds the result and calls this at once (django-tasks 0.12).
        transaction.on_commit(partial(super()._execute_task, task_result), robust=True)
