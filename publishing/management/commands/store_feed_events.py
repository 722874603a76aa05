"""Build and store every public group's feed events that are not stored under their current key
(publishing/models.py): a release step, after ``migrate``. With nothing changed it only compares
keys (under a second at national size); after a new calendar text format or site address it
builds them all (about 20 s for 18,000 groups), before any visitor asks for a feed."""

import time

from django.core.management.base import BaseCommand

from publishing.feeds import store_events


class Command(BaseCommand):
    help = "Build and store the public groups' feed events that are not stored as they are now."

    def handle(self, *args, **options):
        started = time.monotonic()
        stored = store_events()
        if options["verbosity"]:
            left_out = (
                f", {stored.left_out} left out (a schedule that cannot be expanded; logged)"
                if stored.left_out
                else ""
            )
            self.stdout.write(
                f"Feed events of {stored.groups} public group(s): {stored.built} built and "
                f"stored, {stored.already} stored already{left_out}."
            )
        if options["verbosity"] > 1:
            self.stdout.write(f"Took {time.monotonic() - started:.1f} s.")
