"""PostgreSQL's trigram index for typo correction: words only, and no
pending list. PostgreSQL only.

Typo correction looks up words (kind "word"), never stems, so the index
leaves out the stems (three quarters of the vocabulary). With GIN's default
fastupdate, new entries wait in a pending list that every lookup reads
through until a vacuum merges it: after a bulk load (up to 4 MB) a lookup
took 10–14 ms instead of about 1 ms. Without it each new word updates the
index at once, which costs little: a day brings few new words, and a bulk
load builds the index after the rows (BulkLoader).
"""

from django.db import migrations

POSTGRES_CREATE = (
    "DROP INDEX IF EXISTS search_vocabulary_term_trgm",
    "CREATE INDEX IF NOT EXISTS search_vocabulary_word_trgm ON search_vocabularyterm"
    " USING gin (term gin_trgm_ops) WITH (fastupdate = off) WHERE kind = 'word'",
)
POSTGRES_DROP = (
    "DROP INDEX IF EXISTS search_vocabulary_word_trgm",
    "CREATE INDEX IF NOT EXISTS search_vocabulary_term_trgm ON search_vocabularyterm USING gin (term gin_trgm_ops)",
)


def create(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0011_sqlite_postings")]

    operations = [migrations.RunPython(create, drop, elidable=False)]
