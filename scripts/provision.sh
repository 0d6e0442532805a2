#!/usr/bin/env bash
# What the tests need beyond Python packages, installed only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
if [ ${#missing[@]} -gt 0 ]; then
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi
