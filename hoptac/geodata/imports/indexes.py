"""The indexes of the queryables a layer's owner declares (`Layer.queryables`): built for each
new version by the import, for the current one again when the declaration changes, dropped with
their version. What they are on each database is the store's (`Store.index_queryables`)."""

from __future__ import annotations

from ..backends import store
from ..models import Layer, LayerVersion

# Each index slows the writing of a version a little; a layer has a few attributes people filter.
MAX_QUERYABLES = 8
TYPES = ("text", "number")


def index_version(layer: Layer, version: LayerVersion) -> list[str]:
    """Give `version` an index per queryable `layer` declares, and none for the others; returns
    the attributes whose index was built now."""
    return store().index_queryables(version.pk, dict(layer.queryables or {}))


def reindex_layer(layer: Layer) -> list[str]:
    """After a change of the declaration: the current version's indexes follow it (the other
    versions get theirs when they become current again)."""
    if layer.current_version_id is None:
        return []
    return index_version(layer, layer.current_version)


def default_type(field_type: str | None) -> str:
    """The queryable type of an attribute the import typed `field_type` (int, float, str…)."""
    return "number" if field_type in ("int", "float") else "text"
