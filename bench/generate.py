"""Fill PostgreSQL with a large catalogue for bench/run.sh: `python bench/generate.py 100000`.

The episodes of bench/catalogue.py (about 20 timeline entries each, 3,000 guests, 60
topics) are added to the site's show, after the seed catalogue, with COPY; then the search
index is built, as for any bulk load, and the planner's statistics are refreshed.
"""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection, transaction  # noqa: E402

from bench.catalogue import Catalogue  # noqa: E402
from episodes.models import Episode, Guest, Show  # noqa: E402


def generate(count):
    catalogue = Catalogue()
    with transaction.atomic(), connection.cursor() as cursor:
        catalogue.setup(cursor, show_id=Show.objects.default().pk)
        catalogue.grow(cursor, count)
    call_command("rebuild_search_index", verbosity=0)  # COPY sent no signals
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    print(f"{Episode.objects.count():,} episodes, {Guest.objects.count():,} guests")
