"""The audit trail: who changed what, when, before and after, read from django-simple-history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import models
from simple_history.models import ModelChange


@dataclass(frozen=True)
class FieldChange:
    field: str
    label: str
    before: Any
    after: Any


@dataclass(frozen=True)
class AuditEntry:
    when: dt.datetime
    who: Any
    action: str  # "+" created, "~" changed, "-" deleted
    changes: list[FieldChange]
    reason: str


def _display(model: type[models.Model], name: str, value: Any) -> Any:
    try:
        f = model._meta.get_field(name)
    except Exception:
        return value
    if f.many_to_many and isinstance(value, list):
        # simple-history gives the rows of the through table: name the related objects
        key = f.m2m_reverse_field_name()
        ids = [row.get(key) for row in value if isinstance(row, dict)]
        return ", ".join(str(o) for o in f.related_model._default_manager.filter(pk__in=ids))
    if f.choices and value is not None:
        return dict(f.flatchoices).get(value, value)
    if f.is_relation and value is not None:
        related = f.related_model._default_manager.filter(pk=value).first()
        return related if related is not None else value
    return value


def _m2m_rows(records: list, names: list[str]) -> dict[str, dict[int, list[dict]]]:
    """The many-to-many rows of every record, one query per field for all of them (simple
    history's diff_against asks two per field and record: 150 queries on a task page with 50
    changes), in the form diff_against gives them: the through rows, ordered by the target."""
    from simple_history import utils

    out: dict[str, dict[int, list[dict]]] = {}
    if not records:
        return out
    ids = [r.history_id for r in records]
    for name in names:
        field = records[0].instance_type._meta.get_field(name)
        order = utils.get_m2m_reverse_field_name(field)
        through = getattr(records[0], name).model
        keep = [
            f.name
            for f in through._meta.fields
            if f.editable and f.name not in ("id", "m2m_history_id", "history")
        ]
        rows: dict[int, list[dict]] = {}
        for row in (
            through.objects.filter(history_id__in=ids).order_by(order).values("history_id", *keep)
        ):
            rows.setdefault(row.pop("history_id"), []).append(row)
        out[name] = rows
    return out


def changes_for(obj: models.Model, limit: int = 50) -> list[AuditEntry]:
    """The object's history, newest first, each entry with the fields it changed."""
    records = list(
        obj.history.select_related("history_user").order_by("-history_date", "-history_id")[
            : limit + 1
        ]
    )
    model = obj.__class__
    m2m_names = [f.name for f in records[0]._history_m2m_fields] if records else []
    m2m_rows = _m2m_rows(records, m2m_names)
    entries: list[AuditEntry] = []
    for i, record in enumerate(records[:limit]):
        previous = records[i + 1] if i + 1 < len(records) else None
        changes: list[FieldChange] = []
        if previous is not None and record.history_type == "~":
            delta = record.diff_against(previous, excluded_fields=m2m_names)
            for name in m2m_names:
                old = m2m_rows[name].get(previous.history_id, [])
                new = m2m_rows[name].get(record.history_id, [])
                if old != new:
                    delta.changes.append(ModelChange(name, old, new))
            delta.changes.sort(key=lambda change: change.field)
            for change in delta.changes:
                label = str(model._meta.get_field(change.field).verbose_name)
                changes.append(
                    FieldChange(
                        change.field,
                        label,
                        _display(model, change.field, change.old),
                        _display(model, change.field, change.new),
                    )
                )
        entries.append(
            AuditEntry(
                when=record.history_date,
                who=record.history_user,
                action=record.history_type,
                changes=changes,
                reason=record.history_change_reason or "",
            )
        )
    return entries
