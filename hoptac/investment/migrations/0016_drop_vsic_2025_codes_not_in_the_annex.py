"""VSIC 2025 codes 2610 and 6210 were shipped in the partial list before the annex of Decision
36/2025/QĐ-TTg was loaded; the annex has no such codes (2611 and 2619, 6211 and 6219 instead:
data/README.md). Loading the full list cannot remove them (an import never deletes), so they go
here; a project or enterprise that named one keeps its code and is reclassified by its city."""

from django.db import migrations


def drop(apps, schema_editor):
    VsicCode = apps.get_model("investment", "VsicCode")
    VsicCode.objects.filter(version="2025", code__in=["2610", "6210"]).delete()


class Migration(migrations.Migration):
    dependencies = [("investment", "0015_contact_sources")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
