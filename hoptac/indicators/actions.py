"""Writes of the indicators app: every one here, atomic, with history."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db import transaction

from hoptac.core.models import Locality, User

from .catalogue import Parsed
from .models import Procedure

COMPARED = (
    "full_code",
    "name",
    "field_name",
    "agency_level",
    "agency",
    "online_level",
    "processing_days",
    "fee",
    "fee_vnd",
)


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    abolished: int = 0


def import_catalogue(
    locality: Locality,
    parsed: Parsed,
    *,
    by: User,
    today: dt.date,
    complete: bool = False,
    source: str = "",
) -> ImportResult:
    """Save a checked catalogue for ``locality``: new codes are added, a changed procedure gets a
    new version (the old one closed the day before), and with ``complete`` the codes absent from
    the file are closed as abolished. All or nothing; refuses a file with errors."""
    if parsed.errors:
        raise ValueError("a catalogue with errors is never saved")
    result = ImportResult()
    with transaction.atomic():
        current = {
            p.code: p
            for p in Procedure.objects.select_for_update().filter(
                locality=locality, valid_to__isnull=True
            )
        }
        for row in parsed.rows:
            values = dict(row.values)
            starts = values.pop("valid_from", None) or today
            existing = current.pop(values["code"], None)
            if existing is not None:
                if all(getattr(existing, f) == values.get(f) for f in COMPARED):
                    result.unchanged += 1
                    continue
                existing.valid_to = max(
                    starts - dt.timedelta(days=1), existing.valid_from or starts
                )
                existing._history_user = by
                existing.save(update_fields=["valid_to"])
                result.changed += 1
            else:
                result.added += 1
            procedure = Procedure(locality=locality, valid_from=starts, source=source, **values)
            procedure._history_user = by
            procedure.full_clean(validate_constraints=False)
            procedure.save()
        if complete:
            for procedure in current.values():
                procedure.valid_to = today - dt.timedelta(days=1)
                procedure._history_user = by
                procedure.save(update_fields=["valid_to"])
                result.abolished += 1
    return result
