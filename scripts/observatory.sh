#!/usr/bin/env bash
# Scan the site with the Mozilla HTTP Observatory CLI over plain HTTP (not a test; the
# score is recorded in README). Serves the seed catalogue with gunicorn on 127.0.0.1:80,
# since the CLI scans the default port only. Needs root (port 80), Node and npm.
# Usage: scripts/observatory.sh  -> prints the score and every test that lost points.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=$PWD/.venv/bin/python
TOOL=.observatory
SCANNER=$TOOL/node_modules/@mdn/mdn-http-observatory

if [ ! -f "$SCANNER/src/scan.js" ]; then
  mkdir -p "$TOOL"
  # --ignore-scripts: its postinstall downloads lists and fails offline.
  npm install --prefix "$TOOL" --ignore-scripts --no-audit --no-fund @mdn/mdn-http-observatory >/dev/null
fi
[ -f "$SCANNER/conf/hsts-preload.json" ] || echo '{}' > "$SCANNER/conf/hsts-preload.json"

WORK=$(mktemp -d)
export DATABASE_URL="sqlite:///$WORK/db.sqlite3"
export DJANGO_SECRET_KEY=$($PY -c 'import secrets; print(secrets.token_urlsafe(50))')
export ALLOWED_HOSTS=127.0.0.1 DJANGO_SSL_REDIRECT=0
export GUNICORN_BIND=127.0.0.1:80 GUNICORN_WORKERS=2 GUNICORN_ACCESS_LOG=
$PY manage.py migrate --no-input -v 0
$PY manage.py loaddata fixtures/seed.json -v 0
$PY manage.py collectstatic --no-input -v 0
$PY -m gunicorn -c gunicorn.conf.py --pid "$WORK/gunicorn.pid" --daemon
trap 'kill "$(cat "$WORK/gunicorn.pid")"; rm -rf "$WORK"' EXIT
for _ in $(seq 50); do curl -fs -o /dev/null http://127.0.0.1/healthz && break; sleep 0.2; done

node "$SCANNER/src/scan.js" 127.0.0.1 > "$WORK/scan.json"
$PY - "$WORK/scan.json" <<'PYEOF'
import json, sys
result = json.load(open(sys.argv[1]))
scan = result["scan"]
print(f"Observatory: score {scan['score']}, grade {scan['grade']}, "
      f"{scan['testsPassed']}/{scan['testsQuantity']} tests passed")
for name, test in sorted(result["tests"].items()):
    if test.get("scoreModifier", 0) or not test.get("pass", True):
        print(f"  {name}: {test['result']} ({test.get('scoreModifier', 0):+d})")
PYEOF
