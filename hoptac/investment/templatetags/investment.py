"""Portal helpers: language-aware links, money in Vietnamese notation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.translation import get_language, gettext_lazy

register = template.Library()


def group(value, sep: str | None = None) -> str:
    """Thousands grouped in the page's notation (1.234.567 on a Vietnamese page, 1,234,567 on
    an English one), so that every number on one page, and on one line, reads alike."""
    if sep is None:
        sep = "," if get_language() == "en" else "."
    number = int(Decimal(value))
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", sep)


@register.filter
def vnd(value) -> str:
    """1234567 → “1.234.567 ₫” (“1,234,567 ₫” on an English page: the page's notation, the
    same as the US$ amount beside it)."""
    if value in (None, ""):
        return ""
    return f"{group(value)} ₫"


SCALES = (
    (10**12, gettext_lazy("VND %(amount)s trillion")),
    (10**9, gettext_lazy("VND %(amount)s billion")),
    (10**6, gettext_lazy("VND %(amount)s million")),
)


@register.filter
def vnd_words(value) -> str:
    """A large amount the way people say it: “10,35 nghìn tỷ đồng”, “VND 10.35 trillion”.

    At most two decimals (rounded half up, trailing zeros dropped); below a million, the exact
    amount as `vnd` writes it.
    """
    if value in (None, ""):
        return ""
    words, amount = _in_words(Decimal(value))
    return words % {"amount": amount}


@register.filter
def vnd_figure(value) -> str:
    """`vnd_words` for a key-figure box: the number marked up (`<span class="amount">`) so that
    it stands out and the words beside it stay small."""
    from django.utils.html import conditional_escape, format_html
    from django.utils.safestring import mark_safe

    if value in (None, ""):
        return ""
    words, amount = _in_words(Decimal(value))
    number = format_html('<span class="amount">{}</span>', amount)
    return mark_safe(conditional_escape(words) % {"amount": number})  # noqa: S308 — escaped


def _in_words(amount: Decimal) -> tuple[str, str]:
    """The words with an %(amount)s placeholder, and the amount (at most two decimals)."""
    for unit, words in SCALES:
        scaled = (amount / unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if abs(scaled) >= 1:  # 999,999,999,999 is “1 trillion”, not “1,000 billion”
            places = 0 if scaled == scaled.to_integral() else (1 if scaled * 10 % 1 == 0 else 2)
            return str(words), num(scaled, places)
    return "%(amount)s ₫", group(amount)


@register.filter
def usd(value) -> str:
    if value in (None, ""):
        return ""
    return f"US$ {group(value)}"


@register.filter
def num(value, places: int = 0) -> str:
    """Decimal with Vietnamese notation on vi pages (1.234,5), English on en pages."""
    if value in (None, ""):
        return ""
    value = Decimal(value)
    text = f"{value:,.{int(places)}f}"
    if get_language() != "en":
        text = text.replace(",", "\0").replace(".", ",").replace("\0", ".")
    return text


@register.simple_tag
def purl(name: str, *args) -> str:
    """The portal URL in the page's language (`/dau-tu/…` or `/en/invest/…`)."""
    if get_language() == "en":
        name = f"{name}_en"
    return reverse(name, args=args)


@register.filter
def text(obj, field: str) -> str:
    return obj.text(field)


@register.simple_tag
def footprint_svg(geometry, size: int = 240):
    """The footprint drawn as an inline SVG (no outside map tiles), north up."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    if geometry is None or geometry.empty:
        return ""
    xmin, ymin, xmax, ymax = geometry.extent
    span = max(xmax - xmin, ymax - ymin) or 1e-6
    pad = span * 0.1
    scale = size / (span + 2 * pad)

    def pt(x: float, y: float) -> str:
        return f"{(x - xmin + pad) * scale:.1f},{(ymax - y + pad) * scale:.1f}"

    paths = []
    for polygon in geometry:
        for ring in polygon:
            paths.append("M" + " L".join(pt(x, y) for x, y in ring.coords) + " Z")
    centre = geometry.centroid
    return format_html(
        '<figure class="footprint"><svg viewBox="0 0 {s} {s}" width="{s}" height="{s}" role="img" '
        'aria-label="{label}"><rect width="100%" height="100%" fill="#eef3f8"/>'
        '<path d="{d}" fill="rgba(164,22,26,.35)" stroke="#a4161a" stroke-width="2"/></svg>'
        "<figcaption>{lat}° N, {lon}° E</figcaption></figure>",
        s=size,
        label=_("Footprint"),
        d=" ".join(paths),
        lat=f"{centre.y:.4f}",
        lon=f"{centre.x:.4f}",
    )


@register.inclusion_tag("geodata/_footprint_map.html")
def footprint_map(footprint=None, location=None, map_id: str = "footprint-map") -> dict:
    """The footprint and the location on the geodata map's MapLibre and base.

    The shape goes to the page as GeoJSON (json_script); without JavaScript or WebGL the inline
    SVG (or the coordinates of the location) stays in its place.
    """
    import json

    from django.conf import settings
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    features = []
    fallback = ""
    if footprint is not None and not footprint.empty:
        features.append(json.loads(footprint.geojson))
        fallback = footprint_svg(footprint)
    if location is not None and not location.empty:
        features.append(json.loads(location.geojson))
    if not fallback and features:
        fallback = format_html(
            '<p class="muted">{lat}° N, {lon}° E</p>',
            lat=f"{location.y:.5f}",
            lon=f"{location.x:.5f}",
        )
    return {
        "map_id": map_id,
        "data_id": f"{map_id}-data",
        "geojson": {
            "type": "FeatureCollection",
            "features": [{"type": "Feature", "properties": {}, "geometry": g} for g in features],
        },
        "has_shape": bool(features),
        "base_tiles": settings.GEODATA_BASE_TILE_URL,
        "label": _("Map of the footprint"),
        "fallback": fallback,
    }


@register.filter
def attachment_kind(attachment) -> str:
    """“PDF”, “DOCX”…: the checked kind, or the extension of a file stored before the checks."""
    kind = attachment.kind or attachment.file.name.rpartition(".")[2]
    return {"jpeg": "JPEG", "webp": "WebP"}.get(kind.lower(), kind.upper())


@register.filter
def in_language(obj, field: str) -> str:
    """`obj.<field>` in the page's language: `<field>_en` on an English page when it is filled,
    else the Vietnamese text, declared `lang="vi"` on a page in another language."""
    from hoptac.core.templatetags.language import recorded_in

    english = getattr(obj, f"{field}_en", "")
    if get_language() == "en" and english:
        return english
    vietnamese = getattr(obj, f"{field}_vi", None)
    if vietnamese is None:
        vietnamese = getattr(obj, field, "")
    return recorded_in(vietnamese, "vi")


@register.filter
def legal_basis(obj) -> str:
    """The legal basis of a rule or list in the page's language."""
    return in_language(obj, "legal_basis")
