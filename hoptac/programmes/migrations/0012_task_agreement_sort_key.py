from django.conf import settings
from django.db import migrations, models

import hoptac.core.collation


def fill_agreement_keys(apps, schema_editor):
    """The key of the tasks already there: one UPDATE per agreement (Task.save and the
    agreement's renaming keep them from now on)."""
    from hoptac.core.collation import stored_key

    Agreement = apps.get_model("programmes", "Agreement")
    Task = apps.get_model("programmes", "Task")
    for pk, reference in Agreement.objects.values_list("pk", "reference").iterator():
        Task.objects.filter(commitment__agreement_id=pk).update(
            agreement_sort=stored_key(reference)
        )


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0007_demo_load"),
        ("programmes", "0011_task_list_start_and_progress_indexes"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="task",
            name="agreement_sort",
            field=hoptac.core.collation.SortKeyField(default="", editable=False, max_length=500),
        ),
        migrations.RunPython(fill_agreement_keys, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="task",
            index=models.Index(
                fields=["agreement_sort", "id", "commitment"], name="task_agreement_sort"
            ),
        ),
    ]
