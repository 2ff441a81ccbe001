"""Portal helpers: language-aware links, money in Vietnamese notation."""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.urls import reverse
from django.utils.translation import get_language

register = template.Library()


def group(value, sep: str = ".") -> str:
    number = int(Decimal(value))
    sign = "-" if number < 0 else ""
    return sign + f"{abs(number):,}".replace(",", sep)


@register.filter
def vnd(value) -> str:
    """1234567 → “1.234.567 ₫” (Vietnamese separators whatever the page language)."""
    if value in (None, ""):
        return ""
    return f"{group(value)} ₫"


@register.filter
def usd(value) -> str:
    if value in (None, ""):
        return ""
    return f"US$ {group(value, ',')}"


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
