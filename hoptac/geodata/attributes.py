"""What people call a layer's attributes, their units and their coded values.

A layer's own names come first: the owner's labels of the style attribute's categories
(`style["labels"]`, edited in the layer form) and of its attributes in Vietnamese and English
with their units (`style["fields"]`: name -> {"vi", "en", "unit"}, edited in the layer form;
the older one-language `style["field_labels"]` is still read); then the attribute names that
Vietnamese planning files commonly use; a name nobody labelled is written as words
("so_thua" -> "So thua"), never shown as a code. Values are written the page's way: numbers in
its format with their unit, lists and objects as words, never JSON.
"""

from __future__ import annotations

from typing import Any

from django.utils import formats
from django.utils.translation import get_language
from django.utils.translation import gettext as gettext_now
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


def own_fields(layer: Layer) -> dict[str, dict[str, str]]:
    """The owner's labels (vi, en) and unit of each attribute they described."""
    fields = (layer.style or {}).get("fields") or {}
    return {k: v for k, v in fields.items() if isinstance(v, dict)}


def as_words(name: str) -> str:
    """An attribute name nobody labelled, written as words: "so_thua" -> "So thua"."""
    words = name.replace("_", " ").replace("-", " ").strip()
    return (words[:1].upper() + words[1:]) if words else name


def field_labels(layer: Layer, names: list[str] | None = None) -> dict[str, str]:
    """Labels of the layer's attributes in the page's language (all the known ones, or those
    of `names`, every one of which gets a label)."""
    own = own_fields(layer)
    legacy = dict((layer.style or {}).get("field_labels") or {})
    english = get_language() == "en"
    known = names is None
    names = names if names is not None else sorted({*COMMON_FIELDS, *own, *legacy})
    labels = {}
    for name in names:
        mine = own.get(name, {})
        first, second = (
            (mine.get("en"), mine.get("vi")) if english else (mine.get("vi"), mine.get("en"))
        )
        label = first or legacy.get(name) or COMMON_FIELDS.get(name) or second
        if label:
            labels[name] = str(label)
        elif not known:
            labels[name] = as_words(name)
    return labels


def field_units(layer: Layer) -> dict[str, str]:
    """The unit of each attribute whose owner named one ("m²", "ha", "tầng")."""
    return {k: v["unit"] for k, v in own_fields(layer).items() if v.get("unit")}


def value_text(layer: Layer | None, attribute: str, value: Any) -> str:
    """A value as a page shows it: the legend's label of a category, a number in the page's
    format with its unit, a list or an object as words (never JSON)."""
    if value is None or value == "":
        return ""
    if isinstance(value, bool):
        return gettext_now("yes") if value else gettext_now("no")
    if isinstance(value, int | float):
        text = formats.number_format(value, use_l10n=True, force_grouping=True)
        unit = field_units(layer).get(attribute) if layer is not None else None
        return f"{text} {unit}" if unit else text
    if isinstance(value, list):
        return ", ".join(value_text(layer, attribute, v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{as_words(str(k))}: {value_text(None, k, v)}" for k, v in value.items())
    return value_label(layer, attribute, value)


def category_labels(layer: Layer) -> dict[str, str]:
    """The owner's labels of the style attribute's categories in the page's language (English
    ones in `style["labels_en"]`, falling back to the Vietnamese `style["labels"]`)."""
    style = layer.style or {}
    labels = dict(style.get("labels") or {})
    if get_language() == "en":
        labels.update({k: v for k, v in (style.get("labels_en") or {}).items() if v})
    return labels


def value_label(layer: Layer | None, attribute: str, value: Any) -> str:
    """A coded value as the legend names it ("Đất cây xanh" for `cay_xanh`), else the value."""
    text = "" if value is None else str(value)
    if layer is None:
        return text
    style = layer.style or {}
    if style.get("attribute") == attribute:
        return str(category_labels(layer).get(text) or text)
    return text


def describe(layer: Layer | None, props: dict, limit: int = 3) -> str:
    """A feature without a name, in words: "Block 48-11 · City (code) 48"."""
    parts = []
    for key, value in props.items():
        if value in (None, ""):
            continue
        label = (field_labels(layer, [key]) if layer else {}).get(key) or str(
            COMMON_FIELDS.get(key) or as_words(key)
        )
        parts.append(f"{label} {value_text(layer, key, value)}")
        if len(parts) == limit:
            break
    return " · ".join(parts)
