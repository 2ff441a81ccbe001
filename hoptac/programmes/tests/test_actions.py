from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.models import Notification
from hoptac.programmes import actions
from hoptac.programmes.models import ExtensionRequest, ProgressReport, Task, TaskDependency

from .factories import TaskFactory

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def test_lead_officer_reports_progress_with_evidence_and_completes(programme, member):
    officer = member("officer")
    task = programme.task["own"]
    files = [SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")]
    actions.report_progress(
        task,
        officer,
        progress=80,
        text="Đã họp",
        completed=True,
        files=files,
        reported_on=dt.date(2025, 1, 10),
    )
    task.refresh_from_db()
    assert task.completed_on == dt.date(2025, 1, 10) and task.progress == 100
    assert task.reports.get().evidence.get().name == "bien-ban.pdf"
    assert task.history.first().history_user == officer


def test_partner_city_officer_cannot_report_on_our_task(programme, member):
    with pytest.raises(PermissionDenied):
        actions.report_progress(
            programme.task["own"], member("officer", where="partner"), progress=10, text="x"
        )
    assert not ProgressReport.objects.exists()


def test_a_bad_evidence_file_saves_nothing(programme, member):
    files = [
        SimpleUploadedFile("ok.pdf", PDF),
        SimpleUploadedFile("fake.pdf", b"MZ\x90\x00 this is an exe"),
    ]
    with pytest.raises(ValidationError, match="phần mở rộng"):
        actions.report_progress(
            programme.task["own"], member("officer"), progress=50, text="x", files=files
        )
    assert not ProgressReport.objects.exists()
    assert programme.task["own"].progress == 0


def test_zip_bomb_disguised_as_docx_is_refused(programme, member):
    import io
    import zipfile

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"0" * (60 * 1024 * 1024))
    upload = SimpleUploadedFile("bom.docx", buffer.getvalue())
    with pytest.raises(ValidationError, match="nén"):
        actions.report_progress(
            programme.task["own"], member("officer"), progress=5, text="x", files=[upload]
        )


def test_report_date_in_the_future_is_refused(programme, member):
    with pytest.raises(ValidationError):
        actions.report_progress(
            programme.task["own"],
            member("officer"),
            progress=5,
            text="x",
            reported_on=dt.date.today() + dt.timedelta(days=3),
        )


def test_extension_moves_due_date_and_keeps_the_baseline(programme, member):
    officer, coordinator = member("officer"), member("coordinator")
    task = programme.task["own"]
    original = task.due_date
    ext = actions.request_extension(
        task, officer, original + dt.timedelta(days=90), "Chờ nghị quyết"
    )
    assert Notification.objects.filter(user=coordinator).exists()
    actions.decide_extension(ext, coordinator, approve=True, note="Đồng ý")
    task.refresh_from_db()
    assert task.due_date == original + dt.timedelta(days=90)
    assert task.baseline_due_date == original
    assert ExtensionRequest.objects.get().state == "approved"
    assert any(
        "Extension approved" in m.subject or "gia hạn" in m.subject.lower() for m in mail.outbox
    )


def test_only_the_lead_localitys_coordinator_decides(programme, member):
    ext = actions.request_extension(
        programme.task["own"], member("officer"), dt.date(2031, 6, 1), "Lý do"
    )
    with pytest.raises(PermissionDenied):
        actions.decide_extension(ext, member("coordinator", where="partner"), approve=True)
    with pytest.raises(PermissionDenied):
        actions.decide_extension(ext, member("officer"), approve=True)
    ext.refresh_from_db()
    assert ext.state == "pending"


def test_extension_to_an_earlier_date_or_twice_is_refused(programme, member):
    officer = member("officer")
    task = programme.task["own"]
    with pytest.raises(ValidationError):
        actions.request_extension(task, officer, task.due_date - dt.timedelta(days=1), "x")
    actions.request_extension(task, officer, task.due_date + dt.timedelta(days=1), "x")
    with pytest.raises(ValidationError, match="đang chờ xử lý"):
        actions.request_extension(task, officer, task.due_date + dt.timedelta(days=2), "x")


def test_a_decided_request_cannot_be_decided_again(programme, member):
    coordinator = member("coordinator")
    ext = actions.request_extension(
        programme.task["own"], member("officer"), dt.date(2031, 6, 1), "x"
    )
    actions.decide_extension(ext, coordinator, approve=False)
    with pytest.raises(ValidationError):
        actions.decide_extension(ext, coordinator, approve=True)


def test_dependency_cycle_is_refused(programme, member):
    coordinator = member("coordinator")
    a = programme.task["own"]
    b = TaskFactory(commitment=programme.commitment, lead=a.lead)
    c = TaskFactory(commitment=programme.commitment, lead=a.lead)
    actions.add_dependency(a, b, coordinator)
    actions.add_dependency(b, c, coordinator, lag_days=5)
    with pytest.raises(ValidationError, match="chờ lẫn nhau"):
        actions.add_dependency(c, a, coordinator)
    with pytest.raises(ValidationError):
        actions.add_dependency(a, a, coordinator)
    assert TaskDependency.objects.count() == 2


def test_coordinator_creates_tasks_only_for_own_locality(programme, member, world):
    coordinator = member("coordinator")
    task = actions.create_task(
        programme.commitment,
        coordinator,
        title="Hội thảo",
        lead=world.department["own"],
        start_date=dt.date(2026, 1, 1),
        due_date=dt.date(2026, 6, 30),
        partners=[world.department["partner"]],
    )
    assert list(task.partners.all()) == [world.department["partner"]]
    with pytest.raises(PermissionDenied):
        actions.create_task(
            programme.commitment,
            coordinator,
            title="Giả mạo",
            lead=world.department["partner"],
            start_date=dt.date(2026, 1, 1),
            due_date=dt.date(2026, 6, 30),
        )
    with pytest.raises(ValidationError):
        actions.create_task(
            programme.commitment,
            coordinator,
            title="Sai ngày",
            lead=world.department["own"],
            start_date=dt.date(2026, 6, 1),
            due_date=dt.date(2026, 1, 1),
        )
    assert Task.objects.filter(title__in=["Giả mạo", "Sai ngày"]).count() == 0
