"""A count a file has no column for is not reported (NULL), never 0: the components it enters
are not computed (shown as "no figures"), by every path (monthly figures, dossier records row
by row and in bulk) and every recompute (PostgreSQL's, SQLite's and Python's agree)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hoptac.indicators import actions, bulk, index766, statistics
from hoptac.indicators.models import DossierMonth, IndexResult

from .test_statistics import GOOD, MONTHLY_HEADER, RECORDS_HEADER, TODAY, monthly, records

OCTOBER = dt.date(2026, 10, 1)
# the optional column left out, the count it holds, the component it enters
OPTIONAL_COLUMNS = [
    ("Tiếp nhận trực tuyến", "received_online", "online_share"),
    ("Số hóa", "digitised", "digitised"),
    ("Kết quả điện tử", "e_results", "e_results"),
]


def without(column: str, data: bytes = GOOD) -> bytes:
    """The monthly file ``data`` without its column ``column``."""
    lines = data.decode().splitlines()
    at = lines[0].split(",").index(column)
    kept = [",".join(c for i, c in enumerate(line.split(",")) if i != at) for line in lines]
    return ("\n".join(kept) + "\n").encode()


def _import(city, data: bytes, **kwargs):
    parsed = statistics.parse_monthly("m.csv", data, TODAY)
    assert parsed.errors == []
    return actions.import_statistics(city, parsed, by=None, **kwargs)


def _city(city, version: str = index766.DEFAULT, audience: str = "all") -> IndexResult:
    return IndexResult.objects.get(
        locality=city, agency="", month=OCTOBER, audience=audience, version=version
    )


@pytest.mark.parametrize(("column", "count", "component"), OPTIONAL_COLUMNS)
def test_a_monthly_file_without_an_optional_column_does_not_score_it(
    client, world, column, count, component
):
    own, partner = world.localities["own"], world.localities["partner"]
    _import(own, without(column))
    _import(partner, GOOD)
    # not reported, not 0
    assert {getattr(r, count) for r in DossierMonth.objects.filter(locality=own)} == {None}
    for key in index766.VERSIONS:
        assert _city(own, key).score(component) is None  # not computed: no points, not 0
        computed = _city(partner, key).score(component)  # with the column: as before
        assert computed.denominator > 0 and computed.numerator > 0
        assert computed.max_points is None or computed.points > 0
        # the other components are computed as before
        mine, theirs = _city(own, key).score("on_time"), _city(partner, key).score("on_time")
        assert (mine.numerator, mine.denominator, mine.points) == (
            theirs.numerator,
            theirs.denominator,
            theirs.points,
        )
    response = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    row = next(
        r
        for g in response.context["comparison"].groups
        for r in g.components
        if r.component.key == component
    )
    assert row.a is None and "chưa có số liệu" in row.a_cell
    assert row.b is not None and "chưa có số liệu" not in row.b_cell
    english = client.get(
        reverse("indicators:index766_en"), {"a": own.code, "b": partner.code}
    ).context["comparison"]
    cell = next(r for g in english.groups for r in g.components if r.component.key == component)
    assert "no figures" in cell.a_cell


def test_a_group_whose_figures_were_not_reported_has_no_points_not_zero(client, world):
    """The digitisation group's two components (digitised, e-results) both unreported: the
    group shows no points, not 0.00."""
    own, partner = world.localities["own"], world.localities["partner"]
    _import(own, without("Kết quả điện tử", without("Số hóa")))
    _import(partner, GOOD)
    response = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    groups = response.context["comparison"].groups
    group = next(g for g in groups if {r.component.key for r in g.components} >= {"digitised"})
    assert group.a_points is None and group.b_points is not None


def test_the_portal_version_gives_no_full_marks_for_feedback_not_reported(world):
    """The portal's version gives full marks to a month without feedback (0 received); a file
    without the feedback columns did not say so: no points."""
    city = world.localities["own"]
    header = MONTHLY_HEADER.split(",")[:11]
    _import(city, monthly("10/2026,Sở A,1.001612,100,40,72,8,60,50,30,12", header=",".join(header)))
    scores = _city(city, "766/portal-2026")
    assert scores.score("feedback_on_time") is None
    assert scores.score("feedback_satisfied") is None
    assert scores.score("online_share").numerator == 40
    assert scores.score("on_time").points is not None


# Two agencies, public and private figures, with and without the online column: the agency
# and city sums are not reported unless every row summed reported them.
MIXED_PUBLIC_WITH = monthly(
    "10/2026,Sở A,1.001612,100,40,72,8,60,50,30,12,10,8,2,20,5",
    "10/2026,Sở B,1.000001,50,30,45,5,50,40,10,8,0,0,0,0,0",
)
MIXED_PRIVATE_WITHOUT = without(
    "Tiếp nhận trực tuyến",
    monthly(
        "10/2026,Sở A,1.000002,20,9,15,3,10,10,5,2,1,1,0,4,1",
        "10/2026,Sở C,1.000003,30,9,25,3,10,10,5,2,1,1,0,4,1",
    ),
)


def _scores(city) -> dict:
    return {
        (r.version, r.agency, r.audience): r.scores["online_share"]
        for r in IndexResult.objects.filter(locality=city, month=OCTOBER)
    }


def test_sums_over_rows_that_did_and_did_not_report_a_count(world):
    """Sở A's private row and Sở C (private only) have no online column: every figure's sums
    of Sở A and the city are not reported; the public ones are (Sở C has no public row)."""
    city = world.localities["own"]
    _import(city, MIXED_PUBLIC_WITH)
    _import(city, MIXED_PRIVATE_WITHOUT, is_public=False)
    for key in index766.VERSIONS:
        actions.compute_index_python(city, None, key)
    python = _scores(city)
    IndexResult.objects.all().delete()
    actions.compute_index(city)  # PostgreSQL's statement, or SQLite's
    assert _scores(city) == python
    for key in index766.VERSIONS:
        assert python[(key, "", "all")][:2] == [None, 150 + 50]
        assert python[(key, "", "public")][:2] == [70, 150]
        assert python[(key, "Sở A", "all")][:2] == [None, 120]
        assert python[(key, "Sở A", "public")][:2] == [40, 100]
        assert python[(key, "Sở B", "all")] == python[(key, "Sở B", "public")]
        assert python[(key, "Sở C", "all")][:2] == [None, 30]
        assert (key, "Sở C", "public") not in python
        assert python[(key, "", "all")][2] is None  # no points, not 0 nor full


def test_a_records_file_without_a_channel_column_has_no_online_figure(world, tmp_path):
    header = RECORDS_HEADER.replace(",Kênh nộp", "").replace(",Số hóa", "")
    rows = [
        "HS1,1.001612,Sở A,01/10/2026 08:00,10/10/2026,09/10/2026 16:00,Đã trả kết quả,Có,Có,Có",
        "HS2,1.001612,Sở A,02/10/2026 09:00,05/10/2026 17:00,,Đang xử lý,,Không,Không",
    ]
    data = records(*rows, header=header)
    own, partner = world.localities["own"], world.localities["partner"]
    path = tmp_path / "r.csv"
    path.write_bytes(data)
    assert bulk.import_records(own, path, TODAY).errors == []
    parsed = statistics.parse_records("r.csv", data, TODAY)
    assert parsed.errors == []
    actions.import_statistics(partner, parsed, by=None)
    for city in (own, partner):  # the bulk path and the row-by-row one alike
        (held,) = DossierMonth.objects.filter(locality=city)
        assert (held.received, held.received_online, held.digitised) == (2, None, None)
        assert (held.e_results, held.payable, held.paid_online) == (1, 1, 1)
        assert (held.feedback_received, held.rated_dissatisfied) == (None, None)
        scores = _city(city)
        assert scores.score("online_share") is None and scores.score("digitised") is None
        assert scores.score("dossier_satisfied") is None  # no ratings in a records file
        assert scores.score("paid_online").points is not None


def test_the_detail_names_the_agencies_and_city_without_figures(client, world, member):
    city = world.localities["own"]
    _import(city, MIXED_PUBLIC_WITH)
    _import(city, MIXED_PRIVATE_WITHOUT, is_public=False)
    client.force_login(member("officer", "own"))  # the private figures too
    params = {"city": city.code, "month": "2026-10", "component": "online_share"}
    response = client.get(reverse("indicators:index766_detail"), params)
    assert response.status_code == 200
    rows = {r[0]: r for r in response.context["agency_rows"]}
    assert rows["Sở A"][1] == "chưa có số liệu" and rows["Sở C"][1] == "chưa có số liệu"
    assert rows["Sở B"][1:3] == ("30", "50")
    assert response.context["city_not_reported"]
    assert "3 cơ quan" in response.content.decode()


def test_totals_over_different_components_are_not_compared(client, world):
    """Seen in the demo: a month one city reported without the digitisation columns showed
    “Đà Nẵng cao hơn 40,66” between a total of three groups and one of five. A gap between two
    totals (a group's, the month's, each month's of the trend) is given only when both cover the
    same components; each total itself is still shown."""
    own, partner = world.localities["own"], world.localities["partner"]
    _import(own, without("Kết quả điện tử", without("Số hóa")))
    _import(partner, GOOD)
    response = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    comparison = response.context["comparison"]
    assert comparison.a_total is not None and comparison.b_total is not None
    assert comparison.gap is None
    group = next(
        g for g in comparison.groups if "digitised" in {r.component.key for r in g.components}
    )
    assert group.gap is None
    october = next(t for t in response.context["trend"] if t["month"] == OCTOBER)
    assert october["a"] is not None and october["b"] is not None and october["gap"] is None
    # the groups both cities have whole are still compared
    whole = next(
        g for g in comparison.groups if "on_time" in {r.component.key for r in g.components}
    )
    assert whole.gap is not None
    # with the same components on both sides, the totals are compared as before
    _import(own, GOOD)
    again = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    assert again.context["comparison"].gap is not None
    assert next(t for t in again.context["trend"] if t["month"] == OCTOBER)["gap"] is not None
