"""The published-index frameworks under /api/indicators/frameworks: what the pages show."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

import pytest

from hoptac.indicators import frameworks
from hoptac.indicators.models import IndicatorFramework


def _private_framework(locality) -> IndicatorFramework:
    return IndicatorFramework.objects.create(locality=locality, name_vi="Khung nội bộ")


@pytest.mark.parametrize("who", [None, "own", "partner", "unrelated"])
def test_the_list_shows_a_private_city_framework_only_to_the_city_and_its_partner(
    client, world, member, who
):
    _private_framework(world.localities["own"])
    IndicatorFramework.objects.create(
        locality=world.localities["unrelated"], name_vi="Khung công khai", is_public=True
    )
    if who:
        client.force_login(member("officer", who))
    body = client.get("/api/indicators/frameworks").json()
    assert [f["key"] for f in body["published"]] == [f.key for f in frameworks.catalogue()]
    papi = next(f for f in body["published"] if f["key"] == "papi")
    assert papi["years"] == [2019, 2022, 2023] and papi["aggregation"] == "sum"
    names = [f["name_vi"] for f in body["city"]]
    if who in ("own", "partner"):
        assert names == ["Khung nội bộ", "Khung công khai"]
    else:
        assert names == ["Khung công khai"]


@pytest.mark.parametrize("who", [None, "own"])
def test_one_framework_has_its_components_and_editions_for_everyone(client, world, member, who):
    if who:
        client.force_login(member("officer", who))
    body = client.get("/api/indicators/frameworks/pci").json()
    assert body["status"] == "published" and len(body["components"]) == 10
    (edition,) = body["editions"]
    assert edition["year"] == 2021 and edition["of"] == 63
    danang = next(v for v in edition["values"] if v["locality"] == "48")
    assert (Decimal(danang["total"]), danang["rank"]) == (Decimal("70.42"), 4)
    assert Decimal(danang["components"]["entry"]) == Decimal("6.94")
    assert danang["source"] == "https://www.pcivietnam.vn/bang-chi-so-cac-tinh-thanh-viet-nam"


def test_a_component_over_the_years_with_the_gap_and_its_trend(client, world):
    body = client.get("/api/indicators/frameworks/dti/components/total").json()
    assert body["name_en"] == "Total"
    by_city = {s["locality"]: s for s in body["series"]}
    assert by_city["48"]["name"] == "Thành phố Đà Nẵng"
    hanoi = [(p["year"], p["value"], p["rank"]) for p in by_city["01"]["points"]]
    assert hanoi == [(2022, None, 24), (2023, None, 6), (2024, "0.8241", 1)]
    assert body["gaps"] == []  # no year has both cities' totals
    body = client.get("/api/indicators/frameworks/papi/components/services").json()
    # 2019: only the participation dimension's table was read
    assert [p["value"] and Decimal(p["value"]) for p in body["series"][0]["points"]] == [
        None,
        Decimal("7.2294"),
        Decimal("7.8486"),
    ]


def test_the_gap_moves_from_year_to_year():
    papi = frameworks.framework("papi")
    other = {2022: Decimal("7.0000"), 2023: Decimal("7.9000")}
    editions = tuple(
        dataclasses.replace(
            e,
            values={
                **e.values,
                "48": dataclasses.replace(e.values["01"], components={"services": other[e.year]}),
            },
        )
        for e in papi.editions
        if e.year in other
    )
    series = frameworks.series(dataclasses.replace(papi, editions=editions), "services")
    assert [(g.year, g.a, g.b, g.gap) for g in series.gaps] == [
        (2022, "01", "48", Decimal("0.2294")),
        (2023, "01", "48", Decimal("-0.0514")),
    ]
    assert series.gaps[0].change is None and series.gaps[1].change == Decimal("-0.2808")


@pytest.mark.parametrize(
    ("url", "words"),
    [
        ("/api/indicators/frameworks/nope", "nope"),
        ("/api/indicators/frameworks/nope/components/total", "nope"),
        ("/api/indicators/frameworks/pci/components/happiness", "happiness"),
    ],
)
def test_an_unknown_framework_or_component_is_a_404_that_names_it(client, world, url, words):
    response = client.get(url)
    assert response.status_code == 404
    assert words in response.json()["detail"]


def test_the_404_is_in_vietnamese_for_a_vietnamese_reader(client, world):
    response = client.get(
        "/api/indicators/frameworks/pci/components/happiness", HTTP_ACCEPT_LANGUAGE="vi"
    )
    assert "không có thành phần “happiness”" in response.json()["detail"]


def test_the_list_costs_the_same_queries_with_more_city_frameworks(
    client, world, django_assert_max_num_queries
):
    for _ in range(6):
        IndicatorFramework.objects.create(
            locality=world.localities["partner"], name_vi="Khung", is_public=True
        )
    with django_assert_max_num_queries(1):
        assert len(client.get("/api/indicators/frameworks").json()["city"]) == 6


def test_the_notes_are_given_in_vietnamese_beside_the_english(client, world):
    """As the data file writes them: the English note and its Vietnamese version, whatever the
    reader's language (as other answers give title_vi and title_en)."""
    pci = frameworks.framework("pci")
    body = client.get("/api/indicators/frameworks/pci", HTTP_ACCEPT_LANGUAGE="en").json()
    assert (body["scale"], body["scale_vi"]) == (pci.scale, pci.scale_vi)
    assert body["aggregation_note"] == pci.aggregation_note
    assert body["aggregation_note_vi"] == pci.aggregation_note_vi != ""
    (edition,) = body["editions"]
    assert edition["year_note_vi"] == pci.editions[0].year_note_vi != ""
    assert edition["year_note"] == pci.editions[0].year_note != edition["year_note_vi"]

    dti = client.get("/api/indicators/frameworks/dti").json()
    assert dti["publisher_en"].startswith("Ministry of Information and Communications")
    hanoi_2022 = next(
        v
        for e in dti["editions"]
        if e["year"] == 2022
        for v in e["values"]
        if v["locality"] == "01"
    )
    assert hanoi_2022["note"].startswith("rank read in the ranking list")
    assert hanoi_2022["note_vi"].startswith("thứ hạng đọc trong danh sách xếp hạng")

    listed = client.get("/api/indicators/frameworks").json()["published"]
    assert next(f for f in listed if f["key"] == "dti")["publisher_en"] == dti["publisher_en"]


def test_a_components_points_carry_the_vietnamese_note_too(client, world):
    body = client.get("/api/indicators/frameworks/dti/components/total").json()
    hanoi = next(s for s in body["series"] if s["locality"] == "01")
    by_year = {p["year"]: p for p in hanoi["points"]}
    assert by_year[2023]["note"].startswith("6th per nguoihanoi.vn")
    assert by_year[2023]["note_vi"].startswith("hạng 6 theo nguoihanoi.vn")


def test_every_english_note_of_the_data_file_has_its_vietnamese():
    """The API gives both: a note written in English only would leave the Vietnamese empty."""
    missing = []
    for fw in frameworks.catalogue():
        if fw.aggregation_note and not fw.aggregation_note_vi:
            missing.append(f"{fw.key}: aggregation_note")
        for e in fw.editions:
            if e.year_note and not e.year_note_vi:
                missing.append(f"{fw.key} {e.year}: year_note")
            missing += [
                f"{fw.key} {e.year} {code}: note"
                for code, v in e.values.items()
                if v.note and not v.note_vi
            ]
    assert missing == []
