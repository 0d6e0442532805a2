#!/usr/bin/env bash
# What the tests need beyond Python packages, installed only when missing.
set -euo pipefail
cd "$(dirname "$0")/.."
if [ ! -x /usr/lib/postgresql/15/bin/initdb ]; then
  apt-get update -qq && apt-get install -y -qq postgresql >/dev/null
fi
