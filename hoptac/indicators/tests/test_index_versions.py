"""The 766 index's versions side by side: the decision as far as it was read (766/2022) and the
index as the national portal computes it (766/portal-2026), each from its own data file, computed
from the same figures, and the version shown with every score."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse

from hoptac.indicators import actions, index766, statistics
from hoptac.indicators.models import IndexResult

from .test_statistics import GOOD, TODAY

PORTAL = "766/portal-2026"


def _raw(key: str) -> dict:
    return json.loads((index766.DATA / index766.VERSIONS[key]).read_text(encoding="utf-8"))


def test_the_portal_version_is_its_own_data_file_with_six_groups_adding_up_to_100():
    spec = index766.version(PORTAL)
    assert spec.key == PORTAL and spec.kind == "portal" and not spec.share_rest
    assert [(g.key, g.max_points) for g in spec.groups] == [
        ("transparency", 18),
        ("progress", 20),
        ("online", 12),
        ("digitisation", 22),
        ("satisfaction", 18),
        ("payment", 10),
    ]
    assert spec.max_points == 100
    raw = _raw(PORTAL)
    for g in raw["groups"]:
        maxima = [c["max_points"] or 0 for c in raw["components"] if c["group"] == g["key"]]
        assert sum(maxima) == g["max_points"], g["key"]
    # every facet cites a source of the file, each an address at a commit of the repository read
    for c in spec.components:
        assert c.source_url.startswith("https://github.com/ChippedTopaz/qd766/blob/"), c.key
        assert c.part and c.formula("vi") and c.formula("en")
        if c.max_points is not None:
            assert c.max_points_source.startswith("https://github.com/ChippedTopaz/qd766/blob/")
    # no point is shared out: a computed component gives the maximum read, or none
    for c in spec.computed:
        assert c.share == c.max_points
    assert spec.component("online_share").share is None
    assert spec.computed_points == 54  # 20 + 6 + 4 + 6 + 6 + 6 + 6 of 100
    # the choices are written in both languages
    assert all(
        set(c) >= {"about", "choice", "why", "about_vi", "choice_vi", "why_vi"}
        for c in raw["choices"]
    )


def test_the_2022_version_keeps_what_only_the_portal_gives_unverified():
    spec = index766.version("766/2022")
    assert spec.kind == "decision" and spec.share_rest
    from_portal = [c for c in spec.components if c.source == "portal_spec"]
    assert from_portal and all(c.status == "unverified" for c in from_portal)
    assert "ChippedTopaz/qd766" in spec.sources["portal_spec"]


def test_an_unknown_empty_rule_is_refused():
    with pytest.raises(ValueError):
        index766._empty("half")


@pytest.fixture
def city(world):
    city = world.localities["own"]
    parsed = statistics.parse_monthly("m.csv", GOOD, TODAY)
    assert parsed.errors == []
    actions.import_statistics(city, parsed, by=None)  # computes every version
    return city


def _scores(city, version: str, agency: str = "") -> dict:
    row = IndexResult.objects.get(locality=city, agency=agency, audience="all", version=version)
    return {key: row.score(key) for key in row.scores}


def test_both_versions_from_the_same_figures_differ_where_their_sources_do(city):
    # GOOD, both agencies: received 150, online 70, on time 117, late 13, digitised 110,
    # payable 40, paid online 20, rated 20, rated dissatisfied 5.
    old, new = _scores(city, "766/2022"), _scores(city, PORTAL)
    assert {s.version for s in old.values()} == {"766/2022"}
    assert {s.version for s in new.values()} == {PORTAL}
    # on time: the decision's reading divides by dossiers settled, the portal by dossiers
    # received: 20 × 117 / 130 = 18.000 against 20 × 117 / 150 = 15.600
    assert (old["on_time"].numerator, old["on_time"].denominator) == (117, 130)
    assert old["on_time"].points == Decimal("18.000")
    assert (new["on_time"].numerator, new["on_time"].denominator) == (117, 150)
    assert new["on_time"].points == Decimal("15.600")
    # satisfaction with dossiers: the decision's formula over every dossier received,
    # (150 − 5) / 150 = 96.7 %, above the 90 % threshold → 6.000; the portal's 100 % − (late +
    # dissatisfied) over settled = (117 − 5) / 130, of 90 % → 5.744
    assert (old["dossier_satisfied"].numerator, old["dossier_satisfied"].denominator) == (145, 150)
    assert old["dossier_satisfied"].points == Decimal("6.000")
    assert (new["dossier_satisfied"].numerator, new["dossier_satisfied"].denominator) == (112, 130)
    assert new["dossier_satisfied"].points == Decimal("5.744")
    # paid online: half of the 22 points the decision's reading shares out (11 × 20 / 40)
    # against 6 × 20 / 40 of the portal's payment group
    assert old["paid_online"].points == Decimal("5.500")
    assert new["paid_online"].points == Decimal("3.000")
    assert new["paid_online"].max_points == Decimal("6.000")
    # digitised: 110 / 150 of the 80 % threshold of 11 points → 10.083; the portal's published
    # points are in proportion: 4 × 110 / 150 → 2.933
    assert old["digitised"].points == Decimal("10.083")
    assert new["digitised"].points == Decimal("2.933")
    # dossiers received online: points in 766/2022, the rate only in the portal's version
    assert old["online_share"].points is not None
    assert (new["online_share"].numerator, new["online_share"].denominator) == (70, 150)
    assert new["online_share"].points is None and new["online_share"].max_points is None


def test_a_month_without_feedback_gives_full_marks_in_the_portal_version_only(city):
    old, new = _scores(city, "766/2022", "Sở Tư pháp"), _scores(city, PORTAL, "Sở Tư pháp")
    for key in ("feedback_on_time", "feedback_satisfied"):
        assert old[key].denominator == new[key].denominator == 0
        assert old[key].points is None
        assert new[key].points == Decimal("6.000")


@pytest.mark.skipif(connection.vendor != "postgresql", reason="PostgreSQL's own statement")
def test_the_sql_index_equals_the_python_index_in_every_version(city):
    from hoptac.indicators import index_sql

    def scores(version):
        rows = IndexResult.objects.filter(locality=city, version=version)
        return sorted(
            (s.agency, s.month, s.audience, s.component, s.numerator, s.denominator, s.points)
            for r in rows
            for s in map(r.score, r.scores)
        )

    for version in index766.VERSIONS:
        actions.compute_index_python(city, version=version)
        python = scores(version)
        assert python
        index_sql.compute_index_sql(city, version=version)
        assert scores(version) == python


def test_the_pages_and_the_api_show_the_version_chosen(client, world, city):
    partner = world.localities["partner"]
    parsed = statistics.parse_monthly("m.csv", GOOD, TODAY)
    actions.import_statistics(partner, parsed, by=None)
    params = {"a": city.code, "b": partner.code}
    page = client.get(reverse("indicators:index766_en"), params).content.decode()
    assert "Index version: 766/2022" in page
    assert f'<option value="{PORTAL}"' in page  # the other version offered
    assert "18.00 of 20.00 pts" in page
    page = client.get(reverse("indicators:index766_en"), params | {"version": PORTAL})
    page = page.content.decode()
    assert f"Index version: {PORTAL}" in page
    assert "15.60 of 20.00 pts" in page
    assert "no points in this version" in page  # dossiers received online
    assert "a third party" in page  # the version's own notice
    assert "version=766%2Fportal-2026" in page  # the links to the numbers keep the version
    # an unknown version is the default one
    page = client.get(reverse("indicators:index766_en"), params | {"version": "x"})
    assert "Index version: 766/2022" in page.content.decode()
    detail = client.get(
        reverse("indicators:index766_detail_en"),
        {"city": city.code, "month": "2026-10", "component": "on_time", "version": PORTAL},
    ).content.decode()
    assert PORTAL in detail and "Where the portal" in detail and "117 / 150" in detail

    body = client.get("/api/indicators/index766", params | {"version": PORTAL}).json()
    assert body["version"] == PORTAL and body["versions"] == list(index766.VERSIONS)
    on_time = next(c for c in body["components"] if c["component"] == "on_time")
    assert on_time["a"]["points"] == 15.6 or Decimal(str(on_time["a"]["points"])) == Decimal("15.6")
    assert client.get("/api/indicators/index766", params).json()["version"] == "766/2022"
    missing = client.get("/api/indicators/index766", params | {"version": "766/1999"})
    assert missing.status_code == 404
