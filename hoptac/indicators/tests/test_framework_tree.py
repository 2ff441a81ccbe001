"""Frameworks as trees of any depth (dimensions → sub-dimensions → indicators): in the published
indexes' data file (each level that the file says is a sum checked, on import too, by row and
column) and in a city's own framework (the parent from its column, or from numbered codes);
shown indented and foldable with the cities' values; who reads and who edits."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.indicators import actions, framework_files, frameworks, published_values
from hoptac.indicators.models import FrameworkIndicator, IndicatorFramework, PublishedValue

from .test_framework_import import HEADER, csv_of

SRC = "https://example.org/bang-cong-bo"
PARTS = ["civic_knowledge", "participation_opportunities", "village_elections"]
PARTS += ["voluntary_contributions"]


def _raw(**over) -> dict:
    """A made-up framework of three levels: the total is the sum of a and b; a of a1 and a2;
    a1 of a1x and a1y; b has parts but is not said to be their sum."""
    raw = {
        "key": "demo",
        "name_vi": "Bộ thử",
        "name_en": "Test",
        "publisher": "—",
        "scale": "",
        "aggregation": "sum",
        "aggregation_note": "",
        "components_source": "",
        "tolerance": "0.01",
        "components": [
            {"key": "a", "name_vi": "A", "name_en": "A", "aggregation": "sum"},
            {"key": "a1", "parent": "a", "name_vi": "A1", "name_en": "A1", "aggregation": "sum"},
            {"key": "a1x", "parent": "a1", "name_vi": "A1x", "name_en": "A1x"},
            {"key": "a1y", "parent": "a1", "name_vi": "A1y", "name_en": "A1y"},
            {"key": "a2", "parent": "a", "name_vi": "A2", "name_en": "A2"},
            {"key": "b", "name_vi": "B", "name_en": "B"},
            {"key": "b1", "parent": "b", "name_vi": "B1", "name_en": "B1"},
        ],
        "editions": [],
    }
    raw.update(over)
    return raw


# --- the published indexes' data file ----------------------------------------------------


def test_a_component_tree_keeps_each_part_under_its_whole_at_any_depth():
    fw = frameworks._framework(_raw())
    assert [(c.key, c.depth) for c in fw.components] == [
        ("a", 0),
        ("a1", 1),
        ("a1x", 2),
        ("a1y", 2),
        ("a2", 1),
        ("b", 0),
        ("b1", 1),
    ]
    assert [c.key for c in fw.parts()] == ["a", "b"] and fw.is_tree
    assert [k for k, _parts in frameworks.summed(fw)] == ["total", "a", "a1"]


@pytest.mark.parametrize(
    "components",
    [
        [{"key": "a", "parent": "nope", "name_vi": "A", "name_en": "A"}],
        [
            {"key": "a", "parent": "b", "name_vi": "A", "name_en": "A"},
            {"key": "b", "parent": "a", "name_vi": "B", "name_en": "B"},
        ],
        [
            {"key": "a", "name_vi": "A", "name_en": "A"},
            {"key": "a", "name_vi": "A", "name_en": "A"},
        ],
        [{"key": "a", "name_vi": "A", "name_en": "A", "aggregation": "mean"}],
    ],
)
def test_the_data_file_refuses_a_broken_tree(components):
    with pytest.raises(ValueError):
        frameworks._framework(_raw(components=components))


def test_every_level_the_file_says_is_a_sum_is_checked_and_only_those():
    fw = frameworks._framework(_raw())
    figures = {"total": Decimal(10), "a": Decimal(6), "b": Decimal(4), "a2": Decimal(2)}
    figures |= {"a1": Decimal(4), "a1x": Decimal(1), "a1y": Decimal(2)}  # 1 + 2 is not 4
    figures["b1"] = Decimal(1)  # b is not said to be the sum of its parts: never checked
    wrong = frameworks.mismatches(fw, figures)
    assert [(m.key, m.parts, m.value) for m in wrong] == [("a1", Decimal(3), Decimal(4))]
    del figures["a1y"]  # a partial set is never summed
    assert frameworks.mismatches(fw, figures) == []


def test_the_check_of_the_data_file_names_the_level_that_does_not_add_up():
    values = {"01": {"total": "10", "components": {"a": "6", "b": "4", "a1": "5", "a2": "2"}}}
    fw = frameworks._framework(_raw(editions=[{"year": 2024, "source": SRC, "values": values}]))
    assert frameworks.check(fw) == ["demo 2024 01: the parts of a add up to 7, not 6"]


def test_papi_participation_holds_its_four_sub_dimensions_that_add_up():
    papi = frameworks.framework("papi")
    assert [c.key for c in papi.parts("participation")] == PARTS
    assert frameworks.check(papi) == []
    hanoi_2019 = frameworks.find_edition(papi, 2019).values["01"]
    parts = sum((hanoi_2019.components[k] for k in PARTS), Decimal(0))
    assert parts == hanoi_2019.components["participation"] == Decimal("5.04")
    assert hanoi_2019.total is None and hanoi_2019.rank is None  # not read: never computed


# --- a published table imported at every level ----------------------------------------


def _parse(world, *rows: str, choice: str = "papi:2019"):
    header = "Mã thành phần,Địa phương,Giá trị,Thứ hạng,Nguồn"
    data = ("\n".join([header, *rows]) + "\n").encode("utf-8-sig")
    return published_values.parse(
        "bang.csv", data, choice, allowed=[world.localities["partner"].pk]
    )


def test_sub_dimensions_that_do_not_add_up_name_the_row_and_column_of_their_dimension(world):
    rows = [f"participation,Đà Nẵng,5.00,,{SRC}", *(f"{k},Đà Nẵng,1.25,,{SRC}" for k in PARTS)]
    assert _parse(world, *rows).errors == []  # 4 × 1,25 = 5,00
    rows[0] = f"participation,Đà Nẵng,5.02,,{SRC}"
    assert _parse(world, *rows).errors == []  # within the 2019 edition's 0,025 (two decimals)
    rows[0] = f"participation,Đà Nẵng,5.50,,{SRC}"
    assert _parse(world, *rows).errors == [
        "Dòng 2, cột “Giá trị”: các thành phần của “Tham gia của người dân ở cấp cơ sở” "
        "(participation) của Thành phố Đà Nẵng không cộng lại bằng giá trị của “Tham gia của "
        "người dân ở cấp cơ sở” (participation): tổng các thành phần là 5,00, giá trị của “Tham "
        "gia của người dân ở cấp cơ sở” (participation) là 5,50 (PAPI cho phép sai lệch 0,025)."
    ]


def test_sub_dimensions_are_summed_with_the_dimension_already_kept(world):
    danang = world.localities["partner"]
    PublishedValue.objects.create(
        framework="papi", year=2019, locality=danang, component="participation", value=5, source=SRC
    )
    parsed = _parse(world, *(f"{k},48,1.5,,{SRC}" for k in PARTS))
    # the dimension is not in the table: the error is on the row of one of its parts
    assert len(parsed.errors) == 1 and parsed.errors[0].startswith("Dòng 2, cột “Giá trị”")
    assert "tổng các thành phần là 6,0" in parsed.errors[0]


def test_a_table_whose_sub_dimensions_do_not_add_up_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "partner"))
    rows = [f"participation,48,9,,{SRC}", *(f"{k},48,1,,{SRC}" for k in PARTS)]
    data = csv_of(*rows, header="Mã thành phần,Địa phương,Giá trị,Thứ hạng,Nguồn")
    response = client.post(
        reverse("indicators:published_import"),
        {"edition": "papi:2019", "source": SRC, "file": SimpleUploadedFile("b.csv", data)},
    )
    assert "(participation) của Thành phố Đà Nẵng không cộng lại" in response.content.decode()
    assert not PublishedValue.objects.exists()
    assert "indicators_published_import" not in client.session


# --- the published framework's page, export and API ----------------------------------------


@pytest.fixture
def danang_parts(world):
    """Đà Nẵng's 2019 participation sub-dimensions as the city entered them (made up)."""

    def enter(is_public: bool) -> None:
        for key, value in zip(PARTS, ("0.80", "1.50", "1.60", "1.20"), strict=True):
            PublishedValue.objects.create(
                framework="papi",
                year=2019,
                locality=world.localities["partner"],
                component=key,
                value=Decimal(value),
                places=2,
                source=SRC,
                is_public=is_public,
            )

    return enter


def test_the_page_shows_the_tree_indented_with_the_cities_values(client, world):
    response = client.get(reverse("indicators:framework", args=["papi"]))
    page = response.content.decode()
    table = next(t for t in response.context["tables"] if t["edition"].year == 2019)
    rows = [(r.key, r.depth, r.has_parts, r.summed) for r in table["rows"][:6]]
    assert rows == [
        ("total", 0, False, True),
        ("participation", 0, True, True),
        ("civic_knowledge", 1, False, False),
        ("participation_opportunities", 1, False, False),
        ("village_elections", 1, False, False),
        ("voluntary_contributions", 1, False, False),
    ]
    assert '<table class="tree">' in page and "indicators/tree.js" in page
    assert 'data-depth="1"' in page and "data-has-parts" in page
    assert 'style="--depth: 1"><span class="tree-label">Tri thức công dân' in page
    assert "0,74" in page and "bằng tổng các thành phần" in page
    # the charts stay one per top-level indicator (the parts are in the tables)
    assert page.count("<canvas data-series=") == 9


@pytest.mark.parametrize(
    ("who", "reads"),
    [(None, False), ("own", True), ("partner", True), ("unrelated", False)],
)
def test_a_private_sub_dimension_is_read_by_the_city_and_its_partner_only(
    client, world, member, danang_parts, who, reads
):
    danang_parts(is_public=False)
    if who:
        client.force_login(member("officer", who))
    response = client.get(reverse("indicators:framework", args=["papi"]))
    table = next(t for t in response.context["tables"] if t["edition"].year == 2019)
    row = next(r for r in table["rows"] if r.key == "civic_knowledge")
    # Hà Nội's from the data file; Đà Nẵng's column only for those who read its figures
    assert row.values == [Decimal("0.74"), *([Decimal("0.80")] if reads else [])]


def test_the_city_edits_its_own_figures_of_a_sub_dimension_only(
    client, world, member, danang_parts
):
    danang_parts(is_public=True)
    value = PublishedValue.objects.get(component="civic_knowledge")
    edit = reverse("indicators:published_value_edit", args=[value.pk])
    client.force_login(member("coordinator", "partner"))
    assert edit in client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert client.get(edit).status_code == 200
    client.force_login(member("coordinator", "own"))
    assert edit not in client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert client.get(edit).status_code in (403, 404)


def test_the_export_says_what_each_part_is_part_of(client, world):
    from openpyxl import load_workbook

    response = client.get(reverse("indicators:framework", args=["papi"]), {"format": "xlsx"})
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    header = next(r for r in rows if r and r[0] == "Năm")
    assert header[:3] == ("Năm", "Chỉ số thành phần", "Thuộc")
    civic = next(r for r in rows if r and r[0] == 2019 and r[1] == "Tri thức công dân")
    assert civic[2] == "Tham gia của người dân ở cấp cơ sở" and civic[3] == 0.74


def test_the_api_gives_each_component_its_place_in_the_tree(client, world):
    body = client.get("/api/indicators/frameworks/papi").json()
    by_key = {c["key"]: c for c in body["components"]}
    assert by_key["participation"] | {"name_vi": "", "name_en": ""} == {
        "key": "participation",
        "name_vi": "",
        "name_en": "",
        "theme": "",
        "unit": "",
        "parent": "",
        "depth": 0,
        "aggregation": "sum",
        "source": "",  # read in the framework's components_source
    }
    assert (by_key["civic_knowledge"]["parent"], by_key["civic_knowledge"]["depth"]) == (
        "participation",
        1,
    )
    series = client.get("/api/indicators/frameworks/papi/components/civic_knowledge").json()
    assert series["series"][0]["points"][0] == {
        "year": 2019,
        "value": "0.74",
        "rank": None,
        "of": None,
        "source": frameworks.find_edition(frameworks.framework("papi"), 2019).source,
        "note": "",
        "note_vi": "",
    }


def test_the_page_queries_do_not_grow_with_the_figures_entered(
    client, world, danang_parts, django_assert_max_num_queries
):
    url = reverse("indicators:framework", args=["papi"])
    with django_assert_max_num_queries(10) as small:
        client.get(url)
    danang_parts(is_public=True)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert "0,80" in response.content.decode()


# --- a city's own framework ------------------------------------------------------------

PARENT_HEADER = HEADER.replace("Mã chỉ số,", "Mã chỉ số,Mã chỉ số cha,")
TREE = csv_of(
    "D1,,Chính quyền số,,,Cao hơn là tốt,",
    "D1.S1,D1,Dịch vụ công,,,Cao hơn là tốt,",
    "CT1,D1.S1,Tỷ lệ hồ sơ trực tuyến,,%,Cao hơn là tốt,",
    "CT2,D1.S1,Thời gian giải quyết,,ngày,Thấp hơn là tốt,",
    "D2,,Kinh tế số,,,Cao hơn là tốt,",
    "D1.S2,d1,Dữ liệu mở,,,Cao hơn là tốt,",  # the parent's code in another case, listed late
    header=PARENT_HEADER,
)


def test_the_parent_column_makes_a_tree_of_any_depth_in_its_order():
    parsed = framework_files.parse("khung.csv", TREE)
    assert parsed.errors == []
    assert [(r.values["code"], r.values["parent"], r.depth) for r in parsed.rows] == [
        ("D1", "", 0),
        ("D1.S1", "D1", 1),
        ("CT1", "D1.S1", 2),
        ("CT2", "D1.S1", 2),
        ("D1.S2", "D1", 1),
        ("D2", "", 0),
    ]


def test_without_the_column_numbered_codes_make_the_tree():
    data = csv_of(
        "1,Thể chế,,,Cao hơn là tốt,",
        "1.1,Văn bản,,,Cao hơn là tốt,",
        "1.1.1,Số văn bản ban hành,,,Cao hơn là tốt,",
        "1.2.1,Không có 1.2: thuộc 1,,,Cao hơn là tốt,",
        "5.1,ISO: không có 5,,,Thấp hơn là tốt,",
    )
    parsed = framework_files.parse("khung.csv", data)
    assert [(r.values["code"], r.values["parent"]) for r in parsed.rows] == [
        ("1", ""),
        ("1.1", "1"),
        ("1.1.1", "1.1"),
        ("1.2.1", "1"),
        ("5.1", ""),
    ]


@pytest.mark.parametrize(
    ("rows", "expected"),
    [
        (
            ["A,,Gốc,,,Cao hơn là tốt,", "B,X,Con,,,Cao hơn là tốt,"],
            ["Dòng 3, cột “Mã chỉ số cha”: trong tệp không có chỉ số nào mang mã X."],
        ),
        (
            ["A,A,Gốc,,,Cao hơn là tốt,"],
            ["Dòng 2, cột “Mã chỉ số cha”: một chỉ số không thể là thành phần của chính nó."],
        ),
        (
            ["A,C,Một,,,Cao hơn là tốt,", "B,A,Hai,,,Cao hơn là tốt,", "C,B,Ba,,,Cao hơn là tốt,"],
            [
                "Dòng 2, cột “Mã chỉ số cha”: các chỉ số A → C → B → A là thành phần của nhau: "
                "phải có một chỉ số ở cấp cao nhất."
            ],
        ),
        (
            ["A,a b,Gốc,,,Cao hơn là tốt,"],
            ["Dòng 2, cột “Mã chỉ số cha”: “a b” không phải là mã"],
        ),
    ],
)
def test_a_bad_parent_is_named_by_row_and_column(rows, expected):
    errors = framework_files.parse("x.csv", csv_of(*rows, header=PARENT_HEADER)).errors
    assert len(errors) == len(expected)
    assert all(e.startswith(x) for e, x in zip(errors, expected, strict=True)), errors


def test_a_missing_parent_and_a_loop_are_named_at_once():
    rows = ["A,B,Một,,,Cao hơn là tốt,", "B,A,Hai,,,Cao hơn là tốt,", "C,X,Ba,,,Cao hơn là tốt,"]
    errors = framework_files.parse("x.csv", csv_of(*rows, header=PARENT_HEADER)).errors
    assert [e.split(":")[0] for e in errors] == [
        "Dòng 2, cột “Mã chỉ số cha”",
        "Dòng 4, cột “Mã chỉ số cha”",
    ]


def _upload(client, locality, data):
    return client.post(
        reverse("indicators:framework_import"),
        {
            "locality": locality.pk,
            "name_vi": "Bộ chỉ số chuyển đổi số",
            "name_en": "",
            "source": "",
            "file": SimpleUploadedFile("khung.csv", data),
        },
    )


def test_a_coordinator_imports_a_tree_and_the_page_shows_it_folded_by_level(client, world, member):
    own = world.localities["own"]
    client.force_login(member("coordinator", "own"))
    preview = _upload(client, own, TREE).content.decode()
    assert 'style="--depth: 2"><span class="tree-label">Tỷ lệ hồ sơ trực tuyến' in preview
    token = client.session["indicators_framework_import"]["token"]
    client.post(reverse("indicators:framework_import"), {"confirm": "1", "token": token})
    framework = IndicatorFramework.objects.get()
    parents = dict(framework.indicators.values_list("code", "parent__code"))
    assert parents == {
        "D1": None,
        "D1.S1": "D1",
        "CT1": "D1.S1",
        "CT2": "D1.S1",
        "D1.S2": "D1",
        "D2": None,
    }
    page = client.get(reverse("indicators:city_framework", args=[framework.pk]))
    nodes = [(n.item.code, n.depth, n.has_parts) for n in page.context["nodes"]]
    assert nodes[:3] == [("D1", 0, True), ("D1.S1", 1, True), ("CT1", 2, False)]
    assert "indicators/tree.js" in page.content.decode()


def test_a_file_with_a_bad_parent_saves_nothing(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = csv_of("A,B,Một,,,Cao hơn là tốt,", "B,A,Hai,,,Cao hơn là tốt,", header=PARENT_HEADER)
    page = _upload(client, world.localities["own"], data).content.decode()
    assert "cột “Mã chỉ số cha”: các chỉ số A → B → A là thành phần của nhau" in page
    assert not IndicatorFramework.objects.exists()
    assert "indicators_framework_import" not in client.session


def test_a_loop_is_refused_by_the_action_too(world):
    with pytest.raises(ValueError):
        actions.create_framework(
            world.localities["own"],
            [
                {"code": "A", "parent": "B", "name_vi": "A", "direction": "higher"},
                {"code": "B", "parent": "A", "name_vi": "B", "direction": "higher"},
            ],
            name_vi="Khung",
            by=None,
        )
    assert not FrameworkIndicator.objects.exists()


def _tree_framework(world, *, is_public=False):
    parsed = framework_files.parse("khung.csv", TREE)
    return actions.create_framework(
        world.localities["own"],
        [r.values for r in parsed.rows],
        name_vi="Khung nội bộ",
        is_public=is_public,
        by=None,
    )


def test_a_tree_exports_and_reads_back_the_same(client, world):
    framework = _tree_framework(world, is_public=True)
    for fmt, name in (("csv", "k.csv"), ("xlsx", "k.xlsx")):
        data = client.get(
            reverse("indicators:city_framework", args=[framework.pk]), {"format": fmt}
        ).content
        parsed = framework_files.parse(name, data)
        assert parsed.errors == []
        assert {r.values["code"]: r.values["parent"] for r in parsed.rows} == dict(
            framework.indicators.values_list("code", "parent__code")
        ) | {"D1": "", "D2": ""}


def test_a_coordinator_moves_an_indicator_but_never_under_its_own_part(client, world, member):
    framework = _tree_framework(world)
    d1 = framework.indicators.get(code="D1")
    ct1 = framework.indicators.get(code="CT1")
    client.force_login(member("coordinator", "own"))
    url = reverse("indicators:framework_indicator_edit", args=[d1.pk])
    form = client.get(url).context["form"]
    offered = {i.code for i in form.fields["parent"].queryset}
    assert offered == {"D2"}  # not itself, nor D1.S1, CT1, CT2, D1.S2 (its parts)
    fields = {"name_vi": d1.name_vi, "direction": "higher", "parent": ct1.pk}
    response = client.post(url, fields)
    assert response.status_code == 200 and response.context["form"].errors["parent"]
    d1.refresh_from_db()
    assert d1.parent is None
    response = client.post(
        reverse("indicators:framework_indicator_edit", args=[ct1.pk]),
        {
            "name_vi": ct1.name_vi,
            "direction": "higher",
            "parent": framework.indicators.get(code="D2").pk,
        },
    )
    ct1.refresh_from_db()
    assert response.status_code == 302 and ct1.parent.code == "D2"
    assert ct1.history.first().parent_id == ct1.parent_id  # kept in its history


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [("officer", "own", 403), ("coordinator", "partner", 403), ("coordinator", "unrelated", 404)],
)
def test_others_cannot_move_an_indicator(client, world, member, role, where, status):
    framework = _tree_framework(world)
    ct1 = framework.indicators.get(code="CT1")
    client.force_login(member(role, where))
    url = reverse("indicators:framework_indicator_edit", args=[ct1.pk])
    response = client.post(url, {"name_vi": "x", "direction": "higher", "parent": ""})
    assert response.status_code == status
    ct1.refresh_from_db()
    assert ct1.parent.code == "D1.S1"


@pytest.mark.parametrize(("who", "reads"), [(None, False), ("partner", True), ("unrelated", False)])
def test_a_private_tree_is_read_by_the_city_and_its_partner_only(client, world, member, who, reads):
    framework = _tree_framework(world)
    if who:
        client.force_login(member("officer", who))
    response = client.get(reverse("indicators:city_framework", args=[framework.pk]))
    assert response.status_code == (200 if reads else 404)


def test_the_tree_page_queries_do_not_grow_with_its_depth(
    client, world, django_assert_max_num_queries
):
    framework = _tree_framework(world, is_public=True)
    url = reverse("indicators:city_framework", args=[framework.pk])
    with django_assert_max_num_queries(8) as small:
        client.get(url)
    parent = framework.indicators.get(code="CT1")
    for n in range(20):  # twenty more levels, one under the other
        parent = actions.add_indicator(
            framework, by=None, code=f"L{n}", name_vi=f"Cấp {n}", direction="higher", parent=parent
        )
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url)
    assert max(n.depth for n in response.context["nodes"]) == 22
