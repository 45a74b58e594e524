"""Postings for SQLite (backends/sqlite_postings.py): for each common word
and dictionary phrase, every document containing it with what its bm25
needs, so a query is ranked with array arithmetic instead of FTS5 scoring
each match. SQLite only."""

from django.db import migrations

SQLITE_CREATE = (
    # One row per posted word or phrase (terms joined by a space): its
    # documents as packed arrays (see the module), complete up to change `seq`.
    "CREATE TABLE IF NOT EXISTS search_postings(key TEXT PRIMARY KEY, seq INTEGER NOT NULL, data BLOB NOT NULL)",
    # Every document indexed or deleted since, in order.
    "CREATE TABLE IF NOT EXISTS search_postings_log("
    "seq INTEGER PRIMARY KEY AUTOINCREMENT, doc_id INTEGER NOT NULL)",
    # A changed document's entry for each posted key it contains, as of its change `seq`.
    "CREATE TABLE IF NOT EXISTS search_postings_delta("
    "key TEXT NOT NULL, seq INTEGER NOT NULL, doc_id INTEGER NOT NULL,"
    " tf_title INTEGER NOT NULL, tf_summary INTEGER NOT NULL, tf_body INTEGER NOT NULL,"
    " length INTEGER NOT NULL, official INTEGER NOT NULL, verified INTEGER NOT NULL,"
    " PRIMARY KEY (key, seq, doc_id)) WITHOUT ROWID",
)
SQLITE_DROP = (
    "DROP TABLE IF EXISTS search_postings_delta",
    "DROP TABLE IF EXISTS search_postings_log",
    "DROP TABLE IF EXISTS search_postings",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for statement in SQLITE_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0010_sqlite_top_lists")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
