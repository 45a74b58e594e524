"""A throwaway database for a benchmark run.

`setup(database_url)` must run before anything imports Django models:

* no URL (the default): a new SQLite file in a temporary directory;
* ``postgres://user@host:port/anything``: a new database named
  ``layanan_bench_<pid>`` is created on that server (the path part of the URL
  is ignored) and dropped at exit unless `keep` is set.

Then Django is set up with DATABASE_URL pointing there and all migrations run,
so the benchmark never touches the development or test databases.
"""

from __future__ import annotations

import atexit
import os
import shutil
import sys
import tempfile
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _postgres_admin_connect(url):
    import psycopg

    return psycopg.connect(
        host=url.hostname or "127.0.0.1", port=url.port or 5432, user=url.username or "postgres",
        password=url.password, dbname="postgres", autocommit=True,
    )


def setup(database_url: str | None = None, *, keep: bool = False, verbose: bool = True,
          reuse: str | None = None) -> str:
    """Create the database, configure Django for it, migrate. Returns a
    description. With `reuse` (the path of an SQLite file an earlier run
    kept, or the postgres:// URL of a database it kept), that database is
    used instead and never deleted."""
    workdir = Path(tempfile.mkdtemp(prefix="layanan-bench-"))
    os.environ["LAYANAN_VAR_DIR"] = str(workdir)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "layanan.settings")
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))

    if reuse and reuse.startswith(("postgres://", "postgresql://")):
        # a PostgreSQL database an earlier run kept (its name is printed first)
        os.environ["DATABASE_URL"] = reuse
        description = f"PostgreSQL database {urllib.parse.urlparse(reuse).path.lstrip('/')} (reused)"
        atexit.register(shutil.rmtree, workdir, True)
    elif reuse:
        path = Path(reuse).resolve()
        if not path.is_file():
            raise SystemExit(f"No database to reuse at {path}")
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        description = f"SQLite {path} (reused)"
        atexit.register(shutil.rmtree, workdir, True)
    elif not database_url or database_url.startswith("sqlite"):
        path = workdir / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
        description = f"SQLite {path}"
        if not keep:
            atexit.register(shutil.rmtree, workdir, True)
    elif database_url.startswith(("postgres://", "postgresql://")):
        url = urllib.parse.urlparse(database_url)
        name = f"layanan_bench_{os.getpid()}"
        with _postgres_admin_connect(url) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
        os.environ["DATABASE_URL"] = urllib.parse.urlunparse(url._replace(path=f"/{name}"))
        description = f"PostgreSQL database {name} on {url.hostname}"

        def drop():
            from django.db import connections

            connections.close_all()
            with _postgres_admin_connect(url) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

        if not keep:
            atexit.register(drop)
        atexit.register(shutil.rmtree, workdir, True)
    else:
        raise SystemExit(f"Unsupported database URL: {database_url}")

    import django
    from django.core.management import call_command

    django.setup()
    # As the WSGI and ASGI entry points do: the start-up objects out of the
    # garbage collector's full passes (layanan/wsgi.py).
    import gc

    gc.freeze()
    if verbose:
        print(f"# database: {description}", file=sys.stderr)
    call_command("migrate", verbosity=0, interactive=False)
    return description
