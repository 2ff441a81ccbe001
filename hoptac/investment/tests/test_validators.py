from __future__ import annotations

import pytest
from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from django.core.exceptions import ValidationError
from stdnum.vn import mst

from hoptac.investment.validators import check_tax_code, validate_in_vietnam


def test_stdnum_uses_the_official_weights():
    # 0100233488: 0*31+1*29+0*23+0*19+2*17+3*13+3*7+4*5+8*3 = 167; 167 % 11 = 2; 10 - 2 = 8
    assert mst.calc_check_digit("010023348") == "8"
    assert check_tax_code("0100233488") == "0100233488"


@pytest.mark.parametrize(
    ("value", "form", "expected"),
    [
        ("0100233488", "company", "0100233488"),
        ("01.00.233.488", "company", "0100233488"),
        ("0100233488-001", "branch", "0100233488-001"),
        ("0100233488001", "branch", "0100233488-001"),
        ("001085012345", "household", "001085012345"),
        ("079190000123", "individual", "079190000123"),
    ],
)
def test_valid_tax_codes_are_normalised(value, form, expected):
    assert check_tax_code(value, form) == expected


@pytest.mark.parametrize(
    ("value", "form", "code"),
    [
        ("0100233480", "company", "checksum"),
        ("12345", "company", "length"),
        ("01002334AB", "company", "format"),
        ("0100233488-000", "branch", "component"),
        ("0100233488-001", "company", "branch"),
        ("001085012345", "company", "personal"),
        ("099085012345", "individual", "citizen_id"),
    ],
)
def test_invalid_tax_codes_are_refused_with_a_reason(value, form, code):
    with pytest.raises(ValidationError) as info:
        check_tax_code(value, form)
    assert info.value.code == code


def test_a_footprint_in_vietnam_is_accepted_and_one_abroad_refused():
    hanoi = MultiPolygon(Polygon.from_bbox((105.5, 21.0, 105.6, 21.1)), srid=4326)
    validate_in_vietnam(hanoi)
    bangkok = MultiPolygon(Polygon.from_bbox((100.4, 13.7, 100.6, 13.8)), srid=4326)
    with pytest.raises(ValidationError) as info:
        validate_in_vietnam(bangkok)
    assert info.value.code == "outside_vietnam"
    with pytest.raises(ValidationError):
        validate_in_vietnam(Point(21.03, 105.85, srid=4326))  # latitude and longitude swapped
