"""Delete the accommodation requests closed more than 30 days ago (run it daily, from cron).

New requests and closes delete them too; this catches a quiet month.
"""

from django.core.management.base import BaseCommand

from groups.accommodations import RETENTION, accommodations_forget_closed


class Command(BaseCommand):
    help = f"Delete accommodation requests closed more than {RETENTION.days} days ago."

    def handle(self, *args, **options):
        deleted = accommodations_forget_closed()
        if options["verbosity"]:
            self.stdout.write(f"Deleted {deleted} closed accommodation request(s).")
