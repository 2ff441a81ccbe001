"""Writes of the geodata app outside the import engine (which is `imports/`)."""

from __future__ import annotations

from .imports.indexes import index_version
from .models import Layer, LayerVersion


def activate_version(layer: Layer, version: LayerVersion) -> None:
    """Make an earlier version current again (nothing is deleted)."""
    if version.layer_id != layer.pk:
        raise ValueError("version of another layer")
    layer.current_version = version
    layer.save(update_fields=["current_version", "updated_at"])
    index_version(layer, version)  # the declaration may have changed since it was current
