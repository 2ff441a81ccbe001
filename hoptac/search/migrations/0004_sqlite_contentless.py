"""SQLite: the six-column FTS5 table (folded, accented and pair forms of title and body) gives way
to contentless tables that store no text (see backends/sqlite.py); they are filled again from the
documents' stored title and body. PostgreSQL is unchanged."""

from django.db import migrations

OLD = "DROP TABLE IF EXISTS search_fts"
BATCH = 1000


def forwards(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "sqlite":
        return
    from hoptac.search.backends import sqlite
    from hoptac.search.index import analyse

    for statement in [OLD, *sqlite.DROP, *sqlite.CREATE]:
        schema_editor.execute(statement)
    backend = sqlite.SQLiteBackend()
    last = 0
    with schema_editor.connection.cursor() as cur:
        while True:
            cur.execute(
                "SELECT id, title, body FROM search_document WHERE id > %s ORDER BY id LIMIT %s",
                [last, BATCH],
            )
            rows = cur.fetchall()
            if not rows:
                break
            backend._insert(cur, [sqlite._rows(pk, analyse(t, b)) for pk, t, b in rows])
            last = rows[-1][0]


class Migration(migrations.Migration):
    dependencies = [("search", "0003_pgindex_without_foreign_key")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop, elidable=False)]
