"""The documents' bodies (Vietnamese and English) are stored compressed (``PackedTextField``:
UTF-8 deflated, in a BLOB on SQLite, a bytea on PostgreSQL): they are read only for snippets and
to derive a document's words again, and were most of the index's size.

The columns change type first (SQLite remakes the table; PostgreSQL converts the text to its
UTF-8 bytes, which ``unpack_text`` reads as they are), then every row is packed, 2,000 at a
time. On SQLite the file keeps its size until a ``VACUUM`` hands the freed pages back."""

from django.db import migrations

import hoptac.search.models

COLUMNS = ("body", "body_en")
BATCH = 2000


class AlterBodyType(migrations.AlterField):
    """SQLite: Django's AlterField (the table remade, the values copied as they are).
    PostgreSQL: the column's type changed with an explicit conversion (text <-> its UTF-8
    bytes), where Django's ``USING body::bytea`` would read backslashes as escapes."""

    def _postgres(self, schema_editor, to_binary: bool) -> None:
        if to_binary:
            using = f"bytea USING convert_to(\"{self.name}\", 'UTF8')"
        else:
            using = f"text USING convert_from(\"{self.name}\", 'UTF8')"
        schema_editor.execute(
            f'ALTER TABLE search_document ALTER COLUMN "{self.name}" TYPE {using}'
        )

    def database_forwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self._postgres(schema_editor, True)
        else:
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state) -> None:
        if schema_editor.connection.vendor == "postgresql":
            self._postgres(schema_editor, False)
        else:
            super().database_backwards(app_label, schema_editor, from_state, to_state)


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
        *(
            AlterBodyType(
                model_name="document",
                name=name,
                field=hoptac.search.models.PackedTextField(blank=True),
            )
            for name in COLUMNS
        ),
        migrations.RunPython(pack_rows, unpack_rows, elidable=False),
    ]
