"""What the geodata app puts into the site search (hoptac.core.searchable): its layers.

A layer is found as the map and the layer pages show it (``queries.visible_filter``): by
everyone when public, by its city and the city's partners when shared with partners, by its
city alone otherwise. Its text is what a planner looks for: the name, the description, the
theme, the owner, the source and scale, and the attributes of its current version ("mã quy
hoạch" finds the layer that carries that column).
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from hoptac.core import searchable
from hoptac.core.queries import partner_locality_ids

from .models import Layer, Theme, Visibility


def _join(*parts) -> str:
    return "\n".join(str(p) for p in parts if p)


def _theme(language: str, layer: Layer) -> str:
    with translation.override(language):
        return str(Theme(layer.theme).label) if layer.theme in Theme.values else layer.theme


def _attributes(layer: Layer) -> str:
    version = layer.current_version
    return ", ".join(sorted(version.fields)) if version is not None and version.fields else ""


def _names(*names: str) -> str:
    return ", ".join(n for n in names if n)


def _labelled(label: str, value) -> str:
    return f"{label}: {value}" if value else ""


# Each part on its own line with its label: the snippet shows the lines it finds the words in
# ("Thuộc tính: ma_quy_hoach, dien_tich"), not a run of names without a word between them.
def layer_body(layer: Layer) -> str:
    return _join(
        layer.description,
        _labelled("Chủ đề", _theme("vi", layer)),
        _labelled("Cơ quan", _names(layer.organisation.name_vi, layer.locality.name_vi)),
        _labelled("Nguồn", layer.source),
        _labelled("Tỷ lệ", layer.scale),
        _labelled("Hệ tọa độ gốc", layer.source_crs and f"EPSG:{layer.source_crs}"),
        _labelled("Thuộc tính", _attributes(layer)),
    )


def layer_body_en(layer: Layer) -> str:
    return _join(
        _labelled("Theme", _theme("en", layer)),
        _labelled("Owner", _names(layer.organisation.name_en, layer.locality.name_en)),
    )


def layer_readers(layer: Layer) -> list[int]:
    """Who reads a layer that is not public: its city, and its partners when shared with them."""
    if layer.visibility == Visibility.PARTNERS:
        return [layer.locality_id, *partner_locality_ids(layer.locality_id)]
    return [layer.locality_id]


def register_all() -> None:
    """Register the layers (from ready())."""
    searchable.register(
        Layer,
        kind="map_layer",
        label=_("Map layer"),
        title=lambda o: o.name_vi,
        title_en=lambda o: o.name_en,
        body=layer_body,
        body_en=layer_body_en,
        url=lambda o: reverse("geodata:layer_detail", args=[o.slug]),
        localities=lambda o: [o.locality_id],
        date=lambda o: o.source_date or (o.updated_at.date() if o.updated_at else None),
        public=lambda o: o.visibility == Visibility.PUBLIC,
        readers=layer_readers,
        queryset=lambda: Layer.objects.select_related(
            "organisation", "locality", "current_version"
        ),
    )
