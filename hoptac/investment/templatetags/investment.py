"""Portal helpers: language-aware links, money in Vietnamese notation."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import reverse
from django.utils.translation import get_language

from hoptac.core.numbers import usd, vnd, vnd_words
from hoptac.core.templatetags.numbers import num, vnd_figure

register = template.Library()


# Numbers and money come from core (one formatter for the site), registered here under the
# names the portal's templates use.
for _filter in (vnd, vnd_words, vnd_figure, usd, num):
    register.filter(_filter.__name__, _filter)


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


@register.simple_tag(takes_context=True)
def usd_of(context, amount, project=None, detail: bool = False) -> str:
    """“≈ US$ 98,425,197” for a VND amount at the project's rate, else at the rate the cities
    set for the portal; with `detail`, the rate and its date follow. Nothing without a rate."""
    from django.utils.html import format_html
    from django.utils.translation import gettext

    from hoptac.core.numbers import number

    if amount in (None, ""):
        return ""
    brand = context.get("brand")
    terms = project.usd_terms(brand) if project is not None else None
    if terms is None and brand is not None and brand.usd_rate:
        terms = (Decimal(brand.usd_rate), brand.rate_date)
    if terms is None:
        return ""
    rate, day = terms
    figure = (Decimal(amount) / rate).quantize(Decimal("1"), rounding=ROUND_HALF_UP)
    if not detail:
        return format_html("≈ {}", usd(figure))
    note = gettext("at %(rate)s ₫/USD on %(date)s") % {
        "rate": number(rate, 0),
        "date": day.strftime("%d/%m/%Y") if day else "—",
    }
    return format_html('≈ {} <span class="muted">({})</span>', usd(figure), note)


@register.simple_tag
def source_mark(scheme: str, *codes: str) -> str:
    """An “unverified” badge after a VSIC code (`scheme` = its version) or a Decision 38/2020
    item (`scheme` = its kind) that no source was checked for (`sourcing.is_sourced`); nothing
    for a sourced one. Several codes (or one string of codes separated by spaces) get one badge
    when any of them is unverified."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    from hoptac.investment.sourcing import is_sourced

    parts = [c for value in codes for c in str(value or "").split()]
    if not parts or all(is_sourced(str(scheme), c) for c in parts):
        return ""
    return format_html(
        ' <span class="badge level-partial" data-unverified="{}" title="{}">{}</span>',
        " ".join(c for c in parts if not is_sourced(str(scheme), c)),
        _("No source has been checked for this code or item: ask the city before relying on it."),
        _("unverified"),
    )


@register.simple_tag
def vsic_name(vsic) -> str:
    """The name of a VSIC code in the page's language. A code with no English name (VSIC 2025:
    no official English version was found; the VSIC 2018 sub-classes loaded from the
    correspondence table) shows its Vietnamese name on an English page, marked as Vietnamese and
    saying why."""
    from django.utils.html import format_html
    from django.utils.translation import gettext as _

    if vsic is None:
        return ""
    if (get_language() or "").startswith("en") and not vsic.name_en:
        return format_html(
            '<span lang="vi">{}</span> <span class="muted" data-no-english-name>({})</span>',
            vsic.name_vi,
            _("Vietnamese name: no English name has been found for this code"),
        )
    return vsic.name
