"""Versions: the new version of a layer opened and closed around the write of its features
(both import paths), and the Python path's write itself. A version is written in one
transaction; its partition (PostgreSQL) and the indexes of its queryables go with it when it is
deleted."""

from __future__ import annotations

from django.conf import settings

from ..backends import store
from ..models import ImportJob, Layer, LayerVersion
from .indexes import index_version


def committed_version(job: ImportJob) -> LayerVersion | None:
    """The version an earlier attempt at `job` wrote, if it committed (the worker can die
    between that commit and the job's own update)."""
    return LayerVersion.objects.filter(layer_id=job.layer_id, report__job=job.pk).first()


def drop_partition(sender, instance: LayerVersion, **kwargs) -> None:
    """pre_delete of LayerVersion (connected in apps.py): on PostgreSQL a deleted version's
    partition goes with it (before its rows: nothing is left to delete row by row), in the
    deleting transaction. See decision 0007."""
    db = store()
    db.drop_queryable_indexes([instance.pk])
    db.drop_partitions([instance.pk])


def open_version(job: ImportJob, srid: int) -> tuple[Layer, LayerVersion | None, LayerVersion]:
    """The layer (locked), its current version and the new, still empty version."""
    layer = Layer.objects.select_for_update().get(pk=job.layer_id)
    previous = layer.current_version
    number = (layer.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    mode = job.mode if previous is not None else LayerVersion.Mode.REPLACE
    version = LayerVersion.objects.create(
        layer=layer,
        number=number,
        mode=mode,
        source_name=job.original_name[:255],
        source_crs=srid,
        created_by=job.created_by,
        report={"job": job.pk},  # commits with the version: see committed_version
    )
    return layer, previous, version


def merged(previous: LayerVersion, fields: dict, bbox: list) -> tuple[dict, list]:
    """Attributes and extent of an appended version: the previous ones and the new ones."""
    fields = {**previous.fields, **fields}
    if previous.bbox:
        pb = previous.bbox
        bbox = [min(pb[0], bbox[0]), min(pb[1], bbox[1]), max(pb[2], bbox[2]), max(pb[3], bbox[3])]
    return fields, bbox


def close_version(layer, version, srid: int, report: dict, count: int, fields, bbox) -> None:
    version.feature_count = count
    version.bbox = bbox
    version.fields = fields
    version.report = {**version.report, **{k: v for k, v in report.items() if k != "fields"}}
    version.save(update_fields=["feature_count", "bbox", "fields", "report"])
    layer.current_version = version
    if not layer.source_crs:
        layer.source_crs = srid
    layer.save(update_fields=["current_version", "source_crs", "updated_at"])


def write_version(job: ImportJob, srid: int, report: dict, rows) -> LayerVersion:
    layer, previous, version = open_version(job, srid)
    fields = dict(report["fields"])
    bbox = report["bbox"]
    count = report["count"]
    db = store()
    total = count + (previous.feature_count if version.mode == LayerVersion.Mode.APPEND else 0)
    # On PostgreSQL a version this large gets a partition of its own (the bulk path always makes
    # one); smaller ones share the default partition. See decision 0007.
    if total >= settings.GEODATA_PARTITION_THRESHOLD:
        db.own_partition(version.pk)  # PostgreSQL only: the rows below are routed to it
    if version.mode == LayerVersion.Mode.APPEND:
        count += db.copy_version(previous.pk, version.pk)
        fields, bbox = merged(previous, fields, bbox)
    db.insert(version.pk, rows)
    close_version(layer, version, srid, report, count, fields, bbox)
    index_version(layer, version)
    return version
