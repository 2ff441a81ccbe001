"""The English title and body of a document apart from the Vietnamese ones (a result shows the
reader's language). A row written before keeps its mixed body, which indexes and deletes as
before (``analysis.document_text`` of an empty English text is the old analysis);
``manage.py rebuild_search_index`` splits it."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('search', '0004_sqlite_contentless'),
    ]

    operations = [
        migrations.AddField(
            model_name='document',
            name='body_en',
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name='document',
            name='title_en',
            field=models.TextField(blank=True),
        ),
    ]
