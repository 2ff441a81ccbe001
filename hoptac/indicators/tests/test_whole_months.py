"""A records file replaces the whole months it covers, but never silently: a file that would
delete the figures of agencies or procedures it does not hold for one of its months is refused
(nothing written, each such month named) unless the importer says the file is the whole of
those months. Both paths (a UTF-8 CSV in bulk, a workbook row by row), both backends."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from hoptac.indicators.models import DossierMonth

from .test_records_import import ROWS, _csv, _xlsx
from .test_statistics import records

PATHS = {
    "bulk": lambda *rows: _csv(records(*rows)),
    "row_by_row": lambda *rows: _xlsx(*rows),
}
# Sở Xây dựng alone: Sở Tư pháp's October (one procedure, one dossier) is not in it.
PARTIAL = ROWS[:2]


def _post(client, world, file, *, whole: bool = False):
    data = {"locality": world.localities["own"].pk, "kind": "records", "file": file}
    data["is_public"] = "on"
    if whole:
        data["replace_months"] = "on"
    return client.post(reverse("indicators:import_statistics"), data)


def _held():
    return sorted(DossierMonth.objects.values_list("month", "agency", "procedure_code", "received"))


@pytest.fixture
def held(client, world, member):
    client.force_login(member("coordinator", "own"))
    assert _post(client, world, _csv(records(*ROWS))).status_code == 302
    before = _held()
    assert {agency for _m, agency, _c, _r in before} == {"Sở Xây dựng", "Sở Tư pháp"}
    return before


@pytest.mark.parametrize("path", PATHS)
def test_a_partial_file_is_refused_and_the_held_figures_are_unchanged(client, world, held, path):
    response = _post(client, world, PATHS[path](*PARTIAL))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Tháng 10/2026" in page
    assert "1 cơ quan" in page and "1 hồ sơ" in page
    assert _held() == held


@pytest.mark.parametrize("path", PATHS)
def test_a_partial_file_replaces_the_whole_month_when_the_box_is_ticked(client, world, held, path):
    response = _post(client, world, PATHS[path](*PARTIAL), whole=True)
    assert response.status_code == 302
    assert {agency for _m, agency, _c, _r in _held()} == {"Sở Xây dựng"}
    said = " ".join(str(m) for m in get_messages(response.wsgi_request))
    assert "10/2026" in said


@pytest.mark.parametrize("path", PATHS)
def test_a_file_holding_every_held_agency_and_procedure_needs_no_box(client, world, held, path):
    # HS2 moved from Sở Xây dựng to Sở Tư pháp: every held key is still in the file
    rows = (ROWS[0], ROWS[1].replace("Sở Xây dựng", "Sở Tư pháp"), ROWS[2])
    assert _post(client, world, PATHS[path](*rows)).status_code == 302
    after = {(agency, received) for _m, agency, _c, received in _held()}
    assert after == {("Sở Xây dựng", 1), ("Sở Tư pháp", 2)}


def test_a_procedure_the_file_lacks_for_a_held_agency_is_refused(client, world, held):
    rows = (*ROWS, ROWS[0].replace("HS1,1.001612", "HS4,1.000001"))
    assert _post(client, world, _csv(records(*rows))).status_code == 302
    before = _held()
    response = _post(client, world, _csv(records(*ROWS)))
    assert response.status_code == 200
    assert "1 thủ tục" in response.content.decode()
    assert _held() == before


def test_the_import_form_offers_the_whole_months_box(client, world, member):
    client.force_login(member("coordinator", "own"))
    page = client.get(reverse("indicators:import_statistics")).content.decode()
    assert 'name="replace_months"' in page
    assert "Tệp là toàn bộ hồ sơ của các tháng trong tệp" in page
