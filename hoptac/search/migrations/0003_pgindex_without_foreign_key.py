from django.db import migrations


def drop_foreign_key(apps, schema_editor) -> None:
    # The PostgreSQL index table had a foreign key to the documents, which blocked Django's
    # flush (TRUNCATE of the managed tables); orphans are now pruned after migrate/flush.
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "ALTER TABLE IF EXISTS search_pgindex DROP CONSTRAINT IF EXISTS search_pgindex_id_fkey"
        )


class Migration(migrations.Migration):
    dependencies = [("search", "0002_fulltext")]

    operations = [migrations.RunPython(drop_foreign_key, migrations.RunPython.noop)]
