"""The posting lists are compressed and hold the pairs side by side (``postings.pair_term``),
which replace the word sequences: lists packed before are dropped and marked stale, so search
uses SQL until the worker (``search.pack_postings``) or ``optimize`` packs them again."""

from django.db import migrations


def forget_packed(apps, schema_editor) -> None:
    apps.get_model("search", "Posting").objects.all().delete()
    apps.get_model("search", "PostingState").objects.filter(pk=1).update(built=0)


class Migration(migrations.Migration):
    dependencies = [("search", "0008_posting_scans")]

    operations = [
        migrations.RunPython(forget_packed, migrations.RunPython.noop, elidable=False),
        migrations.DeleteModel(name="PostingSequence"),
    ]
