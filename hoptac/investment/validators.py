"""Input checks shared by models, forms and the API: tax codes, colours, Vietnam's extent."""

from __future__ import annotations

import re

from django.contrib.gis.geos import GEOSGeometry, Polygon
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import InvalidChecksum, InvalidComponent, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.vn import mst

# Mainland Viet Nam with its near-shore islands (Phú Quốc, Côn Đảo, Bạch Long Vĩ), lon/lat.
# Investment footprints lie on land here; the offshore archipelagos are not sites for projects.
VIETNAM_EXTENT = Polygon.from_bbox((102.0, 8.0, 110.0, 23.5))
VIETNAM_EXTENT.srid = 4326

# Province codes of the 12-digit citizen identity number (Circular 59/2021/TT-BCA): 001–096.
_CITIZEN_ID = re.compile(r"^0(0[1-9]|[1-8][0-9]|9[0-6])[0-9]{9}$")
PERSONAL_FORMS = {"household", "individual"}


def check_tax_code(value: str, legal_form: str = "company") -> str:
    """The tax code in its standard form (`0100233488`, `0100233488-001`) or a ValidationError.

    Companies and branches: 10 digits whose last is the check digit (weights 31, 29, 23, 19, 17,
    13, 7, 5, 3), a branch adds `-YYY`. Since 1 July 2025 households and individuals use their
    12-digit citizen ID as tax code; only they may give one.
    """
    raw = (value or "").strip()
    digits = re.sub(r"[\s.\-]", "", raw)
    if not digits.isdigit():
        raise ValidationError(
            _("A tax code has only digits (and a dash before a branch suffix)."), code="format"
        )
    if len(digits) == 12:
        if legal_form not in PERSONAL_FORMS:
            raise ValidationError(
                _(
                    "A 12-digit citizen ID is a tax code only for household businesses and "
                    "individuals; a company has 10 digits, a branch 13."
                ),
                code="personal",
            )
        if not _CITIZEN_ID.match(digits):
            raise ValidationError(
                _("This is not a citizen ID number: its first three digits name no province."),
                code="citizen_id",
            )
        return digits
    try:
        compact = mst.validate(digits)
    except InvalidLength:
        raise ValidationError(
            _("A tax code has 10 digits, or 13 for a branch (XXXXXXXXXX-YYY)."), code="length"
        ) from None
    except InvalidChecksum:
        raise ValidationError(
            _("The check digit is wrong: the tax code %(code)s does not exist. Check each digit."),
            code="checksum",
            params={"code": raw},
        ) from None
    except InvalidComponent:
        raise ValidationError(
            _("This tax code has an impossible sequence number or branch suffix."),
            code="component",
        ) from None
    except StdnumError:
        raise ValidationError(_("This is not a valid tax code."), code="invalid") from None
    if len(compact) == 13 and legal_form != "branch":
        raise ValidationError(
            _("A 13-digit tax code belongs to a branch; choose the legal form “branch”."),
            code="branch",
        )
    return mst.format(compact)


def validate_colour(value: str) -> None:
    if not re.fullmatch(r"#[0-9a-fA-F]{6}", value or ""):
        raise ValidationError(_("A colour is written #RRGGBB, e.g. #a4161a."))


def validate_in_vietnam(geometry: GEOSGeometry | None) -> None:
    """Refuse a location or footprint that is not within Viet Nam (WGS 84 longitude/latitude)."""
    if geometry is None:
        return
    geom = geometry
    if geom.srid and geom.srid != 4326:
        geom = geom.transform(4326, clone=True)
    if geom.empty or not VIETNAM_EXTENT.contains(geom):
        raise ValidationError(
            _(
                "The geometry lies outside Viet Nam (longitude 102–110° E, latitude 8–23.5° N). "
                "Check that longitude comes before latitude and the coordinates are WGS 84."
            ),
            code="outside_vietnam",
        )


# How far outside its park's outline a project may be placed: a park's outline is drawn coarsely,
# and a project at its gate or across its boundary road is still in it (0.01° is about 1.1 km).
PARK_MARGIN_DEGREES = 0.01


def lies_in_park(
    location: GEOSGeometry | None, plot: GEOSGeometry | None, outline: GEOSGeometry | None
) -> bool:
    """Whether a project's location and plot lie in the outline of the park it names (within the
    margin); true when there is no outline to check against. A Da Nang project "in Da Nang
    High-Tech Park" placed in Hanoi contradicts itself on the map and the portal's pages."""
    if not outline:
        return True
    around = outline.buffer(PARK_MARGIN_DEGREES)
    return all(around.contains(g) for g in (location, plot) if g is not None and not g.empty)
