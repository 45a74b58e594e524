"""Tell Django about the PostgreSQL index table that migration 0002 created,
so a test database flush truncates it with the document table it references.
State only: the table already exists (on PostgreSQL; on SQLite the model is
not migratable at all)."""

import django.contrib.postgres.search
import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("search", "0003_seed_dictionary")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name="PostgresIndexEntry",
                    fields=[
                        ("document", models.OneToOneField(
                            db_column="document_id", on_delete=django.db.models.deletion.DO_NOTHING,
                            primary_key=True, related_name="+", serialize=False, to="search.searchdocument",
                        )),
                        ("tsv", django.contrib.postgres.search.SearchVectorField()),
                        ("title_tsv", django.contrib.postgres.search.SearchVectorField()),
                    ],
                    options={
                        "verbose_name": "PostgreSQL index entry",
                        "verbose_name_plural": "PostgreSQL index entries",
                        "db_table": "search_pg_index",
                        "required_db_vendor": "postgresql",
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
