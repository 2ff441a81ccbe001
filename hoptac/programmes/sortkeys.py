"""The task list's sort keys follow their lead's name: a renamed organisation rewrites the key
kept on its tasks (Task.save keeps the title's and a new lead's)."""

from __future__ import annotations

from django.db.models.signals import post_save

from hoptac.core.collation import stored_key
from hoptac.core.models import Organisation

from .models import Task


def _organisation_saved(sender, instance: Organisation, created: bool, raw: bool = False, **kw):
    if created or raw:
        return
    key = stored_key(instance.name_vi)
    Task.objects.filter(lead_id=instance.pk).exclude(lead_sort=key).update(lead_sort=key)


def connect() -> None:
    post_save.connect(
        _organisation_saved, sender=Organisation, dispatch_uid="programmes.sortkeys.organisation"
    )
