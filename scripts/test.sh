#!/usr/bin/env bash
# Runs the whole suite twice: on SQLite, then on PostgreSQL.
# Extra arguments go to pytest (e.g. scripts/test.sh -k service -x).
# A pass that runs no test (pytest exit code 5) fails the run.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=.venv/bin
PG_URL="${TEST_POSTGRES_URL:-postgres://postgres@127.0.0.1:5432/layanan}"

run_pytest() {
  local label="$1"; shift
  "$@"
  local status=$?
  if [ "$status" -eq 5 ]; then
    echo "pytest collected no tests on $label: that is a failure, not a pass." >&2
  elif [ "$status" -ne 0 ]; then
    echo "Tests failed on $label (pytest exit code $status)." >&2
  fi
  return "$status"
}

echo "== Test suite on SQLite"
run_pytest SQLite env -u DATABASE_URL "$BIN/pytest" "$@" || exit $?

echo "== Test suite on PostgreSQL ($PG_URL)"
if ! "$BIN/python" - "$PG_URL" <<'PY'
import sys, psycopg, urllib.parse as u
url = u.urlparse(sys.argv[1])
try:
    psycopg.connect(
        host=url.hostname, port=url.port or 5432, user=url.username, password=url.password,
        dbname="postgres", connect_timeout=3,
    ).close()
except Exception as exc:
    print(f"PostgreSQL is not reachable: {exc}", file=sys.stderr)
    sys.exit(1)
PY
then
  echo "PostgreSQL is needed for the second half of the suite; the run stops here." >&2
  echo "Start it (Debian: pg_ctlcluster --skip-systemctl-redirect \$(ls /etc/postgresql) main start)" >&2
  echo "or point TEST_POSTGRES_URL at a server where the user may create databases." >&2
  exit 1
fi
run_pytest PostgreSQL env DATABASE_URL="$PG_URL" "$BIN/pytest" "$@" || exit $?
echo "== All tests passed on SQLite and PostgreSQL"
