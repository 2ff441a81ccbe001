"""The options of the task filters (agreement, field, locality, lead organisation), built once
and kept in the cache until something they list changes.

Building them reads every agreement the user sees and every organisation that leads a task,
and makes a model instance and an option per row: at 100,000 tasks and 500 agreements that was
about 40% of the dashboard's time, for lists that change a few times a day. They are kept per
language and per set of agreements (the query that lists them, which names the user's
localities), under a generation that any change to what they list moves on; validation still
reads the database (Django's ModelChoiceField), so a stale option can never be accepted."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

from django.core.cache import cache
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.utils.translation import get_language

GENERATION_KEY = "programmes:filter-choices:generation"
TIMEOUT = 3600  # a bulk load that skips the signals shows within the hour at worst

Choices = list[tuple[str, str]]


def generation() -> int:
    value = cache.get(GENERATION_KEY)
    if value is None:
        cache.add(GENERATION_KEY, 1, None)
        value = cache.get(GENERATION_KEY) or 1
    return value


def bump(*_args, **_kwargs) -> None:
    """Something the filters list changed: every kept list is rebuilt on its next use."""
    try:
        cache.incr(GENERATION_KEY)
    except ValueError:
        cache.set(GENERATION_KEY, 2, None)


def kept(scope: str, build: Callable[[], dict[str, Choices]]) -> dict[str, Choices]:
    """The lists for this scope (a text naming what they depend on), built when not kept."""
    digest = hashlib.blake2b(scope.encode(), digest_size=12).hexdigest()
    key = f"programmes:filter-choices:{generation()}:{get_language()}:{digest}"
    value = cache.get(key)
    if value is None:
        value = build()
        cache.set(key, value, TIMEOUT)
    return value


def _task_saved(sender, instance, created: bool, raw: bool = False, **kwargs) -> None:
    # only a new lead can add one to the list of leads
    if created or getattr(instance, "_loaded_lead", None) != instance.lead_id:
        bump()


def connect() -> None:
    from hoptac.core.models import CooperationField, Locality, Organisation

    from .models import Agreement, Task

    for model in (Agreement, CooperationField, Locality, Organisation):
        post_save.connect(bump, sender=model, dispatch_uid=f"filter-choices.{model.__name__}")
        post_delete.connect(bump, sender=model, dispatch_uid=f"filter-choices.d.{model.__name__}")
    m2m_changed.connect(
        bump, sender=Agreement.parties.through, dispatch_uid="filter-choices.parties"
    )
    post_save.connect(_task_saved, sender=Task, dispatch_uid="filter-choices.task")
    post_delete.connect(bump, sender=Task, dispatch_uid="filter-choices.task-deleted")
