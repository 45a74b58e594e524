#!/usr/bin/env bash
# Runs the whole suite twice: on SQLite, then on PostgreSQL.
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/layanan}"

echo "== Test suite on SQLite"
env -u DATABASE_URL "$BIN/pytest" "$@"

echo "== Test suite on PostgreSQL ($PG_URL)"
if ! "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg, urllib.parse as u
url = u.urlparse(sys.argv[1])
try:
    psycopg.connect(host=url.hostname, port=url.port or 5432, user=url.username, dbname="postgres", connect_timeout=3).close()
except Exception as exc:
    print(f"PostgreSQL is not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "PostgreSQL is needed for the second half of the suite." >&2
  echo "Start it (Debian: pg_ctlcluster <version> main start) or set TEST_POSTGRES_URL." >&2
  exit 1
fi
DATABASE_URL="$PG_URL" "$BIN/pytest" "$@"
