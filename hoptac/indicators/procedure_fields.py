"""The fields (lĩnh vực) a procedure may belong to: the reference list of ``data/procedure_fields
.json`` (its sources, codes and choices are in the file) and the fields a city adds for itself.

A field is matched without accents, case, punctuation or extra spaces and kept under its listed
spelling, so that the comparison pages group one field once. A name in neither list is refused
by the catalogue import and the hand-entry form; a coordinator of the city may add it as the
city's own field (``add_local``), which that city alone then uses.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass
from pathlib import Path

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from hoptac.core.models import Locality
from hoptac.core.text import fold_key, vi_sort_key

from .models import LocalProcedureField

DATA = Path(__file__).parent / "data" / "procedure_fields.json"


def key(text: object) -> str:
    """How two writings of a field are compared: "Thi đua - khen thưởng" and "THI DUA, KHEN
    THUONG" are one key."""
    return " ".join(re.sub(r"[^0-9a-z]+", " ", fold_key(text)).split())


@dataclass(frozen=True)
class Field:
    name: str
    codes: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()
    spellings: tuple[str, ...] = ()
    note: str = ""


@functools.cache
def data() -> dict:
    """The data file as read (its sources, what was read, choices and fields)."""
    return json.loads(DATA.read_text(encoding="utf-8"))


@functools.cache
def reference() -> tuple[Field, ...]:
    """The reference list, in the file's order."""
    return tuple(
        Field(
            name=f["name"],
            codes=tuple(f["codes"]),
            sources=tuple(f["sources"]),
            spellings=tuple(f.get("spellings", ())),
            note=f.get("note", ""),
        )
        for f in data()["fields"]
    )


@functools.cache
def _reference_keys() -> dict[str, str]:
    """Key → the listed spelling, for every listed name and its other spellings."""
    keys: dict[str, str] = {}
    for field in reference():
        for name in (field.name, *field.spellings):
            keys.setdefault(key(name), field.name)
    return keys


def known(locality: Locality | None = None) -> dict[str, str]:
    """Key → field name: the reference list's, and ``locality``'s own fields (one query)."""
    names = dict(_reference_keys())
    if locality is not None:
        for name, field_key in LocalProcedureField.objects.filter(locality=locality).values_list(
            "name", "key"
        ):
            names.setdefault(field_key, name)
    return names


def canonical(name: object, fields: dict[str, str]) -> str | None:
    """The field ``name`` is written for, as ``fields`` (``known``) spells it; None if it is in
    none."""
    return fields.get(key(name))


def choices(locality: Locality | None = None) -> list[tuple[str, str]]:
    """The fields a form offers for ``locality``, in Vietnamese order (its own fields too)."""
    names = set(known(locality).values())
    return [(n, n) for n in sorted(names, key=vi_sort_key)]


def local_fields(localities) -> list[LocalProcedureField]:
    """The fields the cities ``localities`` added, with their city, by city then name."""
    rows = LocalProcedureField.objects.filter(locality__in=localities).select_related("locality")
    return sorted(rows, key=lambda f: (f.locality.code, vi_sort_key(f.name)))


class FieldError(ValueError):
    """A local field that cannot be added (its message is for the user)."""


def add_local(locality: Locality, name: str, *, reason: str, by) -> LocalProcedureField:
    """Add ``name`` as a field of ``locality`` only (its coordinator checked that the city's
    procedures use it and the reference list lacks it). Refuses a name already listed or
    already the city's (under any writing of it)."""
    name = " ".join(str(name).split())[:255]
    field_key = key(name)
    if not field_key:
        raise FieldError(_("Write the field's name."))
    listed = _reference_keys().get(field_key)
    if listed is not None:
        raise FieldError(
            _("“%(name)s” is already in the reference list, as “%(listed)s”.")
            % {"name": name, "listed": listed}
        )
    field = LocalProcedureField(
        locality=locality, name=name, key=field_key, reason=reason[:500], added_by=by
    )
    field._history_user = by
    try:
        with transaction.atomic():
            field.save()
    except IntegrityError as error:
        raise FieldError(
            _("%(city)s already has the field “%(name)s”.") % {"city": locality.name, "name": name}
        ) from error
    return field
