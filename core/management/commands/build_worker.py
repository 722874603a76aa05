"""The builders' task worker: ``db_worker`` for the builds handed over (core/build_ahead.py),
made ready before it takes its first one."""

from django_tasks_db.management.commands.db_worker import Command as DatabaseWorker

from core import build_ahead


class Command(DatabaseWorker):
    help = (
        "Build the pages, feeds and API answers handed over by the web workers (the build "
        "queue; --queue-name=build-long for the long ones), as `db_worker` runs tasks, after "
        "doing what a web worker does before its first request, so that the first change after "
        "a start is built as fast as the rest."
    )

    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(queue_name=build_ahead.QUEUE, interval=build_ahead.LOOK_EVERY)

    def handle(self, *args, **options) -> None:
        build_ahead.warm()
        super().handle(*args, **options)
