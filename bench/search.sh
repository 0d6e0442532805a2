#!/usr/bin/env bash
# The search benchmark in one command: a throwaway PostgreSQL, bench/search_bench.py
# against it, and the server stopped again. Extra arguments go to the benchmark.
set -euo pipefail
cd "$(dirname "$0")/.."
make --no-print-directory install
source ./scripts/postgres.sh
# Room for the 100,000 episodes in PostgreSQL's own cache, as on a production server.
PG_OPTIONS="-c shared_buffers=1GB" start_postgres
trap stop_postgres EXIT
DJANGO_SECRET_KEY=benchmark-only DJANGO_CONN_MAX_AGE=0 .venv/bin/python bench/search_bench.py "$@"
