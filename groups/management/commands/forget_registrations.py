"""Anonymise the registrations for sessions more than REGISTRATION_KEEP_DAYS days ago (run it
daily, from cron): names, addresses, phone numbers and needs go; the counts stay for the
monthly report. docs/registration.md."""

from django.core.management.base import BaseCommand, CommandError

from groups.registrations import registrations_forget


class Command(BaseCommand):
    help = "Anonymise registrations for sessions older than REGISTRATION_KEEP_DAYS days."

    def add_arguments(self, parser):
        parser.add_argument(
            "--days", type=int, help="Keep this many days instead of REGISTRATION_KEEP_DAYS."
        )

    def handle(self, *args, **options):
        try:
            deleted = registrations_forget(keep_days=options["days"])
        except ValueError as error:
            raise CommandError(str(error)) from error
        if options["verbosity"]:
            self.stdout.write(f"Anonymised {deleted} registration(s).")
