"""The documents' bodies (Vietnamese and English) are stored compressed (``PackedTextField``:
UTF-8 deflated, in a BLOB on SQLite, a bytea on PostgreSQL): they are read only for snippets and
to derive a document's words again, and were most of the index's size.

The columns change type first (SQLite remakes the table; PostgreSQL converts the text to its
UTF-8 bytes, which ``unpack_text`` reads as they are), then every row is packed, 2,000 at a
time. On SQLite the file keeps its size until a ``VACUUM`` hands the freed pages back."""

from django.db import migrations, models

import hoptac.search.models

COLUMNS = ("body", "body_en")
BATCH = 2000


def _field(model, name, packed=True):
    field = (hoptac.search.models.PackedTextField if packed else models.TextField)(blank=True)
    field.set_attributes_from_name(name)
    field.model = model
    return field


def to_binary(apps, schema_editor) -> None:
    model = apps.get_model("search", "Document")
    if schema_editor.connection.vendor == "postgresql":
        for name in COLUMNS:
            schema_editor.execute(
                f'ALTER TABLE search_document ALTER COLUMN "{name}" TYPE bytea '
                f"USING convert_to(\"{name}\", 'UTF8')"
            )
        return
    for name in COLUMNS:
        schema_editor.alter_field(model, _field(model, name, False), _field(model, name))


def to_text(apps, schema_editor) -> None:
    model = apps.get_model("search", "Document")
    if schema_editor.connection.vendor == "postgresql":
        for name in COLUMNS:
            schema_editor.execute(
                f'ALTER TABLE search_document ALTER COLUMN "{name}" TYPE text '
                f"USING convert_from(\"{name}\", 'UTF8')"
            )
        return
    for name in COLUMNS:
        schema_editor.alter_field(model, _field(model, name), _field(model, name, False))


def _rewrite(schema_editor, convert) -> None:
    """Each row's bodies read raw and written back through ``convert``, by ascending id."""
    last = 0
    with schema_editor.connection.cursor() as cur:
        while True:
            cur.execute(
                "SELECT id, body, body_en FROM search_document WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cur.fetchall()
            if not rows:
                return
            last = rows[-1][0]
            cur.executemany(
                "UPDATE search_document SET body = %s, body_en = %s WHERE id = %s",
                [(convert(body), convert(body_en), pk) for pk, body, body_en in rows],
            )


def pack_rows(apps, schema_editor) -> None:
    _rewrite(
        schema_editor, lambda v: hoptac.search.models.pack_text(hoptac.search.models.unpack_text(v))
    )


def unpack_rows(apps, schema_editor) -> None:
    if schema_editor.connection.vendor == "postgresql":  # still bytea: its UTF-8
        _rewrite(schema_editor, lambda v: hoptac.search.models.unpack_text(v).encode())
    else:  # text values, which the column of text keeps once remade
        _rewrite(schema_editor, hoptac.search.models.unpack_text)


class Migration(migrations.Migration):
    dependencies = [("search", "0009_pair_lists")]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="document",
                    name=name,
                    field=hoptac.search.models.PackedTextField(blank=True),
                )
                for name in COLUMNS
            ],
            database_operations=[migrations.RunPython(to_binary, to_text, elidable=False)],
        ),
        migrations.RunPython(pack_rows, unpack_rows, elidable=False),
    ]
