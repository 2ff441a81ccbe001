"""A published index's figures imported from its table or entered by hand: every bad figure named
by row and column in Vietnamese, nothing saved; a city's coordinators for their own city only;
the partner reads, the public reads what is public; a good import shows on the index's page.

The figures below are made up for the tests (HCMC, code 79, has none in the data file)."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.core.models import Membership
from hoptac.indicators import frameworks, published_values
from hoptac.indicators.models import PublishedValue

SRC = "https://example.org/bang-cong-bo"
HEADER = "Mã thành phần,Địa phương,Giá trị,Thứ hạng,Nguồn"
PAPI = ["participation", "transparency", "accountability", "corruption"]
PAPI += ["procedures", "services", "environment", "e_governance"]


def csv_of(*rows: str, header: str = HEADER) -> bytes:
    return ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")


def papi_rows(total: str = "40.0000", city: str = "Hồ Chí Minh") -> list[str]:
    """A made-up PAPI table of one city whose eight dimensions (5.0000 each) add up to 40."""
    return [f"total,{city},{total},5,{SRC}", *(f"{k},{city},5.0000,,{SRC}" for k in PAPI)]


def parse(data: bytes, choice: str = "papi:2023", allowed=None, world=None, **kw):
    allowed = allowed if allowed is not None else [world.localities["unrelated"].pk]
    return published_values.parse("bang.csv", data, choice, allowed=allowed, **kw)


def test_a_good_table_is_read(world):
    parsed = parse(csv_of(*papi_rows()), world=world)
    assert parsed.errors == []
    assert len(parsed.cells) == 9
    total = parsed.cells[0]
    assert total == {
        "row": 2,
        "component": "total",
        "locality": world.localities["unrelated"].pk,
        "code": "79",
        "city": "Thành phố Hồ Chí Minh",
        "value": "40.0000",
        "rank": 5,
        "source": SRC,
    }


@pytest.mark.parametrize(
    "row, expected",
    [
        (
            f"happiness,79,1,,{SRC}",
            "Dòng 2, cột “Mã thành phần”: khung Chỉ số hiệu quả quản trị và hành chính công cấp "
            "tỉnh (PAPI) không có thành phần “happiness”",
        ),
        (
            f"total,Atlantis,1,,{SRC}",
            "Dòng 2, cột “Địa phương”: “Atlantis” không phải là tỉnh, thành phố trong danh mục.",
        ),
        (f"total,79,abc,,{SRC}", "Dòng 2, cột “Giá trị”: “abc” không phải là số"),
        (f"total,79,,,{SRC}", "Dòng 2, cột “Giá trị”: bắt buộc phải có."),
        (f"total,79,40,2.5,{SRC}", "Dòng 2, cột “Thứ hạng”: “2.5” không phải là thứ hạng"),
        (f"total,79,40,hạng 3,{SRC}", "Dòng 2, cột “Thứ hạng”: “hạng 3” không phải là thứ hạng"),
        (f"services,79,5,3,{SRC}", "Dòng 2, cột “Thứ hạng”: thứ hạng chỉ đi với điểm tổng"),
        ("total,79,40,,", "Dòng 2, cột “Nguồn”: bắt buộc phải có (hoặc ghi nguồn của bảng"),
        ("total,79,40,,bang 5", "Dòng 2, cột “Nguồn”: “bang 5” không phải là địa chỉ web"),
    ],
)
def test_a_bad_figure_is_named_by_row_and_column(world, row, expected):
    parsed = parse(csv_of(row), world=world)
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith(expected), parsed.errors
    assert parsed.cells == []


def test_a_rank_beyond_the_places_ranked_is_refused(world):
    # DTI 2023 ranked 63 provinces (data file)
    parsed = parse(csv_of(f"total,79,0.5,64,{SRC}"), "dti:2023", world=world)
    assert parsed.errors == [
        "Dòng 2, cột “Thứ hạng”: thứ hạng 64, nhưng năm 2023 chỉ xếp hạng 63 địa phương."
    ]


def test_components_that_do_not_add_up_name_the_total_row_and_both_sums(world):
    parsed = parse(csv_of(*papi_rows(total="40.0100")), world=world)
    assert parsed.errors == [
        "Dòng 2, cột “Giá trị”: các thành phần của Thành phố Hồ Chí Minh không cộng lại bằng "
        "điểm tổng: tổng các thành phần là 40,0000, điểm tổng là 40,0100 (PAPI cho phép sai "
        "lệch 0,0002)."
    ]
    # within the tolerance the data file states, it adds up
    assert parse(csv_of(*papi_rows(total="40.0002")), world=world).errors == []


def test_parts_that_do_not_add_up_name_the_component_not_its_key(world):
    """Seen in the demo: the message said “các thành phần của participation”, the data file's
    key, where the reader knows the dimension by its name (the key stays, in brackets, for the
    column of the file)."""
    parts = ["civic_knowledge", "participation_opportunities", "village_elections"]
    parts += ["voluntary_contributions"]
    rows = [f"participation,79,5.1,,{SRC}", *(f"{k},79,1,,{SRC}" for k in parts)]
    parsed = parse(csv_of(*rows), world=world)
    assert parsed.errors == [
        "Dòng 2, cột “Giá trị”: các thành phần của “Tham gia của người dân ở cấp cơ sở” "
        "(participation) của Thành phố Hồ Chí Minh không cộng lại bằng giá trị của “Tham gia "
        "của người dân ở cấp cơ sở” (participation): tổng các thành phần là 4, giá trị của "
        "“Tham gia của người dân ở cấp cơ sở” (participation) là 5,1 (PAPI cho phép sai lệch "
        "0,0002)."
    ]


def test_the_sum_counts_the_figures_already_kept(world):
    hcmc = world.localities["unrelated"]
    for key in PAPI[:4]:
        PublishedValue.objects.create(
            framework="papi", year=2023, locality=hcmc, component=key, value=5, source=SRC
        )
    rows = [f"total,79,41,,{SRC}", *(f"{k},79,5,,{SRC}" for k in PAPI[4:])]
    parsed = parse(csv_of(*rows), world=world)
    assert len(parsed.errors) == 1 and "tổng các thành phần là 40" in parsed.errors[0]


def test_a_weighted_index_is_not_summed(world):
    # DTI's total is weighted (aggregation "published"): never checked against its components
    rows = [f"total,79,0.9,,{SRC}", f"awareness,79,0.1,,{SRC}"]
    assert parse(csv_of(*rows), "dti:2023", world=world).errors == []


def test_a_figure_given_twice_names_both_rows(world):
    parsed = parse(csv_of(f"total,79,40,,{SRC}", f"TOTAL,Hồ Chí Minh,41,,{SRC}"), world=world)
    assert parsed.errors == [
        "Dòng 3, cột “Mã thành phần”: total của Thành phố Hồ Chí Minh đã có ở dòng 2."
    ]


def test_a_city_the_user_does_not_manage_is_refused(world):
    parsed = parse(csv_of(f"total,Đà Nẵng,40,,{SRC}"), world=world)
    assert parsed.errors == [
        "Dòng 2, cột “Địa phương”: Thành phố Đà Nẵng không phải địa phương bạn quản lý: chỉ "
        "nhập được số liệu của chính địa phương mình."
    ]


def test_a_merged_unit_is_named_with_its_successor(world):
    from hoptac.core.tests.factories import LocalityFactory

    LocalityFactory(
        code="49",
        name_vi="Tỉnh Quảng Nam",
        valid_to="2025-06-30",
        successor=world.localities["partner"],
        kind="province",
    )
    parsed = parse(csv_of(f"total,Quảng Nam,40,,{SRC}"), world=world)
    assert parsed.errors == [
        "Dòng 2, cột “Địa phương”: “Quảng Nam” không còn là đơn vị trong danh mục (đã hợp nhất "
        "vào Thành phố Đà Nẵng): hãy dùng Thành phố Đà Nẵng."
    ]


def test_a_figure_of_the_data_file_is_never_replaced(world):
    hanoi = world.localities["own"]
    papi = frameworks.framework("papi")
    read = frameworks.find_edition(papi, 2023).values["01"]
    same = parse(csv_of(f"total,01,{read.total},{read.rank or ''},{SRC}"), allowed=[hanoi.pk])
    assert same.errors == [] and same.cells == [] and len(same.same) == 1
    other = parse(csv_of(f"total,01,{read.total + 1},,{SRC}"), allowed=[hanoi.pk])
    assert len(other.errors) == 1
    assert other.errors[0].startswith(
        f"Dòng 2, cột “Giá trị”: dữ liệu chỉ số đã công bố đã có {read.total} cho total"
    )


def test_a_rank_of_the_data_file_is_kept(world):
    # DTI 2023: the file has Hà Nội's rank (6) but not its total
    hanoi = world.localities["own"]
    other = parse(csv_of(f"total,01,0.8,7,{SRC}"), "dti:2023", allowed=[hanoi.pk])
    assert other.errors == [
        "Dòng 2, cột “Thứ hạng”: dữ liệu chỉ số đã công bố đã có thứ hạng 6 cho Thành phố Hà "
        "Nội năm 2023 (đọc từ https://nguoihanoi.vn/ha-noi-xep-thu-6-ve-chi-so-chuyen-doi-so-"
        "cap-tinh-89443.html); không thay thế ở đây."
    ]
    parsed = parse(csv_of(f"total,01,0.8,,{SRC}"), "dti:2023", allowed=[hanoi.pk])
    assert parsed.errors == []
    published_values.save("dti:2023", parsed.cells, is_public=True, by=None)
    dti = frameworks.with_entered(
        frameworks.framework("dti"), published_values.visible_to(AnonymousUser(), "dti")
    )
    value = frameworks.find_edition(dti, 2023).values["01"]
    assert (value.total, value.rank, list(value.entered)) == (Decimal("0.8"), 6, ["total"])


def test_an_unknown_framework_or_year_is_refused(world):
    for choice in ("papi:2031", "happiness:2023", "papi"):
        parsed = parse(csv_of(*papi_rows()), choice, world=world)
        assert parsed.errors[0].startswith(f"Khung chỉ số và năm “{choice}” không có"), choice


def test_a_table_without_the_required_columns_is_refused(world):
    parsed = parse(csv_of("total,79", header="Mã thành phần,Tỉnh thành,Điểm xếp loại"), world=world)
    assert parsed.errors == [
        "Dòng 1, cột C: không nhận ra cột “Điểm xếp loại”.",
        "Dòng 1: thiếu các cột: Giá trị.",
    ]


# The pages ------------------------------------------------------------------------------------


def upload(client, data: bytes, edition: str = "papi:2023", name="bang.csv", **fields):
    form = {"edition": edition, "source": "", "is_public": "on"}
    form |= {"file": SimpleUploadedFile(name, data), **fields}
    return client.post(reverse("indicators:published_import"), form)


def confirm(client):
    token = client.session["indicators_published_import"]["token"]
    return client.post(reverse("indicators:published_import"), {"confirm": "1", "token": token})


def test_a_coordinator_imports_a_table_that_shows_on_the_index_page(client, world, member):
    user = member("coordinator", "unrelated")
    client.force_login(user)
    response = upload(client, csv_of(*papi_rows()))
    page = response.content.decode()
    assert "Kiểm tra trước khi lưu" in page and "e_governance" in page
    assert not PublishedValue.objects.exists()  # nothing before the confirmation
    response = confirm(client)
    assert response.url == reverse("indicators:framework", args=["papi"])
    assert PublishedValue.objects.count() == 9
    total = PublishedValue.objects.get(component="total")
    assert (total.published, total.rank, total.entered_by) == (Decimal("40.0000"), 5, user)
    assert str(total.published) == "40.0000"  # as published, not padded to six decimals
    assert "indicators_published_import" not in client.session
    confirm_again = client.post(
        reverse("indicators:published_import"), {"confirm": "1", "token": "x"}
    )
    assert confirm_again.status_code == 302 and PublishedValue.objects.count() == 9
    client.logout()
    page = client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert "Thành phố Hồ Chí Minh" in page and "40,0000" in page and "hạng 5/" in page
    assert "do thành phố nhập" in page and SRC in page
    edit = reverse("indicators:published_value_edit", args=[total.pk])
    assert edit not in page  # the public reads, never edits
    api = client.get("/api/indicators/frameworks/papi").json()
    edition = next(e for e in api["editions"] if e["year"] == 2023)
    hcmc = next(v for v in edition["values"] if v["locality"] == "79")
    assert hcmc["total"] == "40.0000" and "total" in hcmc["entered"]


def test_a_table_with_one_bad_row_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "unrelated"))
    rows = papi_rows(total="41.0000")
    response = upload(client, csv_of(*rows))
    page = response.content.decode()
    assert "Tệp có 1 lỗi; chưa lưu gì." in page
    assert "Dòng 2, cột “Giá trị”: các thành phần của Thành phố Hồ Chí Minh" in page
    assert "indicators_published_import" not in client.session
    assert not PublishedValue.objects.exists()


def test_a_forged_year_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "unrelated"))
    response = upload(client, csv_of(*papi_rows()), edition="papi:2031")
    assert "Khung chỉ số và năm “papi:2031” không có" in response.content.decode()
    assert not PublishedValue.objects.exists()


def test_a_row_of_another_city_is_refused_and_nothing_saved(client, world, member):
    client.force_login(member("coordinator", "own"))  # Hà Nội's coordinator
    rows = [f"total,79,40,,{SRC}", f"services,01,5,,{SRC}"]
    page = upload(client, csv_of(*rows), edition="par:2023").content.decode()
    assert "Tệp có 2 lỗi; chưa lưu gì." in page  # PAR has no component "services" either
    assert "Thành phố Hồ Chí Minh không phải địa phương bạn quản lý" in page
    assert not PublishedValue.objects.exists()


@pytest.mark.parametrize("role, where", [("officer", "unrelated"), ("officer", "own")])
def test_an_officer_cannot_import(client, world, member, role, where):
    client.force_login(member(role, where))
    assert upload(client, csv_of(*papi_rows())).status_code == 403
    assert client.get(reverse("indicators:published_import")).status_code == 403
    assert not PublishedValue.objects.exists()


def test_anonymous_is_sent_to_log_in(client, world):
    assert client.get(reverse("indicators:published_import")).status_code == 302
    add = reverse("indicators:published_value_add", args=["papi"])
    assert client.post(add, {"year": "2023"}).status_code == 302
    assert not PublishedValue.objects.exists()


def test_a_confirmation_after_losing_the_role_writes_nothing(client, world, member):
    user = member("coordinator", "unrelated")
    client.force_login(user)
    upload(client, csv_of(*papi_rows()))
    token = client.session["indicators_published_import"]["token"]
    Membership.objects.filter(user=user).update(role="officer")
    response = client.post(reverse("indicators:published_import"), {"confirm": "1", "token": token})
    assert response.status_code == 403 and not PublishedValue.objects.exists()


def test_the_template_lists_the_index_components(client, world):
    response = client.get(reverse("indicators:published_template", args=["papi"]) + "?format=csv")
    lines = response.content.decode("utf-8-sig").splitlines()
    assert lines[0] == HEADER and lines[1] == "total,,,," and lines[-1] == "e_governance,,,,"
    xlsx = client.get(reverse("indicators:published_template", args=["pci"]))
    assert xlsx.status_code == 200 and xlsx.content[:2] == b"PK"


# Hand entry -----------------------------------------------------------------------------------


def add(client, key: str = "papi", **fields):
    form = {"year": "2023", "component": "total", "locality": "79", "value": "40"}
    form |= {"rank": "", "source": SRC, "is_public": "on", **fields}
    return client.post(reverse("indicators:published_value_add", args=[key]), form)


def test_a_coordinator_enters_a_figure_by_hand(client, world, member):
    client.force_login(member("coordinator", "unrelated"))
    page = client.get(reverse("indicators:published_value_add", args=["papi"])).content.decode()
    assert 'value="79"' in page and 'value="48"' not in page  # own city only
    assert '<option value="2023">2023</option>' in page  # a year, not "2.023"
    response = add(client, value="40,50", rank="7")
    assert response.status_code == 302
    row = PublishedValue.objects.get()
    assert (row.component, row.published, row.rank) == ("total", Decimal("40.50"), 7)


@pytest.mark.parametrize(
    "fields, field, expected",
    [
        ({"value": "nhiều"}, "value", "“nhiều” không phải là số"),
        ({"rank": "thứ ba"}, "rank", "“thứ ba” không phải là thứ hạng"),
        ({"component": "happiness"}, "component", "không có thành phần “happiness”"),
        ({"year": "2031"}, "year", "Khung chỉ số và năm “papi:2031” không có"),
        ({"source": "sổ tay"}, "source", "“sổ tay” không phải là địa chỉ web"),
    ],
)
def test_a_bad_figure_by_hand_saves_nothing(client, world, member, fields, field, expected):
    client.force_login(member("coordinator", "unrelated"))
    response = add(client, **fields)
    assert response.status_code == 200
    assert expected in " ".join(response.context["form"].errors[field])
    summary = response.content.decode().split('class="form-errors"')[1].split("</div>")[0]
    assert expected in summary  # the list of errors above the form names it too
    assert not PublishedValue.objects.exists()


def test_a_figure_by_hand_that_breaks_the_sum_is_refused(client, world, member):
    hcmc = world.localities["unrelated"]
    for key in PAPI:
        PublishedValue.objects.create(
            framework="papi", year=2023, locality=hcmc, component=key, value=5, source=SRC
        )
    client.force_login(member("coordinator", "unrelated"))
    response = add(client, value="39")
    assert "tổng các thành phần là 40, điểm tổng là 39" in response.content.decode()
    assert PublishedValue.objects.count() == 8
    assert add(client, value="40").status_code == 302


def test_a_forged_post_for_another_city_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "own"))  # Hà Nội's coordinator
    response = add(client, locality="79")
    assert "Thành phố Hồ Chí Minh không phải địa phương bạn quản lý" in response.content.decode()
    assert not PublishedValue.objects.exists()


def figure(world, where: str = "unrelated", public: bool = True) -> PublishedValue:
    return PublishedValue.objects.create(
        framework="papi",
        year=2023,
        locality=world.localities[where],
        component="services",
        value=Decimal("5.1200"),
        places=4,
        source=SRC,
        is_public=public,
    )


def test_a_coordinator_edits_a_figure_but_not_its_city(client, world, member):
    row = figure(world)
    client.force_login(member("coordinator", "unrelated"))
    url = reverse("indicators:published_value_edit", args=[row.pk])
    page = client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert url in page
    response = client.post(
        url, {"locality": "01", "component": "total", "value": "6.5", "source": SRC}
    )
    assert response.status_code == 302
    row.refresh_from_db()
    assert (row.locality_id, row.component, row.published) == (
        world.localities["unrelated"].pk,
        "services",
        Decimal("6.5"),
    )
    assert row.history.count() == 2


@pytest.mark.parametrize(
    "role, where, public, expected",
    [
        ("coordinator", "own", True, 403),  # reads it (public), may not change it
        ("coordinator", "own", False, 404),  # neither reads nor changes it
        ("officer", "unrelated", True, 403),  # an officer of the city is no coordinator
    ],
)
def test_others_cannot_edit_a_figure(client, world, member, role, where, public, expected):
    row = figure(world, public=public)
    client.force_login(member(role, where))
    url = reverse("indicators:published_value_edit", args=[row.pk])
    assert client.get(url).status_code == expected
    assert client.post(url, {"value": "9", "source": SRC}).status_code == expected
    row.refresh_from_db()
    assert row.published == Decimal("5.1200") and row.history.count() == 1


def test_a_private_figure_is_read_by_the_city_and_its_partner_only(client, world, member):
    figure(world, where="partner", public=False)  # Đà Nẵng's (the file has no PAPI of it)
    url = reverse("indicators:framework", args=["papi"])
    assert "5,1200" not in client.get(url).content.decode()  # anonymous
    client.force_login(member("coordinator", "unrelated"))
    assert "5,1200" not in client.get(url).content.decode()
    client.force_login(member("officer", "own"))  # Hà Nội, Đà Nẵng's partner, reads it
    page = client.get(url).content.decode()
    assert "5,1200" in page and "Thành phố Đà Nẵng" in page
    client.force_login(member("officer", "partner"))
    assert "5,1200" in client.get(url).content.decode()
    PublishedValue.objects.update(is_public=True)
    client.logout()
    assert "5,1200" in client.get(url).content.decode()  # public figures are public


def test_a_confirmation_after_moving_to_another_city_writes_nothing(client, world, member):
    user = member("coordinator", "unrelated")
    client.force_login(user)
    upload(client, csv_of(*papi_rows()))
    token = client.session["indicators_published_import"]["token"]
    Membership.objects.filter(user=user).update(organisation=world.office["partner"])
    response = client.post(reverse("indicators:published_import"), {"confirm": "1", "token": token})
    assert response.status_code == 403 and not PublishedValue.objects.exists()
