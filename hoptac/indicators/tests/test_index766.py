"""The 766 index pages, export and API: who reads which figures, who imports, query counts."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.indicators import actions, demo, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

from .test_statistics import GOOD, RECORDS_HEADER, TODAY, monthly, records


def _load(city, data=GOOD, *, is_public=True):
    parsed = statistics.parse_monthly("m.csv", data, TODAY)
    assert parsed.errors == []
    return actions.import_statistics(city, parsed, by=None, is_public=is_public)


@pytest.fixture
def figures(world):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(
        partner,
        monthly(
            "10/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1",
            "09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1",
        ),
    )
    return own, partner


def upload(data: bytes, name: str = "m.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.mark.parametrize("url_name", ["indicators:index766", "indicators:index766_en"])
def test_anonymous_reads_public_figures_side_by_side(client, figures, url_name):
    own, partner = figures
    response = client.get(reverse(url_name), {"a": own.code, "b": partner.code})
    assert response.status_code == 200
    page = response.content.decode()
    assert "766/2022" in page
    assert "117 / 130" in page  # the on-time numbers of the first city, under its points
    assert "78 / 80" in page  # … and of the second
    assert "unverified" in page or "chưa kiểm chứng" in page
    # the sources and choices read in the page's language
    english = url_name.endswith("_en")
    assert ("what the on-time rate divides by" if english else "mẫu số của tỷ lệ") in page
    assert ("dossier statistics do not carry" if english else "số liệu hồ sơ không có") in page


def test_private_figures_are_read_by_the_city_and_its_partner_only(client, world, member):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own, is_public=False)
    _load(partner, monthly("10/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1"))
    url = reverse("indicators:index766")
    anonymous = client.get(url, {"a": own.code, "b": partner.code}).content.decode()
    assert "117 / 130" not in anonymous
    client.force_login(member("officer", "partner"))
    assert "117 / 130" in client.get(url, {"a": own.code, "b": partner.code}).content.decode()
    client.force_login(member("officer", "unrelated"))
    assert "117 / 130" not in client.get(url, {"a": own.code, "b": partner.code}).content.decode()


def test_each_figure_opens_down_to_its_agencies(client, figures):
    own, _partner = figures
    response = client.get(
        reverse("indicators:index766_detail"),
        {"city": own.code, "month": "2026-10", "component": "on_time"},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "Sở Xây dựng" in page and "Sở Tư pháp" in page
    assert "“Trước hạn, đúng hạn”" in page  # the numerator: the export column it sums


@pytest.mark.parametrize(
    "params",
    [
        {"city": "zz", "component": "on_time"},
        {"city": "01", "component": "nope"},
        {"city": "01", "component": "procedures_published_on_time"},
        {"city": "01", "component": "on_time", "month": "1999-13"},
    ],
)
def test_odd_detail_parameters_get_a_404(client, figures, params):
    expected = 200 if "month" in params else 404  # an unknown month shows the newest one
    assert client.get(reverse("indicators:index766_detail"), params).status_code == expected


def test_a_nul_in_the_city_code_is_never_an_error(client, figures):
    response = client.get(
        reverse("indicators:index766_detail"), {"city": "01\x00", "component": "on_time"}
    )
    assert response.status_code in {200, 404}


def test_the_index_downloads_as_xlsx(client, figures):
    from openpyxl import load_workbook

    own, partner = figures
    response = client.get(
        reverse("indicators:index766"),
        {"a": own.code, "b": partner.code, "month": "2026-10", "format": "xlsx"},
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert any("766/2022" in str(c) for c in cells)
    assert 117 in cells and 130 in cells


def test_the_api_gives_both_cities_scores(client, figures):
    own, partner = figures
    response = client.get("/api/indicators/index766", {"a": own.code, "b": partner.code})
    assert response.status_code == 200
    body = response.json()
    assert body["version"] == "766/2022" and body["month"] == "2026-10-01"
    on_time = next(c for c in body["components"] if c["component"] == "on_time")
    assert on_time["a"]["numerator"] == 117 and on_time["b"]["denominator"] == 80
    assert client.get("/api/indicators/index766", {"a": "zz", "b": "48"}).status_code == 404


def test_a_coordinator_imports_their_city_figures(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "monthly", "file": upload(GOOD)},
    )
    assert response.status_code == 302
    assert DossierMonth.objects.filter(locality=world.localities["own"]).count() == 2
    assert IndexResult.objects.filter(locality=world.localities["own"]).exists()


def test_a_records_file_with_personal_data_is_refused_on_the_page(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = records(
        "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,09/10/2026,Trực tuyến,Đã trả kết quả,"
        "Có,Có,Có,Có,Nguyễn Văn A",
        header=RECORDS_HEADER + ",Họ tên người nộp",
    )
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "records", "file": upload(data)},
    )
    assert response.status_code == 200
    page = response.content.decode()
    assert "13/2023" in page and "Họ tên người nộp" in page
    assert "Nguyễn Văn A" not in page
    assert not DossierMonth.objects.exists()


@pytest.mark.parametrize(("role", "where"), [("officer", "partner"), ("coordinator", "partner")])
def test_another_city_cannot_import_figures(client, world, member, role, where):
    client.force_login(member(role, where))
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "monthly", "file": upload(GOOD)},
    )
    assert response.status_code in {200, 403}  # 200: the city is not among the choices
    assert not DossierMonth.objects.exists()


def test_an_officer_cannot_import_even_their_own_city_figures(client, world, member):
    client.force_login(member("officer", "own"))
    response = client.get(reverse("indicators:import_statistics"))
    assert response.status_code == 403


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.get(reverse("indicators:import_statistics"))
    assert response.status_code == 302 and "next=" in response["Location"]


def test_the_index_page_queries_do_not_grow_with_months_and_agencies(
    client, world, django_assert_max_num_queries
):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner, monthly("10/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1"))
    url = reverse("indicators:index766")
    with django_assert_max_num_queries(12) as small:  # with gaps: the tagged practices looked up
        client.get(url, {"a": own.code, "b": partner.code})
    for city in (own, partner):
        rows = demo.statistics_rows(city.code, TODAY)
        actions.import_statistics(city, statistics.ParsedStatistics(rows=rows), by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, {"a": own.code, "b": partner.code})
    assert "2026" in response.content.decode()
    detail = reverse("indicators:index766_detail")
    params = {"city": own.code, "component": "on_time"}
    with django_assert_max_num_queries(8) as big_detail:
        client.get(detail, params)
    assert len(big_detail.captured_queries) <= 8


def test_the_demo_loads_twice_without_doubling(world, monkeypatch):
    monkeypatch.setattr("hoptac.core.dates.today", lambda: TODAY)
    demo.load_statistics_demo(lambda _m: None)
    rows, scores = DossierMonth.objects.count(), IndexResult.objects.count()
    demo.load_statistics_demo(lambda _m: None)
    assert DossierMonth.objects.count() == rows > 0
    assert IndexResult.objects.count() == scores
    assert DossierMonth.objects.filter(is_demo=False).count() == 0
    months = set(DossierMonth.objects.values_list("month", flat=True))
    assert len(months) == 24 and max(months) == dt.date(2026, 11, 1)
    assert IndexResult.objects.filter(is_demo=True, agency="").exists()


def test_the_api_gives_anonymous_only_public_figures(client, world, member):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own, is_public=False)
    _load(partner, monthly("10/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1"))
    params = {"a": own.code, "b": partner.code}
    body = client.get("/api/indicators/index766", params).json()
    on_time = next(c for c in body["components"] if c["component"] == "on_time")
    assert body["audience_a"] == "public" and on_time["a"] is None and on_time["b"] is not None
    client.force_login(member("officer", "partner"))
    body = client.get("/api/indicators/index766", params).json()
    on_time = next(c for c in body["components"] if c["component"] == "on_time")
    assert body["audience_a"] == "all" and on_time["a"]["numerator"] == 117


def test_anonymous_is_offered_only_the_months_whose_figures_it_reads(client, world, member):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own, monthly("08/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1"))
    _load(own, is_public=False)  # October: Hanoi's own figures only
    _load(partner, monthly("09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    url = reverse("indicators:index766")
    params = {"a": own.code, "b": partner.code}
    response = client.get(url, params)
    assert response.context["months"] == [dt.date(2026, 9, 1), dt.date(2026, 8, 1)]
    assert client.get("/api/indicators/index766", params).json()["month"] == "2026-09-01"
    client.force_login(member("officer", "own"))
    months = client.get(url, params).context["months"]
    assert months == [dt.date(2026, 10, 1), dt.date(2026, 9, 1), dt.date(2026, 8, 1)]
    assert client.get("/api/indicators/index766", params).json()["month"] == "2026-10-01"


def test_the_page_opens_on_the_newest_month_both_cities_have(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)  # October and nothing else: GOOD holds October 2026 only
    _load(own, monthly("09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    _load(partner, monthly("09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    url, params = reverse("indicators:index766"), {"a": own.code, "b": partner.code}
    response = client.get(url, params)
    # October is Hanoi's only: the page opens on September, which both cities have …
    assert response.context["comparison"].month == dt.date(2026, 9, 1)
    assert response.context["months"] == [dt.date(2026, 10, 1), dt.date(2026, 9, 1)]
    assert client.get("/api/indicators/index766", params).json()["month"] == "2026-09-01"
    # … and October is still there when asked for
    response = client.get(url, {**params, "month": "2026-10"})
    assert response.context["comparison"].month == dt.date(2026, 10, 1)
    api = client.get("/api/indicators/index766", {**params, "month": "2026-10"}).json()
    assert api["month"] == "2026-10-01"


def test_without_a_month_both_cities_have_the_page_opens_on_the_newest(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner, monthly("09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    params = {"a": own.code, "b": partner.code}
    response = client.get(reverse("indicators:index766"), params)
    assert response.context["comparison"].month == dt.date(2026, 10, 1)
    assert client.get("/api/indicators/index766", params).json()["month"] == "2026-10-01"
