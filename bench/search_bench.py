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
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bottleneck_site.settings")

import django  # noqa: E402

django.setup()

from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402

from bench.catalogue import MOMENTS_PER_EPISODE, Catalogue  # noqa: E402
from episodes import search  # noqa: E402
from episodes.models import Episode  # noqa: E402

STEPS = (1_000, 10_000, 100_000)
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


def build_vectors(ids, batch=5_000):
    for position in range(0, len(ids), batch):
        search.refresh(list(ids[position : position + batch]))


def results_page(q):
    """The database work of one results page, as EpisodeListView does it."""
    found = search.run(Episode.objects.published().for_listing(), q)
    if found.count is None:  # the view's paginator counts only when the search did not
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
