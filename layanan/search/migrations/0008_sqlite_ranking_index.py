"""A covering index of what SQLite's ranking, counts and facets read from a
document: its id, boosts, filter and facet columns. A document row carries
its text and a 1.5 kB embedding, so a 4 kB page holds one or two; joining
ten thousand matches to their rows read ten thousand pages (about 2 µs
each, 40 ms for "ktp" at 100 000 documents). The index entries are about
150 bytes, so the same join reads a few hundred pages, mostly cached.
SQLite only: the backend names it in INDEXED BY (the planner would always
take the rowid). PostgreSQL plans its own joins."""

from django.db import migrations

SQLITE_CREATE = (
    "CREATE INDEX IF NOT EXISTS search_document_ranking ON search_searchdocument("
    "id, official, verified_at, doc_type, agency_slug, category_slug, region_code,"
    " agency_name, category_name, region_name)"
)
SQLITE_DROP = "DROP INDEX IF EXISTS search_document_ranking"


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_CREATE)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(SQLITE_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0007_semantic_embedding")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
