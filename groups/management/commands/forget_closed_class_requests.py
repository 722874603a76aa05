"""Delete the requests to host a class scheduled or declined more than
CLASS_REQUEST_RETENTION_DAYS ago (90 by default; run it daily, from cron).

New requests and status changes delete them too; this catches a quiet season.
"""

from django.conf import settings
from django.core.management.base import BaseCommand

from groups.class_requests import class_requests_forget_closed


class Command(BaseCommand):
    help = (
        "Delete requests to host a class that were scheduled or declined more than "
        "CLASS_REQUEST_RETENTION_DAYS days ago."
    )

    def handle(self, *args, **options):
        deleted = class_requests_forget_closed()
        if options["verbosity"]:
            self.stdout.write(
                f"Deleted {deleted} closed request(s) to host a class "
                f"(closed more than {settings.CLASS_REQUEST_RETENTION_DAYS} days ago)."
            )
