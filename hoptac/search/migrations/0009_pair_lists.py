"""The posting lists are compressed and hold the pairs side by side (``postings.pair_term``),
which replace the word sequences: lists packed before are dropped and marked stale, so search
uses SQL until the worker (``search.pack_postings``) or ``optimize`` packs them again.

On PostgreSQL the ``varchar_pattern_ops`` index Django adds beside a character primary key
(for ``LIKE``) is dropped: the lists are read by equal terms only, and with the pairs it would
be as large as the primary key's (an ``AlterField`` of ``Posting.term`` would bring it back)."""

from django.db import migrations


def forget_packed(apps, schema_editor) -> None:
    apps.get_model("search", "Posting").objects.all().delete()
    apps.get_model("search", "PostingState").objects.filter(pk=1).update(built=0)


def drop_like_index(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    with schema_editor.connection.cursor() as cur:
        cur.execute(
            "SELECT indexname FROM pg_indexes WHERE tablename = 'search_posting' "
            "AND indexname LIKE %s",
            ["search\\_posting\\_term\\_%\\_like"],
        )
        for (name,) in cur.fetchall():
            cur.execute(f'DROP INDEX IF EXISTS "{name}"')


class Migration(migrations.Migration):
    dependencies = [("search", "0008_posting_scans")]

    operations = [
        migrations.RunPython(forget_packed, migrations.RunPython.noop, elidable=False),
        migrations.RunPython(drop_like_index, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="PostingSequence"),
    ]
