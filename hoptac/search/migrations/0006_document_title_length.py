"""The title's length in words, for the title signal (a short title that is mostly the query
ranks above a long one that merely holds it): on the documents (SQLite reads it there) and on
PostgreSQL's index table. Rows written before hold 0 until the index is read again, which
``apps._rebuild_after`` does once every app is migrated."""

from django.db import migrations, models


def add_to_pgindex(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE IF EXISTS search_pgindex "
            "ADD COLUMN IF NOT EXISTS title_length integer NOT NULL DEFAULT 0"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0005_document_in_two_languages")]

    operations = [
        migrations.AddField(
            model_name="document",
            name="title_length",
            field=models.PositiveIntegerField(default=0),
        ),
        migrations.RunPython(add_to_pgindex, migrations.RunPython.noop, elidable=False),
    ]
