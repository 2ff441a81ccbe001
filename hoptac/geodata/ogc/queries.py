"""What OGC API – Features asks the database: the layer a request may read, its features as
the parameters filter them, the keyset page."""

from __future__ import annotations

from django.contrib.gis.db.models.functions import AsGeoJSON, AsWKB
from django.db.models import F, Q, QuerySet, TextField
from django.db.models.fields.json import KeyTransform
from django.db.models.functions import Cast
from django.utils.translation import gettext as _

from .. import cql2
from ..backends import store
from ..models import Feature, Layer
from ..queries import published_layers, record_token_use, user_from_request
from .parameters import (
    ITEM_PARAMS,
    OGCError,
    bad,
    bbox,
    check_datetime,
    cursor_decode,
    refuse_unknown,
)


def layer_for(request, collection_id: str, lean: bool = False) -> Layer:
    """The collection's layer if the request may read it, else a 401, 403 or 404 OGCError.

    lean: a public layer is read in one plain query (`Store.public_layer`), with only what the
    JSON documents need (not the owner, not the locality: the HTML pages show those).
    """
    if lean:
        record_token_use(request)
        layer = store().public_layer(collection_id)
        if layer is not None:
            return layer
    user = user_from_request(request)
    layer = published_layers(user).filter(slug=collection_id).first()
    if layer is not None:
        return layer
    exists = Layer.objects.filter(slug=collection_id, current_version__isnull=False).exists()
    if exists and not getattr(user, "is_authenticated", False):
        raise OGCError(
            401,
            "NotAuthorized",
            _(
                "This collection is not public: sign in or send an API token "
                "(Authorization: Bearer …)."
            ),
        )
    if exists:
        raise OGCError(403, "Forbidden", _("You may not read this collection."))
    raise OGCError(404, "NotFound", _("No collection “%(id)s”.") % {"id": collection_id[:80]})


def features_query(request, layer: Layer):
    fields = layer.current_version.fields or {}
    refuse_unknown(request, ITEM_PARAMS | set(fields))
    qs = Feature.objects.filter(version_id=layer.current_version_id)
    box = bbox(request)
    if box is not None:
        qs = store().within_bbox(qs, box)
    check_datetime(request)
    lang = request.GET.get("filter-lang", "cql2-text")
    if lang != "cql2-text":
        raise bad("filter-lang", _("only cql2-text is supported."))
    filtered = box is not None
    plain = True  # no filter but the bbox: the shape `Store.page` answers
    text = request.GET.get("filter")
    if text is not None:
        try:
            q, aliases = cql2.parse(text, set(fields), store().key, number_key(layer))
        except cql2.FilterError as exc:
            raise bad("filter", str(exc)) from None
        qs = qs.alias(**aliases).filter(q)
        filtered = True
        plain = False
    for name in set(request.GET) & set(fields):
        if name in ITEM_PARAMS:
            continue
        value = request.GET[name]
        alias = f"_eq_{len(qs.query.annotations)}"
        typed: object = value
        if fields.get(name) in ("int", "float"):
            try:
                typed = float(value) if fields[name] == "float" else int(value)
            except ValueError:
                raise bad(name, _("must be a number.")) from None
            if cql2.number(str(typed)) is None:
                raise bad(name, _("the number is out of range."))
        key = (number_key(layer)(name) if typed is not value else None) or store().key(name)
        qs = qs.alias(**{alias: key}).filter(**{alias: typed})
        filtered = True
        plain = False
    return qs, filtered, fields, box.extent if box is not None else None, plain


def number_key(layer: Layer):
    """name -> the store's number expression for a queryable the layer declares a number (the
    one its index is built on), else None."""
    declared = layer.queryables or {}
    db = store()
    return lambda name: db.number_key(name) if declared.get(name) == "number" else None


def keyset_q(order: list[tuple[str, bool]], values: list, id_desc: bool) -> Q:
    """(k1, k2, …, id) strictly after the cursor, honouring each key's direction."""
    *keys, last_id = values
    id_q = Q(id__lt=last_id) if id_desc else Q(id__gt=last_id)
    q = id_q
    # Build from the innermost key outwards: k_n > v_n OR (k_n = v_n AND rest)
    for (alias, desc), value in reversed(list(zip(order, keys, strict=True))):
        if value is None:
            # Nulls sort last: after a null, only nulls with a greater id remain.
            q = Q(**{f"{alias}__isnull": True}) & q
            continue
        after = Q(**{f"{alias}__lt" if desc else f"{alias}__gt": value}) | Q(
            **{f"{alias}__isnull": True}
        )
        q = after | (Q(**{alias: value}) & q)
    return q


def keyset_page(
    qs: QuerySet, sort: list[tuple[str, bool]], cursor: str | None
) -> tuple[QuerySet, list[tuple[str, bool]], bool, int | None]:
    """The features ordered by the sort keys then the id, after the `cursor` (the sort keys, then
    the id, of the last feature of the previous page): (queryset, the sort aliases with their
    direction, whether the id descends, the id after which the page starts)."""
    order = []
    sort_aliases = {}
    for i, (name, desc) in enumerate(sort):
        if name == "id":
            continue
        alias = f"_sort{i}"
        sort_aliases[alias] = KeyTransform(name, "properties")
        order.append((alias, desc))
    if sort_aliases:
        qs = qs.annotate(**sort_aliases)
    id_desc = any(n == "id" and d for n, d in sort)
    after_id = None
    if cursor:
        values = cursor_decode(cursor)
        if len(values) != len(order) + 1:
            raise bad("cursor", _("not a position given by this server."))
        qs = qs.filter(keyset_q(order, values, id_desc))
        after_id = values[-1]
    ordering = []
    for alias, desc in order:
        expr = F(alias)
        ordering.append(expr.desc(nulls_last=True) if desc else expr.asc(nulls_last=True))
    ordering.append("-id" if id_desc else "id")
    qs = qs.order_by(*ordering)
    return qs, order, id_desc, after_id


def page_rows(qs: QuerySet, order: list[tuple[str, bool]], limit: int, wkb: bool) -> list[tuple]:
    """A page as rows (id, geometry, properties as text, *sort keys): the geometry as GeoJSON text
    in WGS 84, or as WKB (`wkb`) for the caller to write in another CRS."""
    if not wkb:
        return list(
            qs.annotate(
                _gj=AsGeoJSON("geom", precision=7), _props=Cast("properties", TextField())
            ).values_list("id", "_gj", "_props", *[a for a, _d in order])[:limit]
        )
    return list(
        qs.annotate(_wkb=AsWKB("geom"), _props=Cast("properties", TextField())).values_list(
            "id", "_wkb", "_props", *[a for a, _d in order]
        )[:limit]
    )


def feature_row(layer: Layer, fid: int | None, wkb: bool) -> tuple | None:
    """One feature of the layer's current version as (id, geometry, properties as text), the
    geometry as GeoJSON text in WGS 84 or as WKB (`wkb`); None when there is no such feature."""
    if not fid:
        return None
    qs = Feature.objects.filter(version_id=layer.current_version_id, pk=fid)
    if not wkb:
        return (
            qs.annotate(_g=AsGeoJSON("geom", precision=7), _props=Cast("properties", TextField()))
            .values_list("id", "_g", "_props")
            .first()
        )
    return (
        qs.annotate(_g=AsWKB("geom"), _props=Cast("properties", TextField()))
        .values_list("id", "_g", "_props")
        .first()
    )
