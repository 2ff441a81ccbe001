"""The feature store on PostgreSQL + PostGIS: COPY, ST_AsMVT, plain-SQL pages, and the table
partitioned by version (decision 0007) with the DDL of its partitions."""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from django.db import OperationalError, connection, transaction
from django.db.models import F, FloatField, Func

from ..models import Visibility
from .base import (
    BUFFER,
    EXTENT,
    LAYER_TABLE,
    QUERYABLE_INDEX_PREFIX,
    TABLE,
    Store,
    queryable_index_name,
    simplify_tolerance_3857,
    sql_string,
    tile_bounds_4326,
)

logger = logging.getLogger(__name__)
DROP_LOCK_TIMEOUT = "5s"


def partition_name(version_id: int) -> str:
    return f"geodata_feature_v{int(version_id)}"


def stage_name(job_id: int) -> str:
    """The unlogged staging table the bulk import path loads import `job_id` into."""
    return f"geodata_stage_{int(job_id)}"


def _quote(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'


def _key(attribute: str) -> str:
    """The key as Django's KeyTransform writes it on PostgreSQL (a name that reads as an integer
    becomes an array index there, so here too)."""
    try:
        return str(int(attribute))
    except ValueError:
        return sql_string(attribute)


def key_expression(attribute: str) -> str:
    """`properties -> key` exactly as Django's KeyTransform writes it: the planner uses an
    expression index only for the same expression."""
    return f"(properties -> {_key(attribute)})"


def number_expression(column: str, attribute: str) -> str:
    """The value of a key as a double when it is a JSON number, else NULL."""
    key = _key(attribute)
    return (
        f"(CASE WHEN jsonb_typeof({column} -> {key}) = 'number' "
        f"THEN ({column} ->> {key})::double precision END)"
    )


class NumberKey(Func):
    """A queryable declared a number, compared as one: the planner estimates a range on a
    double from its histogram, where on jsonb it can only guess (and then often prefers to
    walk the ids in order, reading the whole version). Strings, booleans and the rest are NULL:
    a comparison with a number matches numbers only."""

    output_field = FloatField()

    def __init__(self, name: str):
        self.key_name = name
        super().__init__(F("properties"))

    def as_sql(self, compiler, connection, **extra):
        column, params = compiler.compile(self.source_expressions[0])
        return number_expression(column, self.key_name).replace("%", "%%"), params


def _foreign_keys(cur) -> str:
    """The foreign keys of geodata_feature, quoted, for SET CONSTRAINTS."""
    cur.execute(
        "SELECT conname FROM pg_constraint "
        "WHERE conrelid = 'geodata_feature'::regclass AND contype = 'f'"
    )
    return ", ".join(_quote(r[0]) for r in cur.fetchall())


def _like_prefix(version_id: int) -> str:
    """The LIKE pattern of the queryable indexes of one version (`_` escaped)."""
    return (QUERYABLE_INDEX_PREFIX + f"{int(version_id)}_").replace("_", r"\_") + "%"


class PostgisStore(Store):
    vendor = "postgresql"

    def page(self, version_id, limit, after_id=None, bbox=None):
        """(id, GeoJSON geometry or 'null', properties JSON) of the next `limit` features by id,
        after `after_id` and within `bbox` (minx, miny, maxx, maxy in WGS 84): the common shape
        of an items request, in plain SQL (the ORM's compilation cost as much as the query)."""
        return self._page(version_id, limit, after_id, bbox)

    def public_page(self, slug, version_id, limit, after_id=None, bbox=None):
        check = (
            f"EXISTS (SELECT 1 FROM {LAYER_TABLE} l WHERE l.slug = %s "  # noqa: S608
            "AND l.visibility = %s AND l.current_version_id = %s)",
            [slug, Visibility.PUBLIC, version_id],
        )
        return self._page(version_id, limit, after_id, bbox, check)

    def _page(self, version_id, limit, after_id, bbox, check=None):
        where, params = ["version_id = %s"], [version_id]
        if check is not None:
            where.append(check[0])
            params += check[1]
        if after_id is not None:
            where.append("id > %s")
            params.append(after_id)
        if bbox is not None:
            # `&&` as well as ST_Intersects: see features_query in ogc/queries.py.
            where.append(
                "geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326) "
                "AND ST_Intersects(geom, ST_MakeEnvelope(%s, %s, %s, %s, 4326))"
            )
            params += [*bbox, *bbox]
        sql = (
            # Never a NULL: the view writes these texts into the document as they are.
            "SELECT id, coalesce(ST_AsGeoJSON(geom, 7, 0), 'null'), "  # noqa: S608
            f"coalesce(properties::text, '{{}}') FROM {TABLE} "
            f"WHERE {' AND '.join(where)} ORDER BY id LIMIT %s"
        )
        with connection.cursor() as cur:
            cur.execute(sql, [*params, limit])
            return cur.fetchall()

    def insert(self, version_id: int, rows: Iterable[tuple[bytes, str]]) -> int:
        n = 0
        with connection.cursor() as cur:
            raw = cur.cursor  # psycopg 3
            with raw.copy(f"COPY {TABLE} (version_id, geom, properties) FROM STDIN") as copy:
                prefix = str(version_id)
                for wkb, props in rows:
                    copy.write_row((prefix, "SRID=4326;" + wkb.hex(), props))
                    n += 1
        return n

    def tile(self, version_id, z, x, y, layer_name, limit):
        # The envelope is computed in Python so that the spatial index on geom (4326) is used.
        w, s, e, n = tile_bounds_4326(z, x, y)
        margin = (e - w) * BUFFER / EXTENT
        sql = f"""
            WITH env AS (SELECT ST_TileEnvelope(%s, %s, %s) AS e),
            src AS (
              SELECT id, properties, geom FROM {TABLE}
              WHERE version_id = %s AND geom && ST_MakeEnvelope(%s, %s, %s, %s, 4326)
              LIMIT %s
            ),
            mvt AS (
              SELECT src.id, src.properties,
                     ST_AsMVTGeom(
                       ST_Simplify(ST_Transform(src.geom, 3857), %s, true),
                       env.e, {EXTENT}, {BUFFER}, true
                     ) AS g
              FROM src, env
            )
            SELECT ST_AsMVT(q, %s, {EXTENT}, 'g', 'id'), count(*)
            FROM (
              SELECT id, g, properties FROM mvt WHERE g IS NOT NULL
            ) q
        """  # noqa: S608 — fixed names; values are parameters
        with connection.cursor() as cur:
            cur.execute(
                sql,
                [
                    z,
                    x,
                    y,
                    version_id,
                    w - margin,
                    max(s - margin, -85.06),
                    e + margin,
                    min(n + margin, 85.06),
                    limit,
                    simplify_tolerance_3857(z),
                    layer_name,
                ],
            )
            data, count = cur.fetchone()
        return bytes(data or b""), count

    def within_bbox(self, qs, box):
        # `&&` as well (implied by ST_Intersects, so the result is the same): without it the
        # planner overestimates the rows and starts a parallel worker (20 ms on a busy host)
        # for a page of a few hundred features.
        return qs.filter(geom__bboverlaps=box).filter(geom__intersects=box)

    def bulk_import_available(self) -> bool:
        return True

    def progress_connection(self):
        # The polling page reads the job from another connection, which cannot see what the
        # import's transaction writes until it commits. Inside a caller's transaction the job
        # row may not be committed yet: then there is no second connection.
        return None if connection.in_atomic_block else connection.copy()

    def own_partition(self, version_id: int) -> None:
        """An empty partition of its own for a version about to be written through
        geodata_feature (the Python import path): the rows written are routed to it. In the
        caller's transaction. Attaching scans the default partition, under an exclusive lock
        held until the transaction ends (decision 0007)."""
        with connection.cursor() as cur:
            self.new_partition(cur, version_id)
            self.attach_partition(cur, version_id)

    def new_partition(self, cur, version_id: int) -> str:
        """A table shaped like geodata_feature, holding only this version (the CHECK spares the
        scan that attaching would otherwise make)."""
        part = partition_name(version_id)
        cur.execute("SELECT to_regclass(%s) IS NOT NULL", [part])
        if cur.fetchone()[0]:  # an empty partition left by a version number used again
            cur.execute(
                "SELECT 1 FROM pg_inherits WHERE inhrelid = %s::regclass "
                "AND inhparent = 'geodata_feature'::regclass",
                [part],
            )
            if cur.fetchone() is not None:
                cur.execute(f'ALTER TABLE geodata_feature DETACH PARTITION "{part}"')
            cur.execute(f'DROP TABLE "{part}"')
        cur.execute(
            f'CREATE TABLE "{part}" (LIKE geodata_feature INCLUDING DEFAULTS, '
            f'CONSTRAINT "{part}_version" CHECK (version_id = {int(version_id)}))'
        )
        return part

    def attach_partition(
        self, cur, version_id: int, done: Callable[[str], None] | None = None
    ) -> None:
        part = partition_name(version_id)
        step = done or (lambda name: None)
        # The same indexes as the parent's, so that attaching adopts them instead of building
        # more.
        cur.execute(f'CREATE INDEX "{part}_geom" ON "{part}" USING gist (geom)')
        step("geom")
        cur.execute(
            f'ALTER TABLE "{part}" ADD CONSTRAINT "{part}_pkey" PRIMARY KEY (id, version_id)'
        )
        step("pkey")
        cur.execute(f'CREATE INDEX "{part}_keyset" ON "{part}" (version_id, id)')
        step("keyset")
        cur.execute(f'ANALYZE "{part}"')
        step("analyze")
        cur.execute(
            f'ALTER TABLE geodata_feature ATTACH PARTITION "{part}" '
            f"FOR VALUES IN ({int(version_id)})"
        )
        step("attach")

    def number_key(self, name: str) -> NumberKey:
        return NumberKey(name)

    def index_queryables(self, version_id: int, declared: dict[str, str]) -> list[str]:
        """A btree on (the key, id) per queryable: `properties -> name` (jsonb, as cql2.py's
        lookups compare text) or `NumberKey` for a number. Equality and range comparisons read
        it, and for an equality the ids come in order for the keyset page. On the version's own
        partition when it has one, else a partial index (WHERE version_id = …) on the default
        partition, which the planner picks because every read names the version as a
        constant."""
        wanted = {queryable_index_name(version_id, n, k): (n, k) for n, k in declared.items()}
        part = partition_name(version_id)
        with connection.cursor() as cur:
            cur.execute(
                "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s",
                [_like_prefix(version_id)],
            )
            existing = {r[0] for r in cur.fetchall()}
            for name in sorted(existing - set(wanted)):
                cur.execute(f"DROP INDEX IF EXISTS {_quote(name)}")
            cur.execute(
                "SELECT 1 FROM pg_inherits WHERE inhrelid = to_regclass(%s) "
                "AND inhparent = 'geodata_feature'::regclass",
                [part],
            )
            own = cur.fetchone() is not None
            table = _quote(part) if own else "geodata_feature_default"
            where = "" if own else f" WHERE version_id = {int(version_id)}"
            missing = sorted((a, n) for n, a in wanted.items() if n not in existing)
            if not missing:
                return []
            # The rows this transaction wrote wait for their deferred foreign-key check, and a
            # table with pending checks cannot be indexed: they are made now.
            keys = _foreign_keys(cur)
            if keys:
                cur.execute(f"SET CONSTRAINTS {keys} IMMEDIATE")
            for (attribute, kind), name in missing:
                expression = (
                    number_expression("properties", attribute)
                    if kind == "number"
                    else key_expression(attribute)
                )
                cur.execute(f"CREATE INDEX {_quote(name)} ON {table} ({expression}, id){where}")
            if keys:
                cur.execute(f"SET CONSTRAINTS {keys} DEFERRED")
            cur.execute(f"ANALYZE {table}")
        return [a for (a, _k), _n in missing]

    def drop_queryable_indexes(self, version_ids: list[int]) -> None:
        """The partial indexes of the default partition (an own partition takes its indexes
        with it when it is dropped)."""
        with connection.cursor() as cur:
            for version_id in version_ids:
                cur.execute(
                    "SELECT indexname FROM pg_indexes WHERE indexname LIKE %s",
                    [_like_prefix(version_id)],
                )
                for (name,) in cur.fetchall():
                    cur.execute(f"DROP INDEX IF EXISTS {_quote(name)}")

    def drop_stage(self, job_id: int) -> None:
        with connection.cursor() as cur:
            cur.execute(f'DROP TABLE IF EXISTS "{stage_name(job_id)}"')

    def drop_partitions(self, version_ids: list[int]) -> None:
        """Drop the partitions of versions being deleted, and any left behind by
        versions already gone. In the caller's transaction (dropping a partition locks
        geodata_feature exclusively until it ends); if that lock cannot be had within
        DROP_LOCK_TIMEOUT the partitions stay, empty, until the next deletion."""
        with connection.cursor() as cur:
            cur.execute(
                "SELECT c.relname FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid "
                "WHERE i.inhparent = 'geodata_feature'::regclass AND c.relname LIKE %s "
                "AND (c.relname = ANY(%s) OR NOT EXISTS (SELECT 1 FROM geodata_layerversion v "
                "WHERE %s || v.id = c.relname))",
                [
                    r"geodata\_feature\_v%",
                    [partition_name(v) for v in version_ids],
                    "geodata_feature_v",
                ],
            )
            parts = [r[0] for r in cur.fetchall()]
            if not parts:
                return
            cur.execute("SHOW lock_timeout")
            before = cur.fetchone()[0]
            # Rows written earlier in this transaction wait for their deferred foreign-key check,
            # and a table with pending checks cannot be dropped: they are made now.
            keys = _foreign_keys(cur)
            try:
                with transaction.atomic():
                    cur.execute("SELECT set_config('lock_timeout', %s, true)", [DROP_LOCK_TIMEOUT])
                    if keys:
                        cur.execute(f"SET CONSTRAINTS {keys} IMMEDIATE")
                    for part in parts:
                        cur.execute(f'DROP TABLE "{part}"')
            except OperationalError:
                logger.warning("geodata: partitions %s not dropped (busy); dropped later", parts)
            finally:
                cur.execute("SELECT set_config('lock_timeout', %s, true)", [before])
                if keys:
                    cur.execute(f"SET CONSTRAINTS {keys} DEFERRED")
