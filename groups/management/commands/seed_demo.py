from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.template.defaultfilters import pluralize
from django.utils import timezone

from groups.demo import seed_demo
from regions.models import Region

SUMMARY = [
    ("regions", "region"),
    ("venues", "venue"),
    ("users", "user"),
    ("facilitators", "facilitator"),
    ("groups", "group"),
    ("cancelled", "cancelled session"),
    ("moved", "moved session"),
]
REFUSAL = (
    "seed_demo loads demo sign-ins with a known password; it refuses to run with DEBUG off. "
    "Use --force if you really mean it."
)


class Command(BaseCommand):
    help = "Load the demo network of six RLCs (idempotent). Every demo sign-in: peerhub-demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )
        parser.add_argument(
            "--if-empty", action="store_true", help="Do nothing when any region already exists."
        )

    def handle(self, *args, force=False, if_empty=False, **options):
        if not settings.DEBUG and not force:
            raise CommandError(REFUSAL)
        if if_empty and Region.objects.exists():
            self.stdout.write("Regions already exist; --if-empty, so nothing changed.")
            return
        with transaction.atomic():
            created = seed_demo(today=timezone.localdate())
        if not any(created.values()):
            self.stdout.write("The demo data is already loaded; nothing changed.")
            return
        made = ", ".join(
            f"{created[key]} {label}{pluralize(created[key])}" for key, label in SUMMARY
        )
        self.stdout.write(self.style.SUCCESS(f"Created {made}."))
