#!/usr/bin/env bash
# The whole suite: lint, then pytest on SQLite, then on a throwaway PostgreSQL
# that this script starts and always stops again. Extra arguments go to pytest.
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
$PY -m pytest "$@"
