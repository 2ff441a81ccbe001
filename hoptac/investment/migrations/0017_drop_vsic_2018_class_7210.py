"""The partial VSIC 2018 list shipped before the full one had a class 7210, a VSIC 2007 code: the
VSIC 2018 side of the official correspondence table (Official Letter 3061/CTK-CSCL, Annex II)
splits group 721 into 7211-7214 and has no 7210 (data/README.md). Loading the full list cannot
remove it (an import never deletes), so it goes here; a project or enterprise that named it keeps
its code, shown unverified, and is reclassified by its city (the demo now uses 7213)."""

from django.db import migrations


def drop(apps, schema_editor):
    VsicCode = apps.get_model("investment", "VsicCode")
    VsicCode.objects.filter(version="2018", code="7210").delete()


class Migration(migrations.Migration):
    dependencies = [("investment", "0016_drop_vsic_2025_codes_not_in_the_annex")]

    operations = [migrations.RunPython(drop, migrations.RunPython.noop)]
