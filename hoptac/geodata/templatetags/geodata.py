"""Template filters of the geodata pages."""

from __future__ import annotations

from functools import lru_cache

from django import template

from .. import crs as crsmod

register = template.Library()


@register.filter
@lru_cache(maxsize=64)
def crs_label(code: int | None) -> str:
    """'EPSG:5899 — VN-2000 / TM-3 zone 491' for a code: never localised as a number
    ('EPSG:5.899'); '—' when there is none."""
    if not code:
        return "—"
    return crsmod.epsg_label(int(code))


@register.simple_tag
def maplibre_locale() -> str:
    """The texts of MapLibre's own controls in the page's language, as a JSON script element
    (id "maplibre-locale") that map.js and footprint.js pass as the map's `locale` option."""
    from django.utils.html import json_script
    from django.utils.translation import gettext as _

    texts = {
        "AttributionControl.ToggleAttribution": _("Show or hide the map's sources"),
        "AttributionControl.MapFeedback": _("Report a map error"),
        "FullscreenControl.Enter": _("Full screen"),
        "FullscreenControl.Exit": _("Leave full screen"),
        "GeolocateControl.FindMyLocation": _("Find my location"),
        "GeolocateControl.LocationNotAvailable": _("Location not available"),
        "LogoControl.Title": "MapLibre",
        "Map.Title": _("Map"),
        "NavigationControl.ResetBearing": _("Drag to rotate the map, click to face north"),
        "NavigationControl.ZoomIn": _("Zoom in"),
        "NavigationControl.ZoomOut": _("Zoom out"),
        "Popup.Close": _("Close"),
        "ScaleControl.Kilometers": "km",
        "ScaleControl.Meters": "m",
    }
    return json_script({k: str(v) for k, v in texts.items()}, "maplibre-locale")
