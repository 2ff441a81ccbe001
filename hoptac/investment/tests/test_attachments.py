"""Project documents uploaded and removed in the workspace: who may, and what is refused."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.exchange.tests.files import PNG, pdf_bytes
from hoptac.investment.models import ProjectAttachment


def _url(project) -> str:
    return reverse("investment:project_attachments", args=[project.code])


def _upload(client, project, name="nghien-cuu-kha-thi.pdf", data=None, title="Báo cáo"):
    payload = SimpleUploadedFile(name, pdf_bytes() if data is None else data)
    return client.post(_url(project), {"title": title, "file": payload})


def _stored(settings) -> list:
    return [p for p in settings.MEDIA_ROOT.rglob("*") if p.is_file()]


@pytest.mark.parametrize("role", ["coordinator", "officer", "admin"])
def test_the_city_s_staff_upload_a_document_shown_with_type_and_size(
    client, portal_world, member, settings, role
):
    project = portal_world.project["own"]
    client.force_login(member(role, "own"))
    response = _upload(client, project)
    assert response.status_code == 302
    attachment = ProjectAttachment.objects.get(project=project)
    assert (attachment.title, attachment.kind, attachment.name) == (
        "Báo cáo",
        "pdf",
        "nghien-cuu-kha-thi.pdf",
    )
    assert attachment.size == len(pdf_bytes())
    assert attachment.file.name.endswith(".pdf") and "nghien" not in attachment.file.name
    assert attachment.history.first().history_user.username
    client.logout()
    page = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "Báo cáo" in page
    assert "(PDF, 1" in page  # “1,3 KB”: type and size next to the link


def test_without_a_title_the_file_name_is_used(client, portal_world, member):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    _upload(client, project, name="ban-do.png", data=PNG, title="")
    assert ProjectAttachment.objects.get().title == "ban-do.png"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("hop-dong.pdf", b"MZ\x90\x00 an executable in disguise", "không khớp với phần mở rộng"),
        ("anh.png", pdf_bytes(), "không khớp với phần mở rộng"),
        ("chay.exe", b"MZ\x90\x00", "chỉ nhận"),
        ("rong.pdf", b"", "rỗng"),
    ],
)
def test_bad_files_are_refused_with_a_clear_message(
    client, portal_world, member, settings, name, data, message
):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    response = _upload(client, project, name=name, data=data)
    assert response.status_code == 400
    assert message in response.content.decode().lower()
    assert not ProjectAttachment.objects.exists()
    assert _stored(settings) == []


def test_an_oversized_file_is_refused(client, portal_world, member, settings):
    settings.FILES_MAX_BYTES = 1024
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    response = _upload(client, project, data=pdf_bytes("x" * 50) + b"%" * 2048)
    assert response.status_code == 400
    assert "lớn hơn 1,0" in response.content.decode()
    assert not ProjectAttachment.objects.exists()


@pytest.mark.parametrize("role", ["coordinator", "officer", "admin"])
def test_another_city_s_staff_cannot_upload_or_remove(client, portal_world, member, role):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    _upload(client, project)
    attachment = ProjectAttachment.objects.get()
    client.force_login(member(role, "partner"))
    assert client.get(_url(project)).status_code == 403
    assert _upload(client, project, title="Giả mạo").status_code == 403
    remove = reverse("investment:project_attachment_remove", args=[project.code, attachment.pk])
    assert client.post(remove).status_code == 403
    assert list(ProjectAttachment.objects.values_list("title", flat=True)) == ["Báo cáo"]


def test_an_attachment_is_removed_only_through_its_own_project(
    client, portal_world, member, settings
):
    own, partner = portal_world.project["own"], portal_world.project["partner"]
    client.force_login(member("officer", "partner"))
    _upload(client, partner)
    attachment = ProjectAttachment.objects.get()
    client.force_login(member("officer", "own"))
    # The officer may change their own project, but this attachment is another city's
    forged = reverse("investment:project_attachment_remove", args=[own.code, attachment.pk])
    assert client.post(forged).status_code == 404
    assert ProjectAttachment.objects.exists()
    client.force_login(member("officer", "partner"))
    mine = reverse("investment:project_attachment_remove", args=[partner.code, attachment.pk])
    with_commit = client.post(mine)
    assert with_commit.status_code == 302
    assert not ProjectAttachment.objects.exists()


def test_the_file_goes_with_its_attachment(
    client, portal_world, member, settings, django_capture_on_commit_callbacks
):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    _upload(client, project)
    attachment = ProjectAttachment.objects.get()
    assert len(_stored(settings)) == 1
    remove = reverse("investment:project_attachment_remove", args=[project.code, attachment.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(remove)
    assert _stored(settings) == []


def test_anonymous_users_are_sent_to_sign_in_and_nothing_is_stored(client, portal_world, settings):
    project = portal_world.project["own"]
    response = _upload(client, project)
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]
    assert not ProjectAttachment.objects.exists()
    assert _stored(settings) == []


@pytest.mark.parametrize("size", [2, 6])
def test_the_documents_page_queries_do_not_grow(
    client, portal_world, member, size, django_assert_max_num_queries
):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    for i in range(size):
        _upload(client, project, title=f"Tài liệu {i}")
    with django_assert_max_num_queries(12):
        assert client.get(_url(project)).status_code == 200
    with django_assert_max_num_queries(14):
        page = client.get(reverse("investment:project_detail", args=[project.code]))
        assert page.status_code == 200


def test_a_form_without_a_file_says_so(client, portal_world, member):
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    response = client.post(_url(project), {"title": "Không có tệp"})
    assert response.status_code == 400
    assert "Xin chọn tệp để tải lên." in response.content.decode()


def test_nul_and_unknown_keys_find_nothing(client, portal_world, member):
    client.force_login(member("officer", "own"))
    assert client.get("/dau-tu/quan-ly/du-an/%00/tai-lieu/").status_code == 404
    assert client.get("/dau-tu/quan-ly/du-an/KHONG-CO/tai-lieu/").status_code == 404
    project = portal_world.project["own"]
    remove = reverse("investment:project_attachment_remove", args=[project.code, 999999])
    assert client.post(remove).status_code == 404
    assert client.get(remove).status_code == 405


def test_the_admin_shows_a_project_with_an_attachment(
    client, portal_world, member, django_user_model
):
    """A crawl as the superuser: the change page of a project with a document answered 500 (its
    inline asked the stored file for a public URL, which stored files do not have)."""
    project = portal_world.project["own"]
    client.force_login(member("officer", "own"))
    assert _upload(client, project).status_code == 302
    attachment = ProjectAttachment.objects.get(project=project)
    client.force_login(django_user_model.objects.create_superuser("root", "r@example.org", "x"))
    response = client.get(reverse("admin:investment_project_change", args=[project.pk]))
    assert response.status_code == 200
    assert reverse("investment:attachment", args=[attachment.pk]) in response.content.decode()
