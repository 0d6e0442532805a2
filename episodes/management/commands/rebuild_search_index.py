"""manage.py rebuild_search_index: rebuild every episode's search index entry."""

from django.core.management.base import BaseCommand

from episodes import page_cache, search
from episodes.models import Episode


class Command(BaseCommand):
    help = (
        "Rebuild the search index of every episode from the database. Saves in the admin keep "
        "it current; run this after writing to the tables by other means (SQL, COPY, a restore)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--batch-size", type=int, default=5_000, help="Episodes per statement (5,000)."
        )

    def handle(self, batch_size, **options):
        ids = list(Episode.objects.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(ids), batch_size):
            search.refresh(ids[start : start + batch_size])
        page_cache.bump_version()  # cached search results may have changed
        if options["verbosity"]:
            self.stdout.write(f"Rebuilt the search index of {len(ids):,} episodes.")
