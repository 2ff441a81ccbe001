"""The registry of visible kinds: each app registers, from its AppConfig.ready(), the kinds of
objects other apps may point to or look up (a practice, a layer, a project…), each with the one
query that says which of them a user may see.

Everything that looks an object of another app up by its id or key goes through here, so the
visibility rule of a kind is written once, in its own app: a commitment links only to a target
its author may see, and a page prints a linked target only when its reader may see it. The core
imports no app; an app that is not installed has no kinds.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models import QuerySet


@dataclass(frozen=True)
class Kind:
    """One kind of object: its model, how people name it, who may see which, where it lives."""

    model: type[models.Model]
    label: Any  # a lazy translation
    visible_to: Callable[[Any], QuerySet]
    url: Callable[[models.Model], str]
    lookup: str = "pk"  # the field its pages' URLs carry (pk, code, slug, tax_code)
    linkable: bool = False  # a commitment may name it as what carries it out

    @property
    def key(self) -> str:
        """`app_label.model_name`, as forms and links name the kind."""
        return self.model._meta.label_lower


_registry: dict[str, Kind] = {}


def register(
    model: type[models.Model],
    label: Any,
    visible_to: Callable[[Any], QuerySet],
    *,
    url: Callable[[models.Model], str] | None = None,
    lookup: str = "pk",
    linkable: bool = False,
) -> Kind:
    """Add (or replace) a kind. `visible_to(user)` returns the objects the user may see."""
    kind = Kind(
        model=model,
        label=label,
        visible_to=visible_to,
        url=url or (lambda obj: obj.get_absolute_url()),
        lookup=lookup,
        linkable=linkable,
    )
    _registry[kind.key] = kind
    return kind


def kinds(*, linkable: bool | None = None) -> list[Kind]:
    """The registered kinds (only the linkable ones, or only the others, when asked)."""
    return [k for k in _registry.values() if linkable is None or k.linkable == linkable]


def kind(key: str) -> Kind | None:
    """The kind registered under `app_label.model_name`, or None."""
    return _registry.get(key)


def kind_of(obj_or_model: models.Model | type[models.Model]) -> Kind | None:
    """The kind of an object (or model), or None when its app registered none."""
    return _registry.get(obj_or_model._meta.label_lower)


def visible_object(user: Any, key: str, pk: Any, *, linkable: bool = False) -> models.Model:
    """The object of kind `key` with this primary key, if the user may see it.

    Raises `LookupError` for an unknown kind (or one that is not linkable when `linkable`) and
    the model's `DoesNotExist` when there is no such object *or the user may not see it*: the
    caller answers both with the same 404, so a hidden object is indistinguishable from none.
    """
    k = _registry.get(key)
    if k is None or (linkable and not k.linkable):
        raise LookupError(key)
    return k.visible_to(user).get(pk=pk)


def visible_pks(user: Any, model: type[models.Model], pks: Iterable[Any]) -> set[Any]:
    """Those of `pks` (of one model) the user may see, in one query."""
    k = kind_of(model)
    pks = set(pks)
    if k is None or not pks:
        return set()
    return set(k.visible_to(user).filter(pk__in=pks).values_list("pk", flat=True))


def keep_visible(user: Any, objects: Iterable[models.Model | None]) -> list[models.Model]:
    """The objects the user may see, in their order: one visibility query per kind present."""
    objects = [o for o in objects if o is not None]
    by_model: dict[type[models.Model], set[Any]] = defaultdict(set)
    for obj in objects:
        by_model[type(obj)].add(obj.pk)
    allowed = {model: visible_pks(user, model, pks) for model, pks in by_model.items()}
    return [o for o in objects if o.pk in allowed[type(o)]]


# Sections that one app adds to the pages of other apps' objects (the commitments a practice
# carries out, on the practice's page), so that no template loads another app's tags.
_panels: list[Callable[[Any, models.Model], str]] = []


def register_panel(render: Callable[[Any, models.Model], str]) -> None:
    """Add a section to every registered object's page: `render(request, obj)` returns its
    HTML, or '' to show nothing to this reader."""
    if render not in _panels:
        _panels.append(render)


def panels(request: Any, obj: models.Model) -> list[str]:
    """The sections the registered apps add to this object's page, for this request."""
    return [html for render in _panels if (html := render(request, obj))]


# Lines that one app adds under a commitment in another app's reports, about an object the
# commitment links to (the trend of an indicator target, in the periodic review report), so that
# the report imports no app: `lines(user, obj, start, end)` returns its sentences, or [].
_report_lines: list[Callable[[Any, models.Model, Any, Any], list[str]]] = []


def register_report_lines(lines: Callable[[Any, models.Model, Any, Any], list[str]]) -> None:
    """Add the sentences an app writes about its objects in a report for the period start–end."""
    if lines not in _report_lines:
        _report_lines.append(lines)


def report_lines(user: Any, obj: models.Model, start: Any, end: Any) -> list[str]:
    """What the registered apps write about ``obj`` for ``user``'s report of start–end."""
    return [line for lines in _report_lines for line in lines(user, obj, start, end)]
