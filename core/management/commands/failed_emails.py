"""List the emails given up on (core/mail.py), or queue some of them again."""

import uuid

from django.core.management.base import BaseCommand, CommandError
from django_tasks_db.backend import DatabaseBackend

from core.mail import (
    email_queue_again,
    email_summary,
    emails_failed,
    emails_stuck,
    emails_stuck_queue_again,
    send_email,
)


class Command(BaseCommand):
    help = (
        "List the emails that were given up on, with their task ids; with --requeue, queue "
        "those (or all of them) again, their attempts counted afresh. Also lists the emails "
        "whose worker stopped while sending them; --requeue-stuck queues those again (the "
        "worker service runs it as it starts)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--requeue",
            nargs="+",
            metavar="TASK_ID",
            help="task ids from the list, or 'all'",
        )
        parser.add_argument(
            "--requeue-stuck",
            action="store_true",
            help="queue again every email whose worker stopped while sending it",
        )

    def handle(self, *args, requeue=None, requeue_stuck=False, **options):
        backend = send_email.get_backend()
        if not isinstance(backend, DatabaseBackend):
            raise CommandError(
                "Failed emails are kept only by the database task backend "
                f"(django_tasks_db.DatabaseBackend); TASKS here has {type(backend).__name__}, "
                "which keeps none."
            )
        if requeue_stuck:
            if requeue is not None:
                raise CommandError("Give either --requeue or --requeue-stuck, not both.")
            for new_id, summary in emails_stuck_queue_again():
                self.stdout.write(f"Queued again as task {new_id}: {summary}")
            return
        failed = emails_failed()
        if requeue is None:
            for task_result in emails_stuck():
                self.stdout.write(
                    f"{task_result.id}  {task_result.started_at:%Y-%m-%d %H:%M %Z}  "
                    f"{email_summary(task_result)}\n    stuck: its worker stopped while "
                    "sending it (--requeue-stuck)"
                )
            for task_result in failed:
                error = task_result.traceback.strip().splitlines()[-1:] or [""]
                self.stdout.write(
                    f"{task_result.id}  {task_result.finished_at:%Y-%m-%d %H:%M %Z}  "
                    f"{email_summary(task_result)}\n    {error[0]}"
                )
            if not failed:
                self.stdout.write("No failed emails.")
            return
        if requeue == ["all"]:
            chosen = list(failed)
        else:
            # Every id is checked before any is queued; one given twice is queued once.
            chosen = {}
            for value in requeue:
                task_result = self.failed_email(failed, value)
                chosen[task_result.id] = task_result
            chosen = list(chosen.values())
        for task_result in chosen:
            new_id = email_queue_again(task_result=task_result)
            self.stdout.write(f"Queued again as task {new_id}: {email_summary(task_result)}")

    def failed_email(self, failed, value):
        try:
            task_id = uuid.UUID(value)
        except ValueError:
            raise CommandError(
                f"{value!r} is not a task id; `manage.py failed_emails` lists them."
            ) from None
        task_result = failed.filter(id=task_id).first()
        if task_result is None:
            raise CommandError(
                f"No failed email has the task id {task_id}; `manage.py failed_emails` lists them."
            )
        return task_result
