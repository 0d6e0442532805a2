#!/usr/bin/env bash
# What the tests need beyond Python packages, installed only when missing:
# PostgreSQL's server, Debian's Chromium (browser tests), Java and the Nu HTML Checker.
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/postgresql/15/bin/initdb ] || missing+=(postgresql)
command -v redis-server >/dev/null || missing+=(redis-server)
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v java >/dev/null || missing+=(default-jre-headless)
command -v npm >/dev/null || missing+=(nodejs npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "provision: installing ${missing[*]}"
  apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# vnu-jar, pinned by package-lock.json; its postinstall (a Java download) is not needed.
if [ ! -f node_modules/vnu-jar/build/dist/vnu.jar ] || [ package-lock.json -nt node_modules ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
fi
