"""The procedure fields: the reference list (data/procedure_fields.json, its sources cited), the
catalogue import naming an unknown field by row and column and saving nothing, a field matched
in any writing and saved as the list writes it, a city's own fields (added by its coordinators,
for that city only), and the hand-entry form offering the list."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import translation

from hoptac.core.tests.factories import LocalityFactory
from hoptac.indicators import catalogue, demo, procedure_fields
from hoptac.indicators.models import LocalProcedureField, Procedure

from .factories import ProcedureFactory
from .test_catalogue import TODAY, csv_of
from .test_views import upload


def _row(field: str, code: str = "1.001612", n: int = 1) -> str:
    return f"{n},{code},Toàn trình,Cấp giấy phép xây dựng,{field},Cấp tỉnh,15,Không"


# The data file ---------------------------------------------------------------------------------


def test_every_field_cites_known_sources_and_no_two_fields_are_one():
    data = procedure_fields.data()
    assert data["read_on"] and data["what_was_read"] and data["what_was_read_vi"]
    sources = data["sources"]
    for key, source in sources.items():
        assert source["title"] and source["label_vi"] and source["label_en"], key
        assert source["url"].startswith("http") or source["where"], key
    keys = set()
    for field in procedure_fields.reference():
        assert field.sources and set(field.sources) <= set(sources), field
        assert field.codes or field.note, field  # a field without a code says so
        key = procedure_fields.key(field.name)
        assert key not in keys, field.name
        keys.add(key)
    for choice in data["choices"]:
        assert all(choice[k] and choice[f"{k}_vi"] for k in ("about", "choice", "why"))


def test_every_demo_field_is_in_the_reference_list():
    listed = {f.name for f in procedure_fields.reference()}
    assert set(demo.FIELDS) <= listed and set(demo.AGENCIES) <= listed
    parsed = catalogue.parse("demo.csv", demo.catalogue_csv("01"), TODAY)
    assert parsed.errors == [] and parsed.rows


@pytest.mark.parametrize(
    ("written", "listed"),
    [
        ("Đất đai", "Đất đai"),
        ("ĐẤT  ĐAI", "Đất đai"),
        ("dat dai", "Đất đai"),
        (" Hộ tịch ", "Hộ tịch"),
        ("Thi đua – Khen thưởng", "Thi đua - khen thưởng"),
        ("thi dua, khen thuong", "Thi đua - khen thưởng"),
        ("Đầu tư tại Việt nam", "Đầu tư tại Việt Nam"),
        ("An toàn đập, hồ chứa thuỷ lợi", "An toàn đập, hồ chứa thủy lợi"),
    ],
)
def test_a_field_is_matched_in_any_writing_to_its_listed_name(written, listed):
    assert procedure_fields.canonical(written, procedure_fields.known()) == listed


@pytest.mark.parametrize("written", ["Xây nhà", "Đất", "", "Lĩnh vực khác nữa"])
def test_a_name_not_listed_is_not_matched(written):
    assert procedure_fields.canonical(written, procedure_fields.known()) is None


# The import ------------------------------------------------------------------------------------


def test_an_unknown_field_is_named_by_row_and_column():
    data = csv_of(_row("Xây dựng"), _row("Xây nhà dân dụng", "1.001613", 2))
    with translation.override("vi"):
        parsed = catalogue.parse("hn.csv", data, TODAY)
    assert parsed.errors == [
        "Dòng 3, cột “Lĩnh vực”: lĩnh vực “Xây nhà dân dụng” không có trong danh mục lĩnh vực "
        "(đầu mối điều phối của thành phố có thể thêm làm lĩnh vực riêng của thành phố)."
    ]


def test_a_file_with_an_unknown_field_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = csv_of(_row("Xây dựng"), _row("Xây nhà dân dụng", "1.001613", 2))
    response = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload(data)},
    )
    assert response.status_code == 200
    assert "không có trong danh mục lĩnh vực" in response.content.decode()
    assert not Procedure.objects.exists()


def test_a_known_field_is_saved_as_the_list_writes_it(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = csv_of(_row("xay dung"), _row("HỘ  TỊCH", "1.001613", 2))
    response = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload(data)},
    )
    assert response.status_code == 302
    assert sorted(Procedure.objects.values_list("field_name", flat=True)) == [
        "Hộ tịch",
        "Xây dựng",
    ]


# A city's own fields ---------------------------------------------------------------------------


def _add(client, world, where: str = "own", name: str = "Thí điểm chính quyền số"):
    return client.post(
        reverse("indicators:procedure_field_add"),
        {"locality": world.localities[where].pk, "name": name, "reason": "Công bố tại QĐ 1/2026"},
    )


def test_a_coordinator_adds_a_field_her_city_alone_then_imports(client, world, member):
    user = member("coordinator", "own")
    client.force_login(user)
    assert _add(client, world).status_code == 302
    field = LocalProcedureField.objects.get()
    assert (field.locality, field.added_by, field.key) == (
        world.localities["own"],
        user,
        "thi diem chinh quyen so",
    )
    assert field.history.get().history_user == user
    data = csv_of(_row("THÍ ĐIỂM chính quyền số"))
    own = catalogue.parse("a.csv", data, TODAY, fields=procedure_fields.known(field.locality))
    assert own.errors == [] and own.rows[0].values["field_name"] == "Thí điểm chính quyền số"
    partner = world.localities["partner"]
    theirs = catalogue.parse("a.csv", data, TODAY, fields=procedure_fields.known(partner))
    assert len(theirs.errors) == 1 and "Lĩnh vực" in theirs.errors[0]


@pytest.mark.parametrize(
    ("role", "where", "city"),
    [
        ("officer", "own", "own"),  # an officer is no coordinator
        ("coordinator", "partner", "own"),  # the partner reads, never writes
        ("coordinator", "unrelated", "own"),
    ],
)
def test_no_one_else_adds_a_field_to_a_city(client, world, member, role, where, city):
    client.force_login(member(role, where))
    response = _add(client, world, city)
    assert response.status_code in (302, 403)
    assert not LocalProcedureField.objects.exists()


def test_anonymous_is_sent_to_sign_in_and_adds_nothing(client, world):
    response = _add(client, world)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert not LocalProcedureField.objects.exists()


def test_a_get_adds_nothing(client, world, member):
    client.force_login(member("coordinator", "own"))
    assert client.get(reverse("indicators:procedure_field_add")).status_code == 405


@pytest.mark.parametrize(
    ("name", "said"),
    [
        ("dat dai", "đã có trong danh mục tham chiếu, là “Đất đai”"),
        ("  ", "Trường này là bắt buộc"),
    ],
)
def test_a_listed_or_empty_name_is_refused(client, world, member, name, said):
    client.force_login(member("coordinator", "own"))
    response = _add(client, world, name=name)
    page = client.get(response["Location"]).content.decode()
    assert said in page
    assert not LocalProcedureField.objects.exists()


def test_a_field_the_city_has_is_refused_in_any_writing(client, world, member):
    client.force_login(member("coordinator", "own"))
    _add(client, world)
    response = _add(client, world, name="thi diem CHINH QUYEN so")
    assert "đã có lĩnh vực" in client.get(response["Location"]).content.decode()
    assert LocalProcedureField.objects.count() == 1


def test_the_list_is_public_and_offers_the_form_to_coordinators_only(client, world, member):
    LocalProcedureField.objects.create(
        locality=world.localities["partner"], name="Thí điểm", key="thi diem"
    )
    page = client.get(reverse("indicators:procedure_fields"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "Lý lịch tư pháp" in text and "G15-TP10" in text and "Thí điểm" in text
    assert "tpthanhhoa.thanhhoa.gov.vn" in text  # the sources are cited on the page
    assert 'name="reason"' not in text
    english = client.get(reverse("indicators:procedure_fields_en")).content.decode()
    assert "Reference list" in english
    client.force_login(member("officer", "own"))
    assert (
        'name="reason"' not in client.get(reverse("indicators:procedure_fields")).content.decode()
    )
    client.force_login(member("coordinator", "own"))
    assert 'name="reason"' in client.get(reverse("indicators:procedure_fields")).content.decode()


def test_the_list_queries_do_not_grow_with_the_cities_fields(
    client, world, django_assert_max_num_queries
):
    def add(n: int) -> None:
        for i in range(n):
            city = LocalityFactory()
            LocalProcedureField.objects.create(locality=city, name=f"Riêng {i}", key=f"rieng {i}")

    add(1)
    with django_assert_max_num_queries(12) as few:
        client.get(reverse("indicators:procedure_fields"))
    add(20)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse("indicators:procedure_fields"))


# The hand-entry form ---------------------------------------------------------------------------

FORM = {
    "code": "1.001612",
    "full_code": "",
    "name": "Cấp giấy phép xây dựng",
    "field_name": "Xây dựng",
    "agency_level": "province",
    "agency": "Sở Xây dựng",
    "online_level": "full",
    "processing_days": "15",
    "fee": "Không",
    "valid_from": "",
}


def test_the_form_offers_the_list_and_the_city_own_fields_only(client, world, member):
    LocalProcedureField.objects.create(locality=world.localities["own"], name="Riêng HN", key="a")
    LocalProcedureField.objects.create(
        locality=world.localities["partner"], name="Riêng ĐN", key="b"
    )
    client.force_login(member("coordinator", "own"))
    page = client.get(reverse("indicators:procedure_form")).content.decode()
    assert '<option value="Lý lịch tư pháp">' in page
    assert '<option value="Riêng HN">' in page and "Riêng ĐN" not in page


def test_a_coordinator_enters_a_procedure(client, world, member):
    client.force_login(member("coordinator", "own"))
    response = client.post(reverse("indicators:procedure_form"), FORM)
    assert response.status_code == 302
    saved = Procedure.objects.get()
    assert (saved.locality, saved.field_name, saved.processing_days) == (
        world.localities["own"],
        "Xây dựng",
        15,
    )


def test_changing_a_procedure_by_hand_keeps_its_former_version(client, world, member):
    own = world.localities["own"]
    ProcedureFactory(locality=own, code="1.001612", valid_from=dt.date(2025, 1, 1))
    client.force_login(member("coordinator", "own"))
    url = reverse("indicators:procedure_form") + "?code=1.001612"
    assert 'value="1.001612"' in client.get(url).content.decode()  # the form is filled in
    response = client.post(url, {**FORM, "field_name": "Hoạt động xây dựng"})
    assert response.status_code == 302
    versions = Procedure.objects.filter(code="1.001612").order_by("valid_from")
    assert [v.field_name for v in versions] == ["Xây dựng", "Hoạt động xây dựng"]
    assert versions[0].valid_to is not None and versions[1].valid_to is None


@pytest.mark.parametrize(
    ("changes", "field", "said"),
    [
        ({"code": "1001612"}, "code", "không phải là mã dạng 1.001612"),
        ({"field_name": "Xây nhà"}, "field_name", "Xây nhà"),
        ({"processing_days": "sớm"}, "processing_days", "“sớm” không phải là số ngày"),
        ({"full_code": "2.000001.000.00.00.H26"}, "full_code", "không phải là mã đầy đủ"),
        ({"valid_from": "31/02/2026"}, "valid_from", "31/02/2026"),
    ],
)
def test_a_bad_procedure_saves_nothing(client, world, member, changes, field, said):
    client.force_login(member("coordinator", "own"))
    response = client.post(reverse("indicators:procedure_form"), {**FORM, **changes})
    assert response.status_code == 200
    assert said in " ".join(response.context["form"].errors[field])
    assert not Procedure.objects.exists()


@pytest.mark.parametrize(("role", "where"), [("officer", "own"), ("officer", "partner")])
def test_an_officer_cannot_enter_a_procedure(client, world, member, role, where):
    client.force_login(member(role, where))
    assert client.get(reverse("indicators:procedure_form")).status_code == 403
    assert client.post(reverse("indicators:procedure_form"), FORM).status_code == 403
    assert not Procedure.objects.exists()


def test_a_coordinator_never_writes_the_partner_catalogue(client, world, member):
    client.force_login(member("coordinator", "own"))
    url = reverse("indicators:procedure_form") + f"?a={world.localities['partner'].code}"
    client.post(url, FORM)
    assert not Procedure.objects.filter(locality=world.localities["partner"]).exists()
    assert Procedure.objects.get().locality == world.localities["own"]


def test_anonymous_is_sent_to_sign_in_by_the_form(client, world):
    response = client.post(reverse("indicators:procedure_form"), FORM)
    assert response.status_code == 302 and "dang-nhap" in response["Location"]
    assert not Procedure.objects.exists()


def test_the_import_page_accepts_the_city_own_field_not_the_partner_one(client, world, member):
    LocalProcedureField.objects.create(locality=world.localities["own"], name="Riêng", key="rieng")
    data = csv_of(_row("riêng"))
    client.force_login(member("coordinator", "own"))
    own = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["own"].pk, "file": upload(data)},
    )
    assert own.status_code == 302 and Procedure.objects.get().field_name == "Riêng"
    client.force_login(member("coordinator", "partner"))
    partner = client.post(
        reverse("indicators:import_catalogue"),
        {"locality": world.localities["partner"].pk, "file": upload(data)},
    )
    assert partner.status_code == 200 and Procedure.objects.count() == 1


@pytest.mark.parametrize("name", ["indicators:procedure_fields", "indicators:procedure_fields_en"])
def test_the_list_names_its_sources_by_their_labels_not_their_keys(client, world, name):
    import re

    text = client.get(reverse(name)).content.decode()
    shown = re.sub(r"https?://[^\s\"'<>]+", " ", re.sub(r"<[^>]+>", " ", text))
    for key in procedure_fields.data()["sources"]:
        assert not re.search(rf"\b{re.escape(key)}\b", shown), key
    assert "'sources'" not in shown and "'spellings'" not in shown
