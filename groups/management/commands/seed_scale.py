from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.utils import timezone

from groups.scale import seed_scale
from regions.models import Region


def positive(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


class Command(BaseCommand):
    help = (
        "Load a deterministic synthetic network for benchmarks into a database with no regions "
        "yet: N regions of M groups each, with the demo's variety."
    )

    def add_arguments(self, parser):
        parser.add_argument("--regions", type=positive, required=True, metavar="N")
        parser.add_argument("--groups-per-region", type=positive, required=True, metavar="M")
        parser.add_argument("--seed", type=int, default=1, metavar="S")

    def handle(self, *args, regions, groups_per_region, seed, **options):
        if Region.objects.exists():
            raise CommandError(
                "seed_scale loads a whole network into an empty database, and this one already "
                "has regions. Use a fresh database (see make bench)."
            )
        made = seed_scale(
            regions=regions,
            groups_per_region=groups_per_region,
            seed=seed,
            today=timezone.localdate(),
        )
        # The planner's statistics, as autovacuum would soon make them: a query planned on the
        # empty tables' statistics may scan a whole table that an index would answer.
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
        self.stdout.write(
            self.style.SUCCESS("Created " + ", ".join(f"{n} {what}" for what, n in made.items()))
        )
