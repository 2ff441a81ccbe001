"""What people call a layer's attributes and their coded values.

A layer's own names come first: the owner's labels of the style attribute's categories
(`style["labels"]`, edited in the layer form) and of its attributes (`style["field_labels"]`);
then the attribute names that Vietnamese planning files commonly use. A name nobody labelled
is shown as it is.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from .models import Layer

COMMON_FIELDS = {
    "name": _("Name"),
    "ten": _("Name"),
    "name_en": _("Name in English"),
    "code": _("Code"),
    "ma": _("Code"),
    "city": _("City (code)"),
    "zone": _("Planning zone"),
    "phan_khu": _("Planning zone"),
    "block": _("Block"),
    "o_pho": _("Block"),
    "class": _("Land-use class"),
    "use": _("Land use"),
    "loai_dat": _("Land-use class"),
    "kind": _("Kind"),
    "area_ha": _("Area (ha)"),
    "dien_tich": _("Area (m²)"),
    "so_thua": _("Parcel no."),
    "to_ban_do": _("Map sheet no."),
}


def field_labels(layer: Layer, names: list[str] | None = None) -> dict[str, str]:
    """Labels of the layer's attributes (all the known ones, or those of `names`)."""
    own = dict((layer.style or {}).get("field_labels") or {})
    names = names if names is not None else sorted({*COMMON_FIELDS, *own})
    labels = {}
    for name in names:
        label = own.get(name) or COMMON_FIELDS.get(name)
        if label:
            labels[name] = str(label)
    return labels


def value_label(layer: Layer | None, attribute: str, value: Any) -> str:
    """A coded value as the legend names it ("Đất cây xanh" for `cay_xanh`), else the value."""
    text = "" if value is None else str(value)
    if layer is None:
        return text
    style = layer.style or {}
    if style.get("attribute") == attribute:
        return str((style.get("labels") or {}).get(text) or text)
    return text


def describe(layer: Layer | None, props: dict, limit: int = 3) -> str:
    """A feature without a name, in words: "Block 48-11 · City (code) 48"."""
    parts = []
    for key, value in props.items():
        if value in (None, ""):
            continue
        label = (field_labels(layer, [key]) if layer else {}).get(key) or str(
            COMMON_FIELDS.get(key, key)
        )
        parts.append(f"{label} {value_label(layer, key, value)}")
        if len(parts) == limit:
            break
    return " · ".join(parts)
