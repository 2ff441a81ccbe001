"""A component of the 766 index over time: both cities (and the other partner localities)
month by month on a page, in an export and through the API; who reads which figures; a month
without figures said so (never 0); query counts."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils.html import escape

from hoptac.core.tests.factories import LocalityFactory, PartnershipFactory
from hoptac.indicators import actions, demo, statistics
from hoptac.indicators.component_trend import component_trend, months_between
from hoptac.indicators.index766 import version

from .test_index766 import _load
from .test_statistics import GOOD, TODAY, monthly

URL = "indicators:index766_component"
API = "/api/indicators/index766/components/on_time"
# Hà Nội: August and October (not September); Đà Nẵng: September and October.
AUGUST_OWN = monthly("08/2026,Sở Xây dựng,1.001612,100,70,60,40,90,70,30,25,10,10,0,20,1")
PARTNER = monthly(
    "10/2026,Sở Xây dựng,1.001612,100,70,78,2,90,70,30,25,10,10,0,20,1",
    "09/2026,Sở Xây dựng,1.001612,90,60,70,5,80,60,30,20,8,8,1,10,1",
)


@pytest.fixture
def cities(world):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(own, AUGUST_OWN)
    _load(partner, PARTNER)
    return own, partner


def _page(client, own, partner, **params):
    return client.get(reverse(URL, args=["on_time"]), {"a": own.code, "b": partner.code, **params})


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_the_page_shows_both_cities_month_by_month(client, cities, lang):
    own, partner = cities
    name = URL if lang == "vi" else f"{URL}_en"
    response = client.get(reverse(name, args=["on_time"]), {"a": own.code, "b": partner.code})
    assert response.status_code == 200
    page = response.content.decode()
    rows = [(m, [n for n, _c in cells]) for m, cells, _g, _mv in response.context["rows"]]
    assert [m for m, _names in rows] == ["08/2026", "09/2026", "10/2026"]
    assert "117 / 130" in page and "78 / 80" in page  # October: the numbers under the rates
    assert "766/2022" in page
    # the gap in October: 97,5 % against 90,0 %, said in words in the page's language
    said = (
        "Hanoi is 7.5 percentage points lower than Da Nang"
        if lang == "en"
        else "Thành phố Hà Nội thấp hơn Thành phố Đà Nẵng 7,5 điểm phần trăm"
    )
    assert said in page
    assert 'id="chart-component"' in page and 'id="component-data"' in page


def test_a_month_without_figures_is_said_not_zero(client, cities):
    own, partner = cities
    response = _page(client, own, partner)
    september = next(cells for m, cells, _g, _mv in response.context["rows"] if m == "09/2026")
    assert "chưa có số liệu" in september[0][1]  # Hà Nội has no figures in September
    assert "%" in september[1][1]  # Đà Nẵng has
    chart = response.context["chart"]
    assert chart["rates"][0] == [60.0, None, 90.0]  # None, not 0
    # the gap as the lead of the city ahead: Đà Nẵng by 7,5 in October, nothing drawn before
    assert [lead["values"] for lead in chart["leads"]] == [[None, None, None], [None, None, 7.5]]


def test_a_gap_that_narrows_is_said_so(world):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own, monthly("09/2026,Sở Xây dựng,1.001612,100,70,50,50,90,70,30,25,10,10,0,20,1"))
    _load(own)  # October: 90,0 %
    _load(partner, PARTNER)  # September 93,3 %, October 97,5 %
    spec = version()
    trend = component_trend(
        [own, partner], {own.pk: "all", partner.pk: "all"}, spec.component("on_time")
    )
    assert [m.gap for m in trend.months] == [Decimal("-43.3"), Decimal("-7.5")]  # 50 − 93,3
    assert trend.gap_moved == "narrowed"
    assert trend.gap_change == Decimal("-35.8")


@pytest.mark.parametrize(
    ("who", "reads"),
    [
        (None, False),
        (("officer", "own"), True),
        (("officer", "partner"), True),
        (("coordinator", "partner"), True),
        (("officer", "unrelated"), False),
    ],
)
def test_private_figures_are_read_by_the_city_and_its_partner_only(
    client, world, member, who, reads
):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own, is_public=False)
    _load(partner, PARTNER)
    if who:
        client.force_login(member(*who))
    page = _page(client, own, partner).content.decode()
    assert ("117 / 130" in page) is reads
    body = client.get(API, {"a": own.code, "b": partner.code}).json()
    first = body["series"][0]
    assert first["audience"] == ("all" if reads else "public")
    october = next(p for p in first["points"] if p["month"] == "2026-10-01")
    assert october["reported"] is reads
    assert october["numerator"] == (117 if reads else None)


def test_the_lagging_city_is_offered_to_ask_the_partner_how(client, cities, member):
    """Hà Nội is behind in October (90,0 % against 97,5 %): its officer gets "ask Đà Nẵng how",
    prefilled with both rates and their numbers; the city ahead and anonymous readers do not."""
    own, partner = cities
    assert _page(client, own, partner).context["ask_url"] is None
    client.force_login(member("officer", "partner"))
    assert _page(client, own, partner).context["ask_url"] is None
    client.force_login(member("officer", "own"))
    page = _page(client, own, partner)
    ask = page.context["ask_url"]
    assert ask and escape(ask) in page.content.decode()
    form = client.get(ask)
    assert form.status_code == 200
    question = form.context["form"]["question"].value()
    assert partner.name in form.context["form"]["subject"].value()
    assert "97,5%" in question and "78 / 80" in question
    assert "90,0%" in question and "117 / 130" in question
    assert "10/2026" in question


def test_other_partner_localities_are_shown_and_others_are_not(client, cities, world):
    own, partner = cities
    hcmc = world.localities["unrelated"]
    _load(hcmc, PARTNER)
    response = _page(client, own, partner)
    assert [c.code for c in response.context["trend"].cities] == [own.code, partner.code]
    PartnershipFactory(locality_a=hcmc, locality_b=own)
    far = LocalityFactory(code="92", name_vi="Thành phố Cần Thơ", name_en="Can Tho")
    _load(far, PARTNER)  # figures, but no partnership with either city
    response = _page(client, own, partner)
    assert [c.code for c in response.context["trend"].cities] == ["01", "48", "79"]
    body = client.get(API, {"a": own.code, "b": partner.code}).json()
    assert [s["locality"] for s in body["series"]] == ["01", "48", "79"]


def test_the_version_is_shown_and_kept_in_the_links(client, cities):
    own, partner = cities
    response = _page(client, own, partner, version="766/portal-2026")
    page = response.content.decode()
    assert response.context["spec"].key == "766/portal-2026"
    assert "766/portal-2026" in page and "version=766%2Fportal-2026" in page
    body = client.get(API, {"a": own.code, "b": partner.code, "version": "766/portal-2026"})
    assert body.json()["version"] == "766/portal-2026"


def test_the_index_page_links_each_computed_component_to_its_page(client, cities):
    own, partner = cities
    page = client.get(
        reverse("indicators:index766"), {"a": own.code, "b": partner.code}
    ).content.decode()
    assert "/chi-so/chi-so-766/thanh-phan/on_time/?a=01&amp;b=48" in page
    assert "/thanh-phan/procedures_published_on_time/" not in page  # not computed: no page
    english = client.get(reverse("indicators:index766_en"), {"a": "01", "b": "48"})
    assert "/en/indicators/index-766/components/on_time/?a=01&amp;b=48" in english.content.decode()


def test_the_months_chosen_bound_the_table_and_the_gap(client, cities):
    own, partner = cities
    response = _page(client, own, partner, since="2026-09", until="2026-10")
    assert [m for m, *_rest in response.context["rows"]] == ["09/2026", "10/2026"]
    # every month stays offered in the choices
    assert [v for v, _label in response.context["month_choices"]] == [
        "2026-08",
        "2026-09",
        "2026-10",
    ]


@pytest.mark.parametrize(
    "params",
    [{"since": "garbage"}, {"until": "2026-13"}, {"a": "zz"}, {"a": "01\x00"}, {"version": "x"}],
)
def test_odd_page_parameters_get_a_page_never_an_error(client, cities, params):
    own, partner = cities
    response = client.get(
        reverse(URL, args=["on_time"]), {"a": own.code, "b": partner.code, **params}
    )
    assert response.status_code == 200


@pytest.mark.parametrize("key", ["nope", "procedures_published_on_time"])
def test_an_unknown_or_uncomputed_component_has_no_page(client, cities, key):
    assert client.get(reverse(URL, args=[key]), {"a": "01", "b": "48"}).status_code == 404


def test_the_component_downloads_as_xlsx(client, cities):
    from openpyxl import load_workbook

    own, partner = cities
    response = _page(client, own, partner, format="xlsx")
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('on-time-01-48.xlsx"')
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0].values)
    assert "766/2022" in rows[0][0]
    months = {row[0]: row for row in rows if row and str(row[0]).endswith("/2026")}
    assert list(months) == ["08/2026", "09/2026", "10/2026"]
    october = months["10/2026"]
    assert october[1:4] == (117, 130, 90.0) and october[5:8] == (78, 80, 97.5)
    assert october[9] == -7.5  # Hà Nội − Đà Nẵng
    september = months["09/2026"]
    assert september[1:5] == (None, None, None, None)  # blank, not 0 …
    assert september[-1] == own.name  # … and said so


def test_the_api_gives_each_city_month_by_month_with_the_gap(client, cities):
    own, partner = cities
    body = client.get(API, {"a": own.code, "b": partner.code}).json()
    assert body["component"] == "on_time" and body["version"] == "766/2022"
    first, second = body["series"]
    assert [p["month"] for p in first["points"]] == ["2026-08-01", "2026-09-01", "2026-10-01"]
    assert first["points"][1] == {
        "month": "2026-09-01",
        "reported": False,
        "numerator": None,
        "denominator": None,
        "rate": None,
        "points": None,
    }
    assert second["points"][2]["numerator"] == 78
    assert body["gaps"] == [
        {"month": "2026-10-01", "a": "01", "b": "48", "gap": "-7.5", "change": None}
    ]
    bounded = client.get(API, {"a": "01", "b": "48", "since": "2026-09"}).json()
    assert [p["month"] for p in bounded["series"][0]["points"]] == ["2026-09-01", "2026-10-01"]


@pytest.mark.parametrize(
    ("params", "status"),
    [
        ({"since": "2026-9"}, 422),
        ({"until": "october"}, 422),
        ({"since": "2026-10", "until": "2026-08"}, 422),
        ({"b": "01"}, 422),
        ({"version": "766/1999"}, 404),
        ({"b": "zz"}, 404),
    ],
)
def test_the_api_refuses_bad_parameters(client, cities, params, status):
    response = client.get(API, {"a": "01", "b": "48", **params})
    assert response.status_code == status
    assert response.json()["detail"]


def test_the_api_does_not_find_an_uncomputed_component(client, cities):
    response = client.get(
        "/api/indicators/index766/components/average_time", {"a": "01", "b": "48"}
    )
    assert response.status_code == 404 and "on_time" in response.json()["detail"]


def test_the_page_queries_do_not_grow_with_months(client, world, django_assert_max_num_queries):
    own, partner = world.localities["own"], world.localities["partner"]
    _load(own)
    _load(partner, PARTNER)
    url = reverse(URL, args=["on_time"])
    params = {"a": own.code, "b": partner.code}
    with django_assert_max_num_queries(8) as small:
        client.get(url, params)
    for city in (own, partner):
        rows = demo.statistics_rows(city.code, TODAY)
        actions.import_statistics(city, statistics.ParsedStatistics(rows=rows), by=None)
    with django_assert_max_num_queries(len(small.captured_queries)):
        response = client.get(url, params)
    assert len(response.context["rows"]) == 24
    with django_assert_max_num_queries(len(small.captured_queries)):
        assert client.get(API, params).status_code == 200


def test_months_between_counts_across_a_new_year():
    months = months_between(dt.date(2025, 11, 1), dt.date(2026, 2, 1))
    assert months == [dt.date(2025, 11, 1), dt.date(2025, 12, 1)] + [
        dt.date(2026, 1, 1),
        dt.date(2026, 2, 1),
    ]


def test_good_is_one_month(world):
    # the fixtures above lean on it: GOOD holds October 2026 only
    assert {r["month"] for r in statistics.parse_monthly("m.csv", GOOD, TODAY).rows} == {
        dt.date(2026, 10, 1)
    }


def test_english_pages_name_the_decision_in_english(client, cities):
    """An investor's English 766 page opened with "The index of Quyết định số 766/QĐ-TTg ngày
    23/6/2022 …" (seen on a walk of the demo as an investor)."""
    own, partner = cities
    query = {"a": own.code, "b": partner.code}
    for name in ("indicators:index766_en", "indicators:index766"):
        for key in ("766/2022", "766/portal-2026"):
            page = client.get(reverse(name), query | {"version": key}).content.decode()
            english = name.endswith("_en")
            assert ("Decision No. 766/QĐ-TTg" in page) is english, (name, key)
            assert ("Quyết định số 766/QĐ-TTg" in page) is not english, (name, key)
    component = reverse("indicators:index766_component_en", args=["on_time"])
    page = client.get(component, query).content.decode()
    assert "Decision No. 766/QĐ-TTg of 23 June 2022" in page


def test_a_source_that_is_a_note_reads_in_the_page_language(client, cities):
    """The Vietnamese 766 page listed "Hoptac issue 15 (the group maxima as the issue states
    them; …)" in English among its sources (seen on a walk of the demo)."""
    own, partner = cities
    query = {"a": own.code, "b": partner.code}
    vi = client.get(reverse("indicators:index766"), query).content.decode()
    en = client.get(reverse("indicators:index766_en"), query).content.decode()
    assert "the group maxima as the issue states them" not in vi
    assert "điểm tối đa của các nhóm theo issue" in vi
    assert "the group maxima as the issue states them" in en
    assert "điểm tối đa của các nhóm theo issue" not in en
    portal = client.get(reverse("indicators:index766"), query | {"version": "766/portal-2026"})
    assert "thanh toán trực tuyến 10 điểm" in portal.content.decode()
