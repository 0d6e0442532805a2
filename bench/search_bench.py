"""Search latency on a large catalogue, in PostgreSQL, measured inside the process.

Run it with ``bench/search.sh`` (a throwaway PostgreSQL is started and stopped), or
against an empty PostgreSQL database named by DATABASE_URL:

    DJANGO_SECRET_KEY=bench DATABASE_URL=postgresql://... .venv/bin/python bench/search_bench.py

It grows a generated catalogue in steps (1,000, 10,000, then 100,000 episodes, each
with about 20 timeline entries: 2,000,000 at the end) written with COPY, builds the
search vectors in SQL with the same statement an editor's save runs, and after each
step times the work of a results page for a fixed set of queries: the count, the first
page, its highlights and its matching moments (what ``EpisodeListView`` asks the
database for). It prints p50 and p95 per step. Not part of the test suite.
"""

import argparse
import datetime
import os
import random
import statistics
import sys
import time
from itertools import accumulate
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from episodes import search  # noqa: E402
from episodes.models import Episode  # noqa: E402

STEPS = (1_000, 10_000, 100_000)
MOMENTS_PER_EPISODE = 20
GUESTS, TOPICS = 3_000, 60
QUERIES = (
    "world models",
    "diffusion",
    "reinforcement learning",
    '"world models"',
    "transformers -vision",
    "scal",  # a prefix: scaling, scale, scalable
    "difusion",  # misspelt: corrected to diffusion
    "kambhampati",  # a guest
    "benchmark contamination",
    "sparse autoencoders interpretability",
)
# The show's subject: every episode is about two of these pairs of words ("world
# models", "diffusion policy"...), which appear in its title, notes and some of its
# moments; the rest of the text comes from a long tail of made-up words, so each subject
# word is in a few percent of episodes and the vocabulary has the size of a real one.
TERM_TEXT = """model models learning training data scaling scale scalable language reasoning agents
    diffusion transformers attention benchmark evaluation alignment safety reinforcement world
    planning vision robotics interpretability sparse autoencoders tokens inference chain
    thought compute optimization gradient generalization memory retrieval synthetic
    contamination proofs mathematics verification search latent video audio protein"""
TERMS = TERM_TEXT.split()
SUBJECTS = [f"{first} {second}" for first in TERMS for second in TERMS if first != second]
SYLLABLE_TEXT = "ka lo mi ne ru ta vi so pe da fo gu le ri zo ba ni te mu sa"
SYLLABLES = SYLLABLE_TEXT.split()


def tail_words(rng, count):
    return ["".join(rng.choices(SYLLABLES, k=rng.randint(2, 4))) for _ in range(count)]


class Catalogue:
    """Generates rows deterministically, step after step, and COPYs them in."""

    def __init__(self, seed=2026):
        self.rng = random.Random(seed)
        self.words = tail_words(self.rng, 20_000)
        # Zipf-like weights: a few filler words are common, most are rare.
        self.cum_weights = list(accumulate(1 / (rank + 1) for rank in range(len(self.words))))
        self.episodes = 0
        self.moment_id = 0

    def text(self, count, subject=""):
        words = self.rng.choices(self.words, cum_weights=self.cum_weights, k=count)
        if subject:
            words.insert(self.rng.randrange(count), subject)
        return " ".join(words).capitalize()

    def setup(self, cursor):
        cursor.execute(
            "INSERT INTO episodes_show (id, title, slug, summary, about, category, language, "
            "copyright, cover_art) VALUES (1, 'Bench', 'bench', '', '', 'Science', 'en', '', "
            "'img/cover.svg')"
        )
        with cursor.copy("COPY episodes_topic (id, name, slug, description) FROM STDIN") as copy:
            for pk in range(1, TOPICS + 1):
                name = f"{self.text(2)} {pk}"
                copy.write_row((pk, name, f"topic-{pk}", ""))
        guests = "COPY episodes_guest (id, name, slug, affiliation, bio, website) FROM STDIN"
        with cursor.copy(guests) as copy:
            copy.write_row((1, "Rao Kambhampati", "guest-1", "Arizona State", "", ""))
            for pk in range(2, GUESTS + 1):
                name = " ".join(w.capitalize() for w in tail_words(self.rng, 2))
                copy.write_row((pk, name, f"guest-{pk}", f"{self.text(1)} Lab", "", ""))

    def grow(self, cursor, total):
        first, self.episodes = self.episodes + 1, total
        ids = range(first, total + 1)
        subjects = {pk: self.rng.sample(SUBJECTS, 2) for pk in ids}
        start = datetime.datetime(2006, 1, 1, tzinfo=datetime.UTC)
        columns = (
            "id, show_id, title, slug, published_at, duration_seconds, description, status, "
            "listen_url, updated_at"
        )
        with cursor.copy(f"COPY episodes_episode ({columns}) FROM STDIN") as copy:
            for pk in ids:
                published = start + datetime.timedelta(minutes=self.rng.randrange(10_000_000))
                status = "draft" if self.rng.random() < 0.02 else "published"
                main, other = subjects[pk]
                title = self.text(6, main)
                description = f"{self.text(60, main)}.\n\n{self.text(40, other)}."
                copy.write_row(
                    (pk, 1, title, f"episode-{pk}", published, 3600, description)
                    + (status, "", published)
                )
        with cursor.copy("COPY episodes_episode_guests (episode_id, guest_id) FROM STDIN") as copy:
            for pk in ids:
                for guest in set(self.rng.choices(range(1, GUESTS + 1), k=2)):
                    copy.write_row((pk, guest))
        with cursor.copy("COPY episodes_episode_topics (episode_id, topic_id) FROM STDIN") as copy:
            for pk in ids:
                for topic in set(self.rng.choices(range(1, TOPICS + 1), k=3)):
                    copy.write_row((pk, topic))
        moments = "COPY episodes_timelineentry (id, episode_id, start_seconds, title) FROM STDIN"
        with cursor.copy(moments) as copy:
            for pk in ids:
                for position in range(MOMENTS_PER_EPISODE):
                    self.moment_id += 1
                    subject = self.rng.choice(subjects[pk]) if self.rng.random() < 0.25 else ""
                    title = self.text(5, subject)
                    copy.write_row((self.moment_id, pk, position * 170, title))
        for table in ("episode", "topic", "guest", "timelineentry"):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('episodes_{table}', 'id'), "
                f"(SELECT max(id) FROM episodes_{table}))"
            )
        return ids


def build_vectors(ids, batch=5_000):
    for position in range(0, len(ids), batch):
        search.refresh(list(ids[position : position + batch]))


def results_page(q):
    """The database work of one results page, as EpisodeListView does it."""
    found = search.run(Episode.objects.published().for_listing(), q)
    found.queryset.count()
    page = list(found.queryset[:10])
    search.describe(page, found)


def one_episode(q):
    """A yardstick timed alongside: fetch one episode by primary key."""
    Episode.objects.filter(pk=1).first()


def measure(page, rounds):
    """p50 and p95 in milliseconds of ``page`` over the queries, ``rounds`` times."""
    for q in QUERIES:  # warm the caches once
        page(q)
    timings = []
    for _ in range(rounds):
        for q in QUERIES:
            started = time.perf_counter()
            page(q)
            timings.append((time.perf_counter() - started) * 1000)
    timings.sort()
    return statistics.median(timings), timings[int(0.95 * (len(timings) - 1))]


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20, help="timed passes over the queries")
    parser.add_argument(
        "--budget-minutes", type=float, default=20, help="give up if building takes longer"
    )
    parser.add_argument(
        "--steps",
        type=lambda value: [int(step) for step in value.split(",")],
        default=list(STEPS),
        help="catalogue sizes to measure, comma-separated (default 1000,10000,100000)",
    )
    args = parser.parse_args()
    if connection.vendor != "postgresql":
        sys.exit("The benchmark needs PostgreSQL: set DATABASE_URL (or use bench/search.sh).")

    began = time.monotonic()
    call_command("migrate", verbosity=0)
    catalogue = Catalogue()
    with connection.cursor() as cursor:
        catalogue.setup(cursor)
    results = []
    for total in args.steps:
        step_began = time.monotonic()
        with connection.cursor() as cursor:
            ids = catalogue.grow(cursor, total)
        copied = time.monotonic() - step_began
        build_vectors(ids)
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
        built = time.monotonic() - step_began - copied
        moments = total * MOMENTS_PER_EPISODE
        p50, p95 = measure(results_page, args.rounds)
        yardstick, _ = measure(one_episode, args.rounds)
        results.append((total, p50, p95))
        print(
            f"{total:>7,} episodes, {moments:>9,} moments: p50 {p50:6.1f} ms, p95 {p95:6.1f} ms"
            f" (one-row query p50 {yardstick:.1f} ms; COPY {copied:.0f} s, vectors {built:.0f} s,"
            f" load {os.getloadavg()[0]:.1f})",
            flush=True,
        )
        if (time.monotonic() - began) / 60 > args.budget_minutes:
            sys.exit(f"Stopped: building took longer than {args.budget_minutes} minutes.")
    ratio = results[-1][2] / results[0][2]
    print(f"p95 at {args.steps[-1]:,} is {ratio:.1f} x p95 at {args.steps[0]:,}")
    print(f"{len(QUERIES)} queries x {args.rounds} rounds per step: " + "; ".join(QUERIES))
    print(f"{os.cpu_count()} CPUs; load: the 1-minute load average after each step.")


if __name__ == "__main__":
    main()
