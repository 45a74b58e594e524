"""Top lists for SQLite (backends/sqlite_top_lists.py): for each word in many
documents, the documents where it scores best, so a query of common words
is ranked from a few hundred candidates instead of every match. SQLite
only; PostgreSQL ranks large match sets its own way (backends/postgres.py)."""

from django.db import migrations

SQLITE_CREATE = (
    # One row per listed word: what any unlisted document can score for it
    # (see the module), and the average row length the values were measured with.
    "CREATE TABLE IF NOT EXISTS search_top_terms("
    "term TEXT PRIMARY KEY, bound REAL NOT NULL, avgdl REAL NOT NULL) WITHOUT ROWID",
    "CREATE TABLE IF NOT EXISTS search_top_docs("
    "term TEXT NOT NULL, value REAL NOT NULL, doc_id INTEGER NOT NULL,"
    " PRIMARY KEY (term, value, doc_id)) WITHOUT ROWID",
    "CREATE INDEX IF NOT EXISTS search_top_docs_doc ON search_top_docs(doc_id)",
)
SQLITE_DROP = (
    "DROP TABLE IF EXISTS search_top_docs",
    "DROP TABLE IF EXISTS search_top_terms",
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
    dependencies = [("search", "0009_business_and_civil_abbreviations")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
