"""The indicators app in the site search: procedures by name without accents and by code, only
their current versions; the cities' own frameworks and indicators, to whom may read them."""

from __future__ import annotations

import datetime as dt
import time

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hoptac.core import dates
from hoptac.indicators import actions, catalogue, frameworks, search
from hoptac.indicators.models import FrameworkIndicator, Procedure
from hoptac.search import index
from hoptac.search.models import Document
from hoptac.search.queries import search as site_search

HEADER = "STT,Mã TTHC,Mức độ DVC,Tên thủ tục hành chính,Lĩnh vực,Cấp thực hiện"


BIRTH = "1,1.900004,Toàn trình,Đăng ký khai sinh,Hộ tịch,Cấp xã"
PERMIT = "2,1.001612,Một phần,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh"


def _import(
    city, user, *rows: str, today: dt.date | None = None, complete: bool = False, header=HEADER
):
    today = today or dates.today()
    data = ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")
    parsed = catalogue.parse("c.csv", data, today)
    assert parsed.errors == []
    return actions.import_catalogue(city, parsed, by=user, today=today, complete=complete)


def _hits(q: str, user, kind: str | None = None):
    return [
        h.document for h in site_search(q, user).hits if kind is None or h.document.kind == kind
    ]


def test_a_procedure_is_found_without_accents_and_by_its_code(world, member, client):
    own = world.localities["own"]
    _import(own, member("coordinator", "own"), BIRTH, PERMIT)
    for query in ("dang ky khai sinh", "Đăng ký khai sinh", "1.900004"):
        found = _hits(query, AnonymousUser(), "procedure")
        assert [d.title for d in found][:1] == ["Đăng ký khai sinh"], query
    doc = _hits("1.900004", AnonymousUser(), "procedure")[0]
    assert doc.url == f"{reverse('indicators:services')}?a=01&code=1.900004"
    # the link leads to the side-by-side page narrowed to that procedure
    page = client.get(doc.url).content.decode()
    assert "Đăng ký khai sinh" in page and "Cấp giấy phép xây dựng" not in page
    permit = _hits("1.001612", AnonymousUser(), "procedure")[0]
    page = client.get(permit.url).content.decode()
    assert "Cấp giấy phép xây dựng" in page and "Đăng ký khai sinh" not in page
    # through the API too
    response = client.get("/api/search", {"q": "dang ky khai sinh"})
    assert response.status_code == 200
    assert any(r["url"] == doc.url for r in response.json()["results"])


def test_an_abolished_or_superseded_procedure_is_not_found(world, member):
    own = world.localities["own"]
    user = member("coordinator", "own")
    earlier = dates.today() - dt.timedelta(days=40)
    _import(own, user, BIRTH, PERMIT, today=earlier)
    # a new version of the permit (renamed), and the birth registration abolished
    _import(own, user, "1,1.001612,Toàn trình,Cấp phép xây dựng nhà ở,Xây dựng,Cấp tỉnh",
            complete=True)  # fmt: skip
    assert Procedure.objects.filter(code="1.900004", valid_to__isnull=False).exists()
    assert _hits("dang ky khai sinh", AnonymousUser(), "procedure") == []
    assert [d.title for d in _hits("1.001612", AnonymousUser(), "procedure")] == [
        "Cấp phép xây dựng nhà ở"
    ]
    # a full rebuild keeps them out as well
    index.rebuild(["procedure"])
    assert _hits("dang ky khai sinh", AnonymousUser(), "procedure") == []
    assert len(_hits("1.001612", AnonymousUser(), "procedure")) == 1


def test_a_version_not_yet_in_force_is_found_from_its_first_day(world, member, monkeypatch):
    own = world.localities["own"]
    today = dates.today()
    start = today + dt.timedelta(days=3)
    _import(own, member("coordinator", "own"), f"{BIRTH},{start:%d/%m/%Y}",
            today=today, header=f"{HEADER},Hiệu lực từ")  # fmt: skip
    # "Hiệu lực từ" gave a later date: not current yet
    assert Procedure.objects.get(code="1.900004").valid_from == start
    assert _hits("dang ky khai sinh", AnonymousUser(), "procedure") == []
    monkeypatch.setattr(dates, "today", lambda: start)  # three days later: the daily job
    assert search.reindex_started_and_ended() == 1
    assert len(_hits("dang ky khai sinh", AnonymousUser(), "procedure")) == 1


def test_the_catalogue_import_indexes_in_bulk(world, member):
    own = world.localities["own"]
    rows = [
        f"{n},1.{900100 + n:06d},Một phần,Thủ tục số {n} về hộ tịch,Hộ tịch,Cấp xã"
        for n in range(1, 301)
    ]
    started = time.perf_counter()
    _import(own, member("coordinator", "own"), *rows)
    took = time.perf_counter() - started
    assert Document.objects.filter(kind="procedure").count() == 300
    assert [d.title for d in _hits("thu tuc so 250 ve ho tich", AnonymousUser(), "procedure")][
        :1
    ] == ["Thủ tục số 250 về hộ tịch"]
    assert took < 30  # a generous bound; the report gives the measured figures


def test_a_city_framework_and_its_indicators_are_found_by_whom_may_read_them(world, member):
    own = world.localities["own"]
    coordinator = member("coordinator", "own")
    rows = [
        {"code": "CT1", "name_vi": "Tỷ lệ hồ sơ trực tuyến", "name_en": "Share online",
         "unit": "%", "direction": "higher", "group": "Dịch vụ công"},
        {"code": "CT2", "name_vi": "Thời gian giải quyết bình quân", "name_en": "",
         "unit": "ngày", "direction": "lower", "group": "Dịch vụ công"},
    ]  # fmt: skip
    framework = actions.create_framework(
        own, rows, name_vi="Khung chỉ số chuyển đổi số", is_public=False, by=coordinator
    )
    indicator = FrameworkIndicator.objects.get(framework=framework, code="CT1")
    query = "ty le ho so truc tuyen"
    # not public: neither the public nor an unrelated city; the city and its partner do
    for who in (AnonymousUser(), member("officer", "unrelated")):
        assert _hits(query, who, "framework_indicator") == []
        assert _hits("khung chi so chuyen doi so", who, "indicator_framework") == []
    for who in (member("officer", "own"), member("officer", "partner")):
        found = _hits(query, who, "framework_indicator")
        assert [d.title for d in found][:1] == ["Tỷ lệ hồ sơ trực tuyến"]
        assert found[0].url == (
            reverse("indicators:city_framework", args=[framework.pk]) + f"#chi-tieu-{indicator.pk}"
        )
        assert len(_hits("khung chi so chuyen doi so", who, "indicator_framework")) == 1
    # made public: everyone finds the framework and its indicators
    actions.change_framework(framework, by=coordinator, is_public=True)
    found = _hits(query, AnonymousUser(), "framework_indicator")
    assert [d.title for d in found][:1] == ["Tỷ lệ hồ sơ trực tuyến"]
    assert len(_hits("khung chi so chuyen doi so", AnonymousUser(), "indicator_framework")) == 1
    # an edited indicator is found by its new name
    actions.change_indicator(indicator, by=coordinator, name_vi="Tỷ lệ thanh toán trực tuyến")
    assert [d.title for d in _hits("thanh toan truc tuyen", AnonymousUser())][:1] == [
        "Tỷ lệ thanh toán trực tuyến"
    ]


def _api_urls(client, q: str) -> list[str]:
    response = client.get("/api/search", {"q": q})
    assert response.status_code == 200
    return [r["url"] for r in response.json()["results"]]


def _api_titles(client, q: str) -> list[str]:
    return [r["title"] for r in client.get("/api/search", {"q": q}).json()["results"]]


def test_the_766_components_and_the_published_frameworks_are_found_by_everyone(db, client):
    """Pages made from the data files, not rows: indexed by migrate, with no import or save."""
    on_time = reverse("indicators:index766_component", args=["on_time"])
    dti = reverse("indicators:framework", args=["dti"])
    on_time_vi = "Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn"
    dti_vi = "Chỉ số đánh giá chuyển đổi số cấp tỉnh (DTI)"
    for query, url, title in (
        ("ty le ho so dung han", on_time, on_time_vi),
        (on_time_vi, on_time, on_time_vi),
        ("dossiers handled on time", on_time, on_time_vi),
        ("chi so chuyen doi so", dti, dti_vi),
        ("digital transformation index", dti, dti_vi),
    ):
        assert _api_urls(client, query)[:1] == [url], query
        assert _api_titles(client, query)[:1] == [title], query
        assert url in [d.url for d in _hits(query, AnonymousUser())[:3]], query
        page = client.get(reverse("search:page"), {"q": query}).content.decode()
        assert f'href="{url}"' in page, query
        assert client.get(url).status_code == 200, url
    # the 766 page itself, a component of a published framework (leading to its framework's page)
    assert reverse("indicators:index766") in _api_urls(client, "chi so 766")
    papi = frameworks.framework("papi")
    part = papi.components[0]
    found = _hits(part.name_vi, AnonymousUser(), "published_index")
    assert (part.name_vi, reverse("indicators:framework", args=["papi"])) in [
        (d.title, d.url) for d in found
    ]


def test_the_data_files_pages_are_read_again_by_a_rebuild_and_by_migrate(db, client, monkeypatch):
    dti = reverse("indicators:framework", args=["dti"])
    index.rebuild()
    assert _api_urls(client, "digital transformation index")[:1] == [dti]
    index.rebuild(["published_index"])
    assert _api_urls(client, "digital transformation index")[:1] == [dti]
    # a framework gone from the data file is gone from the search after the next migrate
    kept = tuple(f for f in frameworks.catalogue() if f.key != "dti")
    monkeypatch.setattr(frameworks, "catalogue", lambda: kept)
    index.refresh_pages()
    assert dti not in _api_urls(client, "digital transformation index")
    assert Document.objects.filter(kind="published_index", url=dti).count() == 0
    assert Document.objects.filter(kind="published_index").count() == sum(
        1 + len(f.components) for f in kept
    )
