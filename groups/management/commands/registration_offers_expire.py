"""Let go of the places offered from a waiting list whose deadline has passed, and offer them to
the next person (run it every few minutes, from cron). The site also does it whenever a
session's registrations are touched; this catches a quiet session. docs/registration.md."""

from django.core.management.base import BaseCommand

from groups.registrations import registration_offers_expire


class Command(BaseCommand):
    help = "Cancel offers of a place past their deadline, and offer the places to the next people."

    def handle(self, *args, **options):
        expired = registration_offers_expire()
        if options["verbosity"]:
            self.stdout.write(f"Let go of {expired} lapsed offer(s).")
