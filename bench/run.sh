#!/usr/bin/env bash
# The scale benchmark (not a test): 100,000 episodes in a throwaway PostgreSQL, served by
# gunicorn, driven by wrk on 127.0.0.1. Usage: bench/run.sh [EPISODES]
# Bounded: about 3 minutes of load in all (BENCH_SECONDS per URL, cold and warm).
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
EPISODES=${1:-100000}

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
command -v redis-server >/dev/null || { apt-get update -qq && apt-get install -y -qq redis-server >/dev/null; }
source ./scripts/postgres.sh
# Room for the 100,000 episodes in PostgreSQL's own cache, as on a production server.
PG_OPTIONS="-c shared_buffers=1GB" start_postgres
trap stop_postgres EXIT

export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')}
export DJANGO_INSECURE_HTTP=1
$PY manage.py migrate --no-input -v 0
$PY manage.py loaddata fixtures/seed.json -v 0
$PY manage.py collectstatic --no-input -v 0
echo "Generating $EPISODES episodes"
time $PY bench/generate.py "$EPISODES"
mkdir -p bench/results
$PY bench/load.py | tee bench/results/latest.md
