"""PostgreSQL: keep each document's vectors inside its row. PostgreSQL only.

A row of search_searchdocument with its 1.5 kB vectors and its texts passes
TOAST's 2 kB threshold, and the default storage moves the largest column out
first: the vectors, which cannot be compressed. Re-ranking then read each
candidate's vectors through the TOAST table: 6–7 ms for 100 candidates the
first time, against about 1 ms from the row (measured at 100 000 documents).
With MAIN storage the texts are compressed and moved out instead, and the
snippets read those for the 20 shown results only.

Existing vectors are rewritten so they move back into their rows: on a large
index this migration takes a while (about 10 s per 100 000 documents).
"""

from django.db import migrations

TABLE = "search_searchdocument"


def inline(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN embedding SET STORAGE MAIN")
        # A new value is stored by the new rule; an unchanged one keeps its place.
        schema_editor.execute(f"UPDATE {TABLE} SET embedding = embedding || ''::bytea WHERE embedding IS NOT NULL")


def default(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"ALTER TABLE {TABLE} ALTER COLUMN embedding SET STORAGE EXTENDED")


class Migration(migrations.Migration):
    dependencies = [("search", "0012_postgres_word_trigrams")]

    operations = [migrations.RunPython(inline, default)]
