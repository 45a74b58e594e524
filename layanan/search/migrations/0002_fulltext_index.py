"""The backend's full-text tables: FTS5 on SQLite; tsvector + GIN and pg_trgm
on PostgreSQL. Each part runs only on its own database. The SQL is written
out here (not imported) so this migration never changes after the fact."""

from django.db import migrations

TOKENIZER = "unicode61 remove_diacritics 0 tokenchars '/.'"

SQLITE_CREATE = [
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_fts USING fts5(title, summary, body, tokenize=\"{TOKENIZER}\")",
    f"CREATE VIRTUAL TABLE IF NOT EXISTS search_suggest_fts USING fts5("
    f"title_words, tokenize=\"{TOKENIZER}\", prefix='2 3')",
]
SQLITE_DROP = ["DROP TABLE IF EXISTS search_fts", "DROP TABLE IF EXISTS search_suggest_fts"]

POSTGRES_CREATE = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    """CREATE TABLE IF NOT EXISTS search_pg_index (
        document_id bigint PRIMARY KEY REFERENCES search_searchdocument(id) ON DELETE CASCADE
            DEFERRABLE INITIALLY DEFERRED,
        tsv tsvector NOT NULL,
        title_tsv tsvector NOT NULL
    )""",
    "CREATE INDEX IF NOT EXISTS search_pg_index_tsv_gin ON search_pg_index USING gin (tsv)",
    "CREATE INDEX IF NOT EXISTS search_pg_index_title_gin ON search_pg_index USING gin (title_tsv)",
    "CREATE INDEX IF NOT EXISTS search_vocabulary_term_trgm ON search_vocabularyterm USING gin (term gin_trgm_ops)",
]
POSTGRES_DROP = [
    "DROP INDEX IF EXISTS search_vocabulary_term_trgm",
    "DROP TABLE IF EXISTS search_pg_index",
]


def _run(schema_editor, sqlite, postgres):
    vendor = schema_editor.connection.vendor
    statements = {"sqlite": sqlite, "postgresql": postgres}.get(vendor, [])
    for statement in statements:
        schema_editor.execute(statement)


def create(apps, schema_editor):
    _run(schema_editor, SQLITE_CREATE, POSTGRES_CREATE)


def drop(apps, schema_editor):
    _run(schema_editor, SQLITE_DROP, POSTGRES_DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
