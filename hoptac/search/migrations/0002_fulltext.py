"""The full-text table of the database's own kind (FTS5 on SQLite, tsvector on PostgreSQL)."""

from django.db import migrations


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from hoptac.search.backends import sqlite

        for statement in sqlite.CREATE:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        from hoptac.search.backends import postgres

        for statement in postgres.CREATE:
            schema_editor.execute(statement)


def drop(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        from hoptac.search.backends import sqlite

        for statement in sqlite.DROP:
            schema_editor.execute(statement)
    elif vendor == "postgresql":
        from hoptac.search.backends import postgres

        for statement in postgres.DROP:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(create, drop, elidable=False)]
