"""The catalogue import and the comparison export go through core's file and spreadsheet checks:
a zip bomb is refused from its central directory; a procedure named like a formula stays text."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from hoptac.indicators import catalogue

from .factories import ProcedureFactory


def test_a_workbook_that_is_a_zip_bomb_is_refused_before_it_is_opened():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            for _ in range(40):
                part.write(b" " * (1024 * 1024))
    with pytest.raises(catalogue.CatalogueFileError, match="bom zip|zip bomb"):
        catalogue.read_table("dvc.xlsx", buffer.getvalue())


def test_the_comparison_workbook_keeps_a_formula_like_name_as_text(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.000001", name="=HYPERLINK(1)", fee="@SUM(1+1)")
    ProcedureFactory(locality=partner, code="1.000001", processing_days=10)
    response = client.get(
        reverse("indicators:services"), {"a": own.code, "b": partner.code, "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    values = [c.value for c in cells]
    assert "'=HYPERLINK(1)" in values and "'@SUM(1+1)" in values
    assert not [c for c in cells if c.data_type == "f"]
    assert 10 in values or 10.0 in values
