"""Fill PostgreSQL with a large catalogue for the benchmark: `python bench/generate.py 100000`.

Rows go in with COPY (about 100,000 episodes, 2,000 guests, 60 topics, five timeline
entries per episode) in well under a minute. The seed show must already be loaded.
"""

import os
import random
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402

from episodes.models import Episode, Guest, Show, TimelineEntry, Topic  # noqa: E402

GUESTS = 2_000
TOPICS = 60
TIMELINE_PER_EPISODE = 5
WORDS = [
    "diffusion",
    "transformers",
    "scaling",
    "reasoning",
    "agents",
    "alignment",
    "compression",
    "entropy",
    "retrieval",
    "benchmarks",
    "robotics",
    "optimisation",
    "representation",
    "sparsity",
    "tokens",
    "memory",
]


def next_id(model):
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT COALESCE(MAX(id), 0) + 1 FROM {model._meta.db_table}")
        return cursor.fetchone()[0]


def copy_rows(table, columns, rows):
    with connection.cursor() as cursor:
        with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT MAX(id) FROM {table}))"
        )


def sentence(rng, n):
    return " ".join(rng.choice(WORDS) for _ in range(n)).capitalize()


def generate(count):
    rng = random.Random(7)
    show = Show.objects.default()
    topic_start, guest_start, episode_start = next_id(Topic), next_id(Guest), next_id(Episode)
    topic_ids = range(topic_start, topic_start + TOPICS)
    guest_ids = range(guest_start, guest_start + GUESTS)
    episode_ids = range(episode_start, episode_start + count)

    copy_rows(
        Topic._meta.db_table,
        ["id", "name", "slug", "description"],
        ((i, f"Bench topic {i}", f"bench-topic-{i}", sentence(rng, 12)) for i in topic_ids),
    )
    copy_rows(
        Guest._meta.db_table,
        ["id", "name", "slug", "affiliation", "bio", "website"],
        (
            (i, f"Bench Guest {i}", f"bench-guest-{i}", "Bench Lab", sentence(rng, 20), "")
            for i in guest_ids
        ),
    )
    start = datetime(2015, 1, 1, tzinfo=UTC)
    now = datetime.now(UTC)
    span = (now - start).total_seconds()
    copy_rows(
        Episode._meta.db_table,
        [
            "id",
            "show_id",
            "title",
            "slug",
            "published_at",
            "duration_seconds",
            "description",
            "status",
            "listen_url",
            "updated_at",
        ],
        (
            (
                i,
                show.pk,
                f"Bench episode {i}: {sentence(rng, 5)}",
                f"bench-episode-{i}",
                start + timedelta(seconds=span * n / count),
                1800 + rng.randrange(3600),
                f"{sentence(rng, 40)}.\n\n{sentence(rng, 60)}.",
                "published" if n % 50 else "draft",
                "",
                now,
            )
            for n, i in enumerate(episode_ids)
        ),
    )
    guests = Episode.guests.through
    copy_rows(
        guests._meta.db_table,
        ["episode_id", "guest_id"],
        ((e, g) for e in episode_ids for g in {rng.choice(guest_ids), rng.choice(guest_ids)}),
    )
    topics = Episode.topics.through
    copy_rows(
        topics._meta.db_table,
        ["episode_id", "topic_id"],
        ((e, t) for e in episode_ids for t in {rng.choice(topic_ids), rng.choice(topic_ids)}),
    )
    copy_rows(
        TimelineEntry._meta.db_table,
        ["episode_id", "start_seconds", "title"],
        ((e, k * 300, sentence(rng, 6)) for e in episode_ids for k in range(TIMELINE_PER_EPISODE)),
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


if __name__ == "__main__":
    generate(int(sys.argv[1]) if len(sys.argv) > 1 else 100_000)
    print(f"{Episode.objects.count()} episodes, {Guest.objects.count()} guests")
