from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from hoptac.investment import actions
from hoptac.investment.matching import matches_for
from hoptac.investment.models import PriorityItem

from .factories import EnterpriseFactory, ProjectFactory


def test_ranking_explains_each_score(portal_world):
    own, partner = portal_world.localities["own"], portal_world.localities["partner"]
    cloud = PriorityItem.objects.get(code="CLOUD")
    project = ProjectFactory(
        locality=own,
        vsic_code="6311",
        priority_item=cloud,
        capital_vnd=Decimal(2_000_000_000_000),
        title_vi="Trung tâm dữ liệu điện toán đám mây",
        title_en="Cloud data centre",
    )
    best = EnterpriseFactory(
        locality=partner,
        vsic_code="6311",
        priority_item=cloud,
        size="large",
        products="Trung tâm dữ liệu, điện toán đám mây. Data centre, cloud.",
    )
    weaker = EnterpriseFactory(
        locality=partner, vsic_code="6312", size="small", products="Bánh kẹo"
    )
    rejected = EnterpriseFactory(locality=partner, vsic_code="6311", verification="rejected")
    ranked = matches_for(project, "enterprise")
    ids = [m.id for m in ranked]
    assert ids[0] == best.pk
    assert weaker.pk in ids and ids.index(weaker.pk) > 0
    assert rejected.pk not in ids
    top = ranked[0]
    labels = {r.label: r for r in top.reasons}
    assert labels["Ngành"].points == 35 and "6311" in labels["Ngành"].detail
    assert labels["Mục công nghệ cao"].points == 15
    assert labels["Quy mô và vốn"].points == 15
    assert labels["Địa điểm"].points == 6
    assert "đám mây" not in labels["Từ khóa chung"].detail  # folded: accents and đ removed
    assert "may" in labels["Từ khóa chung"].detail or "cloud" in labels["Từ khóa chung"].detail
    assert top.score == sum(r.points for r in top.reasons)
    by_id = {m.id: m for m in ranked}
    assert {r.label: r.points for r in by_id[weaker.pk].reasons}["Ngành"] == 28  # group 631


def test_versions_are_compared_by_division_only(portal_world):
    project = ProjectFactory(
        locality=portal_world.localities["own"], vsic_version="2025", vsic_code="6219"
    )
    e = EnterpriseFactory(
        locality=portal_world.localities["partner"], vsic_version="2018", vsic_code="6201"
    )
    match = next(m for m in matches_for(project, "enterprise") if m.id == e.pk)
    sector = next(r for r in match.reasons if r.label == "Ngành")
    assert sector.points == 15
    assert "khác phiên bản" in sector.detail


def test_enterprise_partners_come_from_the_other_city_only(portal_world):
    own, partner = portal_world.localities["own"], portal_world.localities["partner"]
    me = EnterpriseFactory(locality=own)
    same_city = EnterpriseFactory(locality=own)
    other_city = EnterpriseFactory(locality=partner)
    ids = [m.id for m in matches_for(me, "enterprise")]
    assert other_city.pk in ids
    assert same_city.pk not in ids and me.pk not in ids


def test_declined_pairs_do_not_come_back(client, portal_world, member):
    project = portal_world.project["own"]
    candidate = portal_world.enterprise["partner"]
    assert candidate.pk in [m.id for m in matches_for(project, "enterprise")]
    client.force_login(member("officer", "own"))
    url = reverse("investment:matches", args=["project", project.code])
    response = client.post(
        url + "?target=enterprise",
        {"target_id": candidate.pk, "decision": "declined", "reason": "too small"},
    )
    assert response.status_code == 302
    assert candidate.pk not in [m.id for m in matches_for(project, "enterprise")]
    # and from the other direction: the enterprise's matches no longer show the project
    assert project.pk not in [m.id for m in matches_for(candidate, "project")]


def test_interested_pairs_stay(portal_world, member):
    project = portal_world.project["own"]
    candidate = portal_world.enterprise["partner"]
    actions.record_feedback(
        "project", project.pk, "enterprise", candidate.pk, "interested", member("officer", "own")
    )
    assert candidate.pk in [m.id for m in matches_for(project, "enterprise")]


def test_feedback_on_another_city_s_project_is_refused(client, portal_world, member):
    project = portal_world.project["own"]
    client.force_login(member("officer", "partner"))
    url = reverse("investment:matches", args=["project", project.code])
    assert client.get(url).status_code == 200  # partners may look
    response = client.post(
        url, {"target_id": portal_world.enterprise["partner"].pk, "decision": "declined"}
    )
    assert response.status_code == 403


def test_enquiry_interest_is_matched_to_projects(portal_world):
    from .factories import EnquiryFactory

    enquiry = EnquiryFactory(
        locality=portal_world.localities["own"],
        vsic_code="6201",
        capital_vnd=Decimal(200_000_000_000),
        message="Phần mềm và điện toán đám mây",
    )
    ranked = matches_for(enquiry, "project")
    assert ranked[0].id in {portal_world.project["own"].pk, portal_world.project["partner"].pk}
    assert any(r.label == "Quy mô và vốn" and r.points == 15 for r in ranked[0].reasons)


def _matches_urls(kind: str, key: str) -> list[str]:
    return [
        reverse("investment:matches", args=[kind, key]),
        f"/api/investment/matches/{kind}/{key}",
    ]


@pytest.mark.parametrize("role", ["officer", "coordinator"])
def test_another_city_s_draft_project_has_no_matches_page(client, portal_world, member, role):
    draft = ProjectFactory(
        locality=portal_world.localities["own"], status="draft", title_vi="Dự án nháp kín"
    )
    client.force_login(member(role, "partner"))
    for url in _matches_urls("project", draft.code):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Dự án nháp kín" not in response.content.decode()


@pytest.mark.parametrize("role", ["officer", "coordinator"])
def test_another_city_s_pending_enterprise_has_no_matches_page(client, portal_world, member, role):
    pending = EnterpriseFactory(
        locality=portal_world.localities["own"], verification="pending", name_vi="Công ty chờ"
    )
    client.force_login(member(role, "partner"))
    for url in _matches_urls("enterprise", pending.tax_code):
        response = client.get(url)
        assert response.status_code == 404, url
        assert "Công ty chờ" not in response.content.decode()


def test_the_own_city_still_sees_matches_of_its_draft_project(client, portal_world, member):
    draft = ProjectFactory(locality=portal_world.localities["own"], status="draft")
    client.force_login(member("officer", "own"))
    for url in _matches_urls("project", draft.code):
        assert client.get(url).status_code == 200, url


def test_candidates_are_verified_enterprises_only(client, portal_world, member):
    project = portal_world.project["own"]
    pending = EnterpriseFactory(
        locality=portal_world.localities["partner"], verification="pending", name_vi="Chưa xác minh"
    )
    assert pending.pk not in [m.id for m in matches_for(project, "enterprise")]
    client.force_login(member("officer", "own"))
    page = client.get(reverse("investment:matches", args=["project", project.code]))
    assert "Chưa xác minh" not in page.content.decode()
    api = client.get(f"/api/investment/matches/project/{project.code}").json()
    assert pending.pk not in [m["id"] for m in api]


def test_feedback_on_a_pending_enterprise_or_a_draft_project_writes_nothing(
    client, portal_world, member
):
    from hoptac.investment.models import MatchFeedback

    project = portal_world.project["own"]
    pending = EnterpriseFactory(locality=portal_world.localities["partner"], verification="pending")
    draft = ProjectFactory(locality=portal_world.localities["partner"], status="draft")
    client.force_login(member("officer", "own"))
    url = reverse("investment:matches", args=["project", project.code])
    client.post(url + "?target=enterprise", {"target_id": pending.pk, "decision": "declined"})
    enterprise = portal_world.enterprise["own"]
    url = reverse("investment:matches", args=["enterprise", enterprise.tax_code])
    client.post(url + "?target=project", {"target_id": draft.pk, "decision": "interested"})
    assert not MatchFeedback.objects.exists()


def test_another_code_of_a_row_counts_over_its_main_code(portal_world, monkeypatch):
    """Read by groups (as test_matching_exact.py reads), the group of a row's other code too."""
    from hoptac.investment import matching

    monkeypatch.setattr(matching, "DIRECT_CAP", 0)
    own, partner = portal_world.localities["own"], portal_world.localities["partner"]
    project = ProjectFactory(locality=own, vsic_code="6201", capital_vnd=Decimal(50_000_000_000))
    plain = [EnterpriseFactory(locality=partner, vsic_code="6209") for _ in range(3)]
    other = EnterpriseFactory(locality=partner, vsic_code="6290", other_vsic_codes="6201")
    ids = [m.id for m in matches_for(project, "enterprise")]
    assert other.pk in ids and all(ids.index(other.pk) < ids.index(p.pk) for p in plain)
    match = matches_for(project, "enterprise")[ids.index(other.pk)]
    assert {r.label: r.points for r in match.reasons}["Ngành"] == 35
