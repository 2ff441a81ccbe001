"""How the pages say their figures: one precision per kind of figure, formulas and notes in the
page's language, a records import said as records, a gap's sign in words, no chart of one
year, and the 766 table readable on a phone."""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse
from django.utils import translation

from hoptac.core.numbers import number
from hoptac.indicators import frameworks, gaps, index766
from hoptac.indicators.models import IndexResult

from .test_index766 import figures, upload  # noqa: F401  (the fixture)
from .test_statistics import monthly, records


def _third_decimal(city) -> tuple[str, Decimal]:
    """A component whose points have a third decimal, and those points."""
    result = IndexResult.objects.get(
        locality=city, agency="", audience="public", version=index766.DEFAULT
    )
    for key in result.scores:
        points = result.score(key).points
        if points is not None and points != points.quantize(Decimal("0.01")):
            return key, points
    raise AssertionError("no points with a third decimal in the fixture")


# (a) one precision per kind of figure
def test_points_read_alike_on_the_index_and_the_component_detail(client, figures):  # noqa: F811
    own, partner = figures
    key, points = _third_decimal(own)
    index = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    detail = client.get(reverse("indicators:index766_detail"), {"city": own.code, "component": key})
    for page in (index.content.decode(), detail.content.decode()):
        assert number(points, 2, "vi") in page
        assert number(points, 3, "vi") not in page
    # the maximum too, to two places
    share = index766.version().component(key).share
    assert f"{number(share, 2, 'vi')} điểm" in detail.content.decode()


# (b) formulas in the page's language
def test_every_formula_has_its_english():
    for c in index766.version().components:
        if c.formula_vi:
            assert c.formula_en and c.formula_en != c.formula_vi, c.key


def test_no_formula_shows_a_source_key_or_a_key_of_the_data_file():
    """The formulas are read by officials: "(portal_spec)" or "see 'choices'" named the data file's
    keys, not anything on the page."""
    raw = json.loads((index766.DATA / index766.VERSIONS[index766.DEFAULT]).read_text("utf-8"))
    keys = [*raw["sources"], "choices"]
    for c in index766.version().components:
        for text in (c.formula_vi or "", c.formula_en):
            for key in keys:
                assert f"({key})" not in text and f"'{key}'" not in text, (c.key, key)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_formulas_are_in_the_page_language(client, figures, lang):  # noqa: F811
    own, partner = figures
    suffix = "_en" if lang == "en" else ""
    on_time = index766.version().component("on_time")
    shown, hidden = (
        (on_time.formula_en, on_time.formula_vi)
        if lang == "en"
        else (on_time.formula_vi, on_time.formula_en)
    )
    for name, params in (
        ("index766", {"a": own.code, "b": partner.code}),
        ("index766_detail", {"city": own.code, "component": "on_time"}),
    ):
        page = client.get(reverse(f"indicators:{name}{suffix}"), params).content.decode()
        text = page.replace("&#x27;", "'")
        assert shown in text and hidden not in text, name


# (c) a records file is said as records summed into monthly rows
def test_a_records_import_says_how_many_records_made_how_many_rows(client, world, member):
    client.force_login(member("coordinator", "own"))
    data = records(
        "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,09/10/2026,Trực tuyến,Đã trả kết quả,"
        "Có,Có,Có,Có",
        "HS2,1.001612,Sở A,02/10/2026 08:00,10/10/2026,,Trực tiếp,Đang xử lý,Có,,,",
        "HS3,1.001612,Sở A,03/10/2026 08:00,10/10/2026,,Trực tiếp,Đang xử lý,Có,,,",
    )
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "records", "file": upload(data)},
    )
    assert response.status_code == 302
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "3 hồ sơ" in said and "1 dòng số liệu tháng" in said, said
    assert "đã lưu 3 dòng" not in said


def test_a_monthly_import_still_says_rows(client, world, member):
    from .test_statistics import GOOD

    client.force_login(member("coordinator", "own"))
    response = client.post(
        reverse("indicators:import_statistics"),
        {"locality": world.localities["own"].pk, "kind": "monthly", "file": upload(GOOD)},
    )
    (said,) = [str(m) for m in get_messages(response.wsgi_request)]
    assert "đã lưu 2 dòng số liệu tháng" in said and "hồ sơ" not in said


# (d) the 766 table reflows on a phone: every score cell names its column
def test_the_index_table_names_each_cell_for_a_narrow_screen(client, figures):  # noqa: F811
    own, partner = figures
    page = client.get(
        reverse("indicators:index766"), {"a": own.code, "b": partner.code}
    ).content.decode()
    table = page[page.index('class="table-wrap reflow"') :]
    table = table[: table.index("</table>")]
    cells = re.findall(r"<td([^>]*)>(.*?)</td>", table, flags=re.S)
    scored = [
        attrs
        for attrs, inner in cells
        if "component=" in inner or "cao hơn" in inner  # a score (its detail link), a gap
    ]
    assert len(scored) > 6 and all("data-label=" in attrs for attrs in scored)
    assert f'data-label="{own.name}"' in table and f'data-label="{partner.name}"' in table


# (e) the frameworks' notes in the page's language
def test_every_framework_note_has_its_vietnamese():
    for fw in frameworks.catalogue():
        assert fw.aggregation_note_vi, fw.key
        for e in fw.editions:
            assert bool(e.year_note) == bool(e.year_note_vi), (fw.key, e.year)
            for v in e.values.values():
                assert bool(v.note) == bool(v.note_vi), (fw.key, e.year)


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_framework_notes_are_in_the_page_language(client, world, lang):
    suffix = "_en" if lang == "en" else ""
    dti = frameworks.framework("dti")
    note = next(v for e in dti.editions for v in e.values.values() if v.note)
    page = client.get(reverse(f"indicators:framework{suffix}", args=["dti"])).content.decode()
    page = page.replace("&#x27;", "'")
    english, vietnamese = (dti.aggregation_note, note.note), (dti.aggregation_note_vi, note.note_vi)
    shown, hidden = (english, vietnamese) if lang == "en" else (vietnamese, english)
    assert all(t in page for t in shown) and not any(t in page for t in hidden)
    if lang == "en":
        assert dti.publisher_en in page and dti.publisher not in page


# (f) no chart over one year
def test_an_indicator_of_one_year_gets_its_figures_not_a_chart(client, world):
    # PCI: 2021 only (PAR had one year until its 2014, 2015 and 2018 editions were read)
    response = client.get(reverse("indicators:framework", args=["pci"]))
    page = response.content.decode()
    assert "<canvas" not in page and "chart.umd" not in page
    assert "Chỉ có số liệu một năm (2021)" in page and "70,42" in page
    # PAPI has two years: its charts stay
    page = client.get(reverse("indicators:framework", args=["papi"])).content.decode()
    assert "<canvas data-series=" in page and "một năm" not in page


def test_the_index_trend_of_one_month_is_not_drawn(client, world):
    from .test_index766 import _load

    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner)  # both: October 2026 only
    url = reverse("indicators:index766")
    page = client.get(url, {"a": own.code, "b": partner.code}).content.decode()
    assert 'id="chart-trend"' not in page
    assert "Chỉ có số liệu một tháng" in page
    assert 'id="chart-groups"' in page  # the month's groups are still drawn
    _load(partner, monthly("09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    page = client.get(url, {"a": own.code, "b": partner.code}).content.decode()
    assert 'id="chart-trend"' in page and "Chỉ có số liệu một tháng" not in page


def test_the_index_trend_has_a_row_for_a_month_without_figures(client, world):
    """October, then August: September (neither city has figures) is a row of its own in the
    table and the chart, not August drawn next to October."""
    from .test_index766 import _load

    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner)  # both: October 2026
    _load(partner, monthly("08/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1"))
    page = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    months = [row[0] for row in page.context["trend_rows"]]
    assert months == ["08/2026", "09/2026", "10/2026"]
    september = page.context["trend_rows"][1]
    assert september[1:3] == ("—", "—")
    data = json.loads(
        re.search(r'id="index766-data"[^>]*>(.*?)</script>', page.content.decode())[1]
    )
    assert data["trend"]["months"] == ["08/2026", "09/2026", "10/2026"]
    assert data["trend"]["values"][1][1] is None


# (g) a gap's sign in words
@pytest.mark.parametrize(
    ("lang", "gap", "expected"),
    [
        ("vi", Decimal("3.2"), "Đà Nẵng cao hơn Hà Nội 3,20 điểm"),
        ("vi", Decimal("-0.456"), "Đà Nẵng thấp hơn Hà Nội 0,46 điểm"),
        ("vi", Decimal("0.001"), "Đà Nẵng và Hà Nội bằng nhau"),
        ("en", Decimal("3.2"), "Đà Nẵng is 3.20 points higher than Hà Nội"),
        ("en", Decimal("-1234.5"), "Đà Nẵng is 1,234.50 points lower than Hà Nội"),
    ],
)
def test_a_gap_is_said_in_words(lang, gap, expected):
    with translation.override(lang):
        assert gaps.in_words("Đà Nẵng", "Hà Nội", gap) == expected


def test_a_gap_in_a_cell_names_the_city_ahead():
    with translation.override("vi"):
        assert gaps.in_words("A", "B", Decimal("-0.46"), short=True) == "B cao hơn 0,46"
        assert gaps.in_words("A", "B", None, short=True) == "—"
        assert gaps.in_words("A", "B", Decimal("0.0338"), 4, points=False) == ("A cao hơn B 0,0338")


def test_the_pages_say_the_gaps_in_words(client, world):
    page = client.get(reverse("indicators:framework", args=["pci"])).content.decode()
    assert "Năm 2021: Thành phố Hà Nội thấp hơn Thành phố Đà Nẵng 1,82" in page
    assert "-1,82" not in page
    page = client.get(reverse("indicators:framework_en", args=["pci"])).content.decode()
    assert "In 2021: Hanoi is 1.82 lower than Da Nang" in page


def test_the_index_says_its_total_gap_in_words(client, figures):  # noqa: F811
    own, partner = figures
    page = client.get(
        reverse("indicators:index766"), {"a": own.code, "b": partner.code}
    ).content.decode()
    assert re.search(r'class="gap-says">[^<]*(cao hơn|thấp hơn|bằng nhau)', page)
    assert not re.search(r"<td[^>]*>-\d", page)  # no bare minus sign in a cell


def test_the_index_page_reads_its_scores_in_one_query(client, figures, django_assert_num_queries):  # noqa: F811
    """Months, the month's scores and the trend come from one read; the default pair is read
    only when the address does not name both cities (anonymous: 3 queries with no gap linked
    to a practice: the cities with scores, the scores, the targets; plus the tags looked up)."""
    own, partner = figures
    url = reverse("indicators:index766")
    with django_assert_num_queries(4) as named:
        client.get(url, {"a": own.code, "b": partner.code})
    reads = [q["sql"] for q in named.captured_queries if "indicators_indexresult" in q["sql"]]
    assert len(reads) == 2  # the cities with scores (EXISTS), and every score read once
    with django_assert_num_queries(5):
        client.get(url)  # the first partnership's cities


def test_a_group_without_computed_points_is_named_under_the_chart_not_drawn_empty(client, world):
    """A group none of whose components the dossier figures can give had an empty slot first in
    the bar chart, with nothing on the chart to say why (seen on a walk of the demo)."""
    from .test_index766 import _load

    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner)
    page = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    groups = page.context["comparison"].groups
    empty = [g.group.name("vi") for g in groups if g.a_points is None and g.b_points is None]
    assert empty  # the index as shipped has such a group: otherwise this test says nothing
    html = page.content.decode()
    data = json.loads(re.search(r'id="index766-data"[^>]*>(.*?)</script>', html)[1])
    assert data["groups"]["labels"] == [
        g.group.name("vi") for g in groups if g.group.name("vi") not in empty
    ]
    assert len(data["groups"]["values"][0]) == len(data["groups"]["labels"])
    note = re.search(r'<p class="muted undrawn">(.*?)</p>', html, re.S)[1]
    assert all(name in note for name in empty)
