"""Writes of the geodata app outside the import engine (which is `imports/`)."""

from __future__ import annotations

from functools import partial

from django.db import transaction

from .imports.indexes import index_version
from .models import Layer, LayerVersion, PrerenderedTile


def activate_version(layer: Layer, version: LayerVersion) -> None:
    """Make an earlier version current again (nothing is deleted)."""
    if version.layer_id != layer.pk:
        raise ValueError("version of another layer")
    layer.current_version = version
    layer.save(update_fields=["current_version", "updated_at"])
    index_version(layer, version)  # the declaration may have changed since it was current
    if not PrerenderedTile.objects.filter(version=version, name=layer.slug).exists():
        # Imported before tiles were kept, or under another name: the worker renders them.
        from .tasks import prerender_tiles

        transaction.on_commit(partial(prerender_tiles.enqueue, version.pk))
