"""Smaller filter tables and documents (issue 19: PostgreSQL's index no larger than at its filing).

The documents' localities, fields and readers are keyed by their pair (document, value), with no
surrogate id: the key's index, document first, serves a document's deletion, so neither the id's
index nor the document's own is kept. A primary key cannot become composite in place: each table
is made again under a new name, its rows copied (these tables are derived from the documents'
objects, nothing else points at them), the old one dropped and the new one renamed.

The documents' indexes on ``kind``, ``date`` and ``public`` go: the search reads documents by
id only (the posting lists carry kinds, dates and visibility; PostgreSQL's SQL path filters on
its own table, ``search_pgindex``; SQLite's joins each full-text match to its document by id).
"""

import django.db.models.deletion
from django.db import migrations, models

TABLES = (
    ("DocumentLocality", "locality_id", True),
    ("DocumentField", "field_id", True),
    ("DocumentReader", "locality_id", False),
)


def operations() -> list:
    ops: list = []
    for name, column, indexed in TABLES:
        new = f"{name}ByPair"
        old_table, new_table = f"search_{name.lower()}", f"search_{new.lower()}"
        ops += [
            migrations.CreateModel(
                name=new,
                fields=[
                    (
                        "pk",
                        models.CompositePrimaryKey(
                            "document",
                            column,
                            blank=True,
                            editable=False,
                            primary_key=True,
                            serialize=False,
                        ),
                    ),
                    (
                        "document",
                        models.ForeignKey(
                            db_index=False,
                            on_delete=django.db.models.deletion.CASCADE,
                            related_name="+",
                            to="search.document",
                        ),
                    ),
                    (column, models.IntegerField(db_index=indexed)),
                ],
            ),
            migrations.RunSQL(
                f"INSERT INTO {new_table} (document_id, {column}) "  # noqa: S608
                f"SELECT DISTINCT document_id, {column} FROM {old_table}",
                f"INSERT INTO {old_table} (document_id, {column}) "  # noqa: S608
                f"SELECT document_id, {column} FROM {new_table}",
            ),
            migrations.DeleteModel(name=name),
            migrations.RenameModel(old_name=new, new_name=name),
        ]
    ops.append(
        migrations.AddIndex(
            model_name="documentreader",
            index=models.Index(fields=["locality_id", "document"], name="search_reader_idx"),
        )
    )
    return ops


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0010_packed_bodies"),
    ]

    operations = [
        *operations(),
        migrations.AlterField(
            model_name="document",
            name="kind",
            field=models.CharField(max_length=40),
        ),
        migrations.AlterField(
            model_name="document",
            name="date",
            field=models.DateField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="document",
            name="public",
            field=models.BooleanField(default=False),
        ),
    ]
