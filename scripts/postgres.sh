# Sourced by scripts/test.sh and bench/ scripts: a throwaway PostgreSQL 15 in a
# temporary folder on a free port, with DATABASE_URL pointing at it. PG_OPTIONS adds
# server settings (the benchmarks give it the memory a production server would have).
PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}

start_postgres() {
  if [ ! -x "$PGBIN/initdb" ]; then
    echo "PostgreSQL server binaries not found in $PGBIN; installing postgresql" >&2
    apt-get update -qq && apt-get install -y -qq postgresql postgresql-contrib >/dev/null
  fi
  PGROOT=$(mktemp -d)
  PGPORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
  local run=()
  if [ "$(id -u)" = 0 ]; then
    chown postgres "$PGROOT"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$PGBIN/initdb" -D "$PGROOT/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 --no-sync >/dev/null
  "${run[@]}" "$PGBIN/pg_ctl" -D "$PGROOT/data" -l "$PGROOT/log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $PGPORT -k $PGROOT -c fsync=off -c synchronous_commit=off -c full_page_writes=off ${PG_OPTIONS:-}" start >/dev/null
  "$PGBIN/createdb" -h 127.0.0.1 -p "$PGPORT" -U postgres app
  export PGROOT PGPORT PGBIN PG_RUN="${run[*]}"
  export DATABASE_URL="postgresql://postgres@127.0.0.1:$PGPORT/app"
  echo "PostgreSQL running at $DATABASE_URL"
}

stop_postgres() {
  if [ -n "${PGROOT:-}" ] && [ -d "$PGROOT/data" ]; then
    $PG_RUN "$PGBIN/pg_ctl" -D "$PGROOT/data" -m fast -w stop >/dev/null || true
    rm -rf "$PGROOT"
  fi
}
