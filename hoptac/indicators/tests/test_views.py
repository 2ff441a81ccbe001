"""Catalogue pages: public comparison, the import's permissions and its all-or-nothing rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.indicators import actions, catalogue
from hoptac.indicators.models import Procedure
from hoptac.indicators.queries import compare

from .factories import ProcedureFactory
from .test_catalogue import csv_of

GOOD = csv_of(
    "1,1.001612,Toàn trình,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh,15,Không",
    "2,1.001613,Một phần,Cấp chứng chỉ hành nghề,Xây dựng,Cấp tỉnh,20,Không",
)


def upload(data: bytes = GOOD, name: str = "hn.csv") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="text/csv")


@pytest.fixture
def catalogues(world):
    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.000001", online_level="partial", processing_days=20)
    ProcedureFactory(locality=partner, code="1.000001", online_level="full", processing_days=10)
    ProcedureFactory(locality=own, code="1.000002", online_level="full")
    ProcedureFactory(locality=partner, code="1.000002", online_level="full")
    ProcedureFactory(locality=partner, code="1.000003", online_level="full")
    return own, partner


def test_comparison_counts_who_is_ahead_and_faster(catalogues):
    own, partner = catalogues
    c = compare(own, partner, dt.date.today())
    assert c.summary["both"] == 2
    assert c.summary["b_ahead"] == 1 and c.summary["a_ahead"] == 0
    assert c.summary["b_faster"] == 1 and c.summary["b_only"] == 1
    ahead = compare(own, partner, dt.date.today(), only="b_ahead").pairs
    assert [p.code for p in ahead] == ["1.000001"]


def test_fees_are_compared_where_both_catalogues_give_a_number(client, world):
    own, partner = world.localities["own"], world.localities["partner"]
    ProcedureFactory(locality=own, code="1.000011", fee="50.000 đồng", fee_vnd=50_000)
    ProcedureFactory(locality=partner, code="1.000011", fee="100.000 đồng", fee_vnd=100_000)
    ProcedureFactory(locality=own, code="1.000012", fee="Theo quy định", fee_vnd=None)
    ProcedureFactory(locality=partner, code="1.000012", fee="20.000 đồng", fee_vnd=20_000)
    ProcedureFactory(locality=own, code="1.000013", fee="10.000 đồng", fee_vnd=10_000)
    ProcedureFactory(locality=partner, code="1.000013", fee="10.000 đồng", fee_vnd=10_000)
    c = compare(own, partner, dt.date.today())
    assert (c.summary["a_cheaper"], c.summary["b_cheaper"]) == (1, 0)
    first = next(p for p in c.pairs if p.code == "1.000011")
    assert first.a_lower["cheaper"] and not first.b_lower["cheaper"]
    page = client.get(
        reverse("indicators:services"), {"a": own.code, "b": partner.code, "code": "1.000011"}
    ).content.decode()
    assert page.count("phí thấp hơn") == 1
    assert "Phí thấp hơn ở" in page


@pytest.mark.parametrize(
    "url_name", ["indicators:index", "indicators:services", "indicators:services_en"]
)
def test_anonymous_reads_the_comparison(client, catalogues, url_name):
    own, partner = catalogues
    response = client.get(reverse(url_name), {"a": own.code, "b": partner.code})
    assert response.status_code == 200
    assert (
        partner.name_vi in response.content.decode() or partner.name_en in response.content.decode()
    )


def test_the_english_page_is_in_english(client, catalogues):
    response = client.get(reverse("indicators:services_en"))
    assert response["Content-Language"] == "en"
    assert "Online public services side by side" in response.content.decode()


def test_the_english_page_marks_the_catalogues_vietnamese_as_vietnamese(client, world):
    """A procedure's name, its field and its fee are the catalogue's own words, in Vietnamese:
    an English page says so (a screen reader reads them as Vietnamese)."""
    own, partner = world.localities["own"], world.localities["partner"]
    for locality in (own, partner):
        ProcedureFactory(locality=locality, code="1.000021", name="Cấp phép khai thác", fee="Không")
    page = client.get(
        reverse("indicators:services_en"), {"a": own.code, "b": partner.code}
    ).content.decode()
    assert '<span lang="vi">Cấp phép khai thác</span>' in page
    assert page.count('<span class="muted" lang="vi">Không</span>') == 2


def test_the_comparison_page_queries_do_not_grow_with_rows(
    client, catalogues, django_assert_max_num_queries
):
    own, partner = catalogues
    with django_assert_max_num_queries(12) as small:
        client.get(reverse("indicators:services"), {"a": own.code, "b": partner.code})
    ProcedureFactory.create_batch(60, locality=own)
    ProcedureFactory.create_batch(60, locality=partner)
    with django_assert_max_num_queries(len(small.captured_queries)):
        client.get(reverse("indicators:services"), {"a": own.code, "b": partner.code})


def test_the_comparison_downloads_as_xlsx(client, catalogues):
    import io

    from openpyxl import load_workbook

    own, partner = catalogues
    response = client.get(
        reverse("indicators:services"), {"a": own.code, "b": partner.code, "format": "xlsx"}
    )
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "Mã thủ tục" or rows[0][0] == "Procedure code"
    assert [r[0] for r in rows[1:]] == ["1.000001", "1.000002", "1.000003"]


def test_a_coordinator_imports_their_city_catalogue(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload()},
    )
    assert response.status_code == 302
    assert Procedure.objects.filter(locality=world.localities["own"]).count() == 2


def test_a_file_with_one_bad_row_saves_nothing_and_names_it(client, world, member):
    client.force_login(member("coordinator", "own"))
    bad = csv_of(
        "1,1.001612,Toàn trình,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh,15,Không",
        "2,1.00161X,Một phần,Cấp chứng chỉ,Xây dựng,Cấp tỉnh,20,Không",
    )
    response = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload(bad)},
    )
    assert response.status_code == 200
    assert (
        "Row 3, column “Mã TTHC”" in response.content.decode()
        or "Dòng 3" in response.content.decode()
    )
    assert Procedure.objects.count() == 0


@pytest.mark.parametrize(
    ("role", "where"), [("officer", "own"), ("coordinator", "partner"), ("leader", "own")]
)
def test_others_cannot_import_a_city_catalogue(client, world, member, role, where):
    client.force_login(member(role, where))
    response = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload()},
    )
    assert response.status_code in (200, 403)
    assert Procedure.objects.count() == 0


def test_anonymous_is_sent_to_sign_in(client, world):
    response = client.post(reverse("indicators:import_catalogue"), {"file": upload()})
    assert (
        response.status_code == 302
        and "/login" in response["Location"]
        or "dang-nhap" in response["Location"]
    )
    assert Procedure.objects.count() == 0


def test_a_changed_procedure_keeps_its_old_version(world, member):
    own = world.localities["own"]
    user = member("coordinator", "own")
    today = dt.date(2026, 1, 10)
    actions.import_catalogue(own, catalogue.parse("a.csv", GOOD, today), by=user, today=today)
    changed = csv_of(
        "1,1.001612,Toàn trình,Cấp giấy phép xây dựng,Xây dựng,Cấp tỉnh,10,Không",
    )
    later = dt.date(2026, 3, 1)
    result = actions.import_catalogue(
        own, catalogue.parse("b.csv", changed, later), by=user, today=later, complete=True
    )
    assert (result.changed, result.abolished, result.added) == (1, 1, 0)
    versions = Procedure.objects.filter(code="1.001612").order_by("valid_from")
    assert [v.processing_days for v in versions] == [15, 10]
    assert versions[0].valid_to == dt.date(2026, 2, 28)
    assert not Procedure.objects.filter(code="1.001613", valid_to__isnull=True).exists()


def test_importing_the_same_file_twice_changes_nothing(world, member):
    own = world.localities["own"]
    user = member("coordinator", "own")
    today = dt.date(2026, 1, 10)
    actions.import_catalogue(own, catalogue.parse("a.csv", GOOD, today), by=user, today=today)
    history = Procedure.history.count()
    result = actions.import_catalogue(
        own, catalogue.parse("a.csv", GOOD, today), by=user, today=today
    )
    assert result.unchanged == 2 and Procedure.history.count() == history


def test_the_api_compares_two_cities(client, catalogues):
    own, partner = catalogues
    response = client.get("/api/indicators/compare", {"a": own.code, "b": partner.code})
    assert response.status_code == 200
    body = response.json()
    assert body["summary"]["b_ahead"] == 1
    assert [p["code"] for p in body["pairs"]] == ["1.000001", "1.000002", "1.000003"]
    assert client.get("/api/indicators/compare", {"a": "00", "b": partner.code}).status_code == 404


def test_the_api_lists_a_city_catalogue(client, catalogues):
    own, _ = catalogues
    response = client.get("/api/indicators/procedures", {"locality": own.code})
    assert response.status_code == 200
    assert response.json()["count"] == 2


def test_the_lagging_city_is_offered_to_ask_the_partner_how(client, catalogues, member):
    own, partner = catalogues
    client.force_login(member("officer", "own"))
    page = client.get(reverse("indicators:services"), {"a": own.code, "b": partner.code})
    links = [p for p in page.context["page_obj"] if p.ask_url]
    # partner fully online; own partly online (1.000001) or not in its catalogue (1.000003)
    assert [p.code for p in links] == ["1.000001", "1.000003"]
    form = client.get(links[0].ask_url)
    assert form.status_code == 200
    subject = form.context["form"]["subject"].value()
    assert "1.000001" in subject and partner.name in subject
    assert "10" in form.context["form"]["question"].value()


def test_the_city_ahead_and_anonymous_are_not_offered_to_ask(client, catalogues, member):
    own, partner = catalogues
    page = client.get(reverse("indicators:services"), {"a": own.code, "b": partner.code})
    assert not any(p.ask_url for p in page.context["page_obj"])
    client.force_login(member("officer", "partner"))
    page = client.get(reverse("indicators:services"), {"a": own.code, "b": partner.code})
    assert not any(p.ask_url for p in page.context["page_obj"])


@pytest.mark.parametrize("value", ["\x00", "99\x00", "x" * 500])
def test_odd_parameters_get_a_page_or_a_404_never_an_error(client, catalogues, value):
    assert (
        client.get(reverse("indicators:services"), {"a": value, "field": value}).status_code == 200
    )
    assert client.get("/api/indicators/compare", {"a": value, "b": value}).status_code == 404
    assert client.get("/api/indicators/procedures", {"locality": value}).status_code == 404


def test_the_comparison_workbook_says_demo_data_when_it_is(client, catalogues):
    import io

    from openpyxl import load_workbook

    from hoptac.indicators.models import Procedure

    own, partner = catalogues
    Procedure.objects.filter(locality=partner).update(is_demo=True)
    response = client.get(
        reverse("indicators:services"), {"a": own.code, "b": partner.code, "format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Dữ liệu minh họa, không phải số liệu thật của các thành phố."
    assert rows[1][0] == "Mã thủ tục"
