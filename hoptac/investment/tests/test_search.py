"""The portal's content in the site search: accent-free queries, and who finds what."""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hoptac.investment.models import Enterprise, Project
from hoptac.search.queries import search

from .factories import EnterpriseFactory, ProjectFactory


def _titles(q: str, user) -> list[str]:
    return [h.document.title for h in search(q, user).hits]


def test_an_accent_free_query_finds_a_project_by_its_vietnamese_title(portal_world):
    ProjectFactory(
        locality=portal_world.localities["own"], title_vi="Nhà máy đóng gói và kiểm thử vi mạch"
    )
    assert "Nhà máy đóng gói và kiểm thử vi mạch" in _titles("nha may dong goi", AnonymousUser())
    hit = search("kiem thu vi mach", AnonymousUser()).hits[0]
    assert hit.document.kind == "investment_project"
    assert hit.document.url.startswith("/dau-tu/du-an/DA-")


def test_parks_and_verified_enterprises_are_found_by_everyone(portal_world):
    park = portal_world.park["own"]
    enterprise = portal_world.enterprise["own"]
    assert park.name_vi in _titles("khu cong nghe cao", AnonymousUser())
    assert enterprise.name_vi in _titles(enterprise.name_vi, AnonymousUser())


def test_anonymous_users_find_no_draft_and_no_unverified_enterprise(portal_world, member):
    own = portal_world.localities["own"]
    ProjectFactory(locality=own, title_vi="Trung tâm dữ liệu bí mật", status=Project.Status.DRAFT)
    EnterpriseFactory(
        locality=own,
        name_vi="Công ty Chưa Xác Minh",
        verification=Enterprise.Verification.PENDING,
    )
    # A question's words may match other, public documents (search degrades to any word):
    # what matters is that the hidden ones are never among the results
    hidden = {"Trung tâm dữ liệu bí mật", "Công ty Chưa Xác Minh"}
    for who in (AnonymousUser(), member("officer", "partner")):
        for query in ("trung tam du lieu bi mat", "chua xac minh"):
            assert hidden.isdisjoint(_titles(query, who))
    # The city's own members find them first
    assert _titles("chua xac minh", member("officer", "own"))[0] == "Công ty Chưa Xác Minh"
    assert _titles("du lieu bi mat", member("officer", "own"))[0] == "Trung tâm dữ liệu bí mật"


def test_editing_a_project_in_the_workspace_updates_the_index(client, portal_world, member):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    data = {
        "code": project.code,
        "title_vi": "Khu phức hợp công nghệ sinh học Hòa Lạc",
        "locality": project.locality_id,
        "vsic_version": "2018",
        "vsic_code": "6201",
        "capital_vnd": "1000000000",
        "investment_form": "any",
        "clearance": "not_started",
        "source": "city",
        "status": "calling",
    }
    response = client.post(reverse("investment:project_edit", args=[project.code]), data)
    assert response.status_code == 302, response.content.decode()[-2000:]
    assert _titles("phuc hop cong nghe sinh hoc", AnonymousUser())[0] == data["title_vi"]
    # Withdrawn to draft: the public no longer finds it
    client.post(
        reverse("investment:project_edit", args=[project.code]), {**data, "status": "draft"}
    )
    assert data["title_vi"] not in _titles("phuc hop cong nghe sinh hoc", AnonymousUser())


def test_verifying_an_enterprise_makes_it_public_in_search(client, portal_world, member):
    enterprise = EnterpriseFactory(
        locality=portal_world.localities["own"],
        name_vi="Công ty Sinh Học Mới",
        verification=Enterprise.Verification.PENDING,
    )
    assert "Công ty Sinh Học Mới" not in _titles("sinh hoc moi", AnonymousUser())
    client.force_login(member("coordinator", "own"))
    client.post(
        reverse("investment:enterprise_verify", args=[enterprise.tax_code]),
        {"verification": "verified"},
    )
    assert _titles("sinh hoc moi", AnonymousUser())[:1] == ["Công ty Sinh Học Mới"]


def test_a_document_s_text_finds_its_project(
    client, portal_world, member, django_capture_on_commit_callbacks
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from hoptac.exchange.tests.files import pdf_bytes

    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    upload = SimpleUploadedFile("kha-thi.pdf", pdf_bytes("Nghien cuu kha thi cang bien"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("investment:project_attachments", args=[project.code]),
            {"title": "Báo cáo", "file": upload},
        )
    assert project.title_vi in _titles("kha thi cang bien", AnonymousUser())


def test_a_park_s_snippet_opens_with_its_description_not_its_kind(portal_world):
    park = portal_world.park["own"]
    park.description_vi = "Hạ tầng đồng bộ, sẵn sàng đón nhà đầu tư chiến lược."
    park.save()
    hit = next(
        h
        for h in search("ha tang dong bo", AnonymousUser()).hits
        if h.document.title == park.name_vi
    )
    assert hit.document.body.startswith("Hạ tầng đồng bộ")
