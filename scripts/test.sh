#!/usr/bin/env bash
# The whole suite: lint, then pytest on SQLite, then on a throwaway PostgreSQL
# that this script starts and always stops again. Extra arguments go to pytest.
# The real-browser tests (marker `browser`) run on SQLite only: they check what the
# pages look and read like, which the database does not change, and take minutes.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python

.venv/bin/ruff check .
.venv/bin/ruff format --check .
./scripts/provision.sh

echo "=== pytest on SQLite"
env -u DATABASE_URL $PY -m pytest "$@"

echo "=== pytest on PostgreSQL"
source ./scripts/postgres.sh
start_postgres
trap stop_postgres EXIT
$PY -m pytest -m "not browser" "$@"
