"""The task list's sort keys follow their lead's name and their agreement's reference: a renamed
organisation or agreement rewrites the key kept on its tasks (Task.save keeps the title's and
a new lead's or commitment's)."""

from __future__ import annotations

from django.db.models.signals import post_save

from hoptac.core.collation import stored_key
from hoptac.core.models import Organisation

from .models import Agreement, Task


def _organisation_saved(sender, instance: Organisation, created: bool, raw: bool = False, **kw):
    if created or raw:
        return
    key = stored_key(instance.name_vi)
    Task.objects.filter(lead_id=instance.pk).exclude(lead_sort=key).update(lead_sort=key)


def _agreement_saved(sender, instance: Agreement, created: bool, raw: bool = False, **kw):
    if created or raw:
        return
    key = stored_key(instance.reference)
    tasks = Task.objects.filter(commitment__agreement_id=instance.pk)
    tasks.exclude(agreement_sort=key).update(agreement_sort=key)


def connect() -> None:
    post_save.connect(
        _organisation_saved, sender=Organisation, dispatch_uid="programmes.sortkeys.organisation"
    )
    post_save.connect(
        _agreement_saved, sender=Agreement, dispatch_uid="programmes.sortkeys.agreement"
    )
