"""The frameworks of published indexes: every value cited, sums checked, pages side by side."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest
from django.urls import reverse

from hoptac.indicators import frameworks


def test_every_framework_is_cited_and_its_values_hold():
    keys = [fw.key for fw in frameworks.catalogue()]
    assert keys == ["dti", "par", "sipas", "papi", "pci", "iso37120", "iso37122"]
    for fw in frameworks.catalogue():
        assert frameworks.check(fw) == [], fw.key
        assert fw.components_source.startswith("http") or not fw.components
        assert all(url.startswith("http") for url in fw.components_sources)
        for edition in fw.editions:
            assert edition.source.startswith("http")
            for value in edition.values.values():
                assert value.source.startswith("http")
    assert not frameworks.framework("iso37122").is_verified  # its numbered list not found
    assert frameworks.framework("papi").is_verified


def test_iso37120_lists_the_17_themes_of_its_2014_edition_with_their_sources():
    iso = frameworks.framework("iso37120")
    assert len(iso.components) == 100
    assert len({c.theme for c in iso.components}) == 17
    assert [c.key for c in iso.components][-1] == "21.7"
    # 5.1-6.2 read in the contents (components_source); the others carry their own source,
    # and the order of the themes has one of its own: each is given on the page and the API
    assert {c.source for c in iso.components if c.key in {"5.1", "6.2"}} == {""}
    assert all(c.source.startswith("http") for c in iso.components[9:])
    assert iso.components_sources[0] == iso.components_source
    assert len(iso.components_sources) == 3


def test_sipas_and_par_have_their_published_components():
    import json

    sipas = frameworks.framework("sipas")
    assert [c.key for c in sipas.components] == [
        "access",
        "procedures",
        "civil_servants",
        "results",
        "feedback",
    ]
    hanoi_2020 = frameworks.find_edition(sipas, 2020).values["01"]
    assert (hanoi_2020.total, hanoi_2020.rank) == (Decimal("85.15"), 33)
    danang_2022 = frameworks.find_edition(sipas, 2022).values["48"]
    assert (danang_2022.total, danang_2022.rank) == (Decimal("79.66"), 34)
    par_2018 = frameworks.find_edition(frameworks.framework("par"), 2018).values
    assert (par_2018["48"].rank, par_2018["01"].total, par_2018["01"].rank) == (
        4,
        Decimal("83.98"),
        None,  # the article orders Hanoi before Da Nang but gives it no rank
    )
    # the PAR fields' maximum points (Decision 2948/QĐ-BNV, as read) make 100
    raw = json.loads(frameworks.DATA.read_text(encoding="utf-8"))
    par = next(f for f in raw["frameworks"] if f["key"] == "par")
    assert len(par["components"]) == 8
    assert sum(Decimal(c["max_points"]) for c in par["components"]) == 100
    for c in par["components"]:
        assert c["unit"] == f"≤ {c['max_points']}"


def test_components_that_do_not_add_up_are_named():
    papi = frameworks.framework("papi")
    edition = papi.editions[-1]
    value = edition.values["01"]
    broken = dataclasses.replace(
        value, components={**value.components, "services": Decimal("9.0000")}
    )
    bad = dataclasses.replace(
        papi,
        editions=(dataclasses.replace(edition, values={"01": broken}),),
    )
    problems = frameworks.check(bad)
    assert len(problems) == 1 and "papi 2023 01" in problems[0] and "43.9603" in problems[0]
    unknown = dataclasses.replace(value, components={**value.components, "happiness": Decimal("1")})
    bad = dataclasses.replace(
        papi, editions=(dataclasses.replace(edition, values={"01": unknown}),)
    )
    assert "unknown components ['happiness']" in frameworks.check(bad)[0]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_pages_show_the_cities_side_by_side_with_sources(client, world, lang):
    suffix = "_en" if lang == "en" else ""
    page = client.get(reverse(f"indicators:framework_list{suffix}")).content.decode()
    assert "PAPI" in page and "PCI" in page and "ISO 37120" in page
    url = reverse(f"indicators:framework{suffix}", args=["pci"])
    page = client.get(url).content.decode()
    assert "70.42" in page or "70,42" in page  # Da Nang, PCI 2021
    assert "68.60" in page or "68,60" in page  # Hanoi
    assert "https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam" in page
    assert "10/63" in page and "4/63" in page  # the ranks as published
    page = client.get(reverse(f"indicators:framework{suffix}", args=["iso37120"])).content
    assert "5.6" in page.decode()
    for shown in ("21.7", "https://github.com/eristocrates/ipa", "https://urenio.org/"):
        assert shown in page.decode()  # the last theme, and every source of the list
    assert client.get(reverse(f"indicators:framework{suffix}", args=["nope"])).status_code == 404


def test_a_city_without_a_value_says_not_found(client, world):
    page = client.get(reverse("indicators:framework", args=["par"])).content.decode()
    assert "91.43" in page or "91,43" in page
    page = client.get(reverse("indicators:framework", args=["dti"])).content.decode()
    assert "không tìm thấy" in page  # Da Nang's 2024 value was not found


def test_years_are_written_without_a_thousands_separator(client, world):
    page = client.get(reverse("indicators:framework_list")).content.decode()
    assert "2022, 2023" in page and "2.022" not in page
    page = client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert "2023" in page and "2.023" not in page


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_framework_exports_the_page_figures_as_xlsx(client, world, lang):
    import io

    from openpyxl import load_workbook

    suffix = "_en" if lang == "en" else ""
    url = reverse(f"indicators:framework{suffix}", args=["pci"])
    page = client.get(url).content.decode()
    assert "?format=xlsx" in page
    response = client.get(url, {"format": "xlsx"})
    assert response["Content-Disposition"] == 'attachment; filename="khung-chi-so-pci.xlsx"'
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    status = "không phải dữ liệu minh họa" if lang == "vi" else "not demo data"
    assert status in rows[1][0]
    assert (header := next(r for r in rows if r[0] in ("Năm", "Year")))[4].startswith(
        "Thứ hạng" if lang == "vi" else "Rank"
    )
    header = next(r for r in rows if r[0] in ("Năm", "Year"))
    hanoi, danang = world.localities["own"].name, world.localities["partner"].name
    assert header[2:4] == (hanoi, danang)
    body = {r[1]: r for r in rows[rows.index(header) + 1 :]}
    total = body["Tổng" if lang == "vi" else "Total"]
    # as the page: Hanoi 68.60 (10/63), Da Nang 70.42 (4/63), and the gap
    assert total[:6] == (2021, total[1], 68.60, 70.42, "10/63", "4/63")
    assert round(total[6], 2) == -1.82
    assert total[-1] == "https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam"
    tables = frameworks.side_by_side(frameworks.framework("pci"), ["01", "48"], lang)
    for row in tables[0]["rows"][1:]:
        assert body[row.label][2:4] == tuple(float(v) for v in row.values)
        assert body[row.label][6] == float(row.gap)


def test_the_framework_page_draws_one_chart_per_indicator_with_a_value(client, world):
    response = client.get(reverse("indicators:framework", args=["papi"]))
    chart = response.context["chart"]
    years = ["2019", "2022", "2023"]  # 2019: only the participation dimension's table
    assert chart["years"] == years and chart["cities"] == ["Thành phố Hà Nội"]
    assert [s["label"] for s in chart["series"]][:2] == [
        "Tổng",
        "Tham gia của người dân ở cấp cơ sở",
    ]
    assert chart["series"][0]["values"] == [[None, 43.9049, 43.9603]]
    assert chart["series"][1]["values"] == [[5.04, 5.8254, 5.4275]]
    page = response.content.decode()
    assert page.count("<canvas data-series=") == 9 and 'id="framework-data"' in page
    assert "chartjs/chart.umd.min.js" in page and "<table" in page  # the tables stay
    page = client.get(reverse("indicators:framework", args=["iso37122"])).content.decode()
    assert "<canvas" not in page and "chart.umd" not in page  # nothing to draw


def test_the_chart_says_the_newest_gap(client, world):
    page = client.get(reverse("indicators:framework", args=["pci"])).content.decode()
    assert "Năm 2021: Thành phố Hà Nội thấp hơn Thành phố Đà Nẵng 1,82" in page
