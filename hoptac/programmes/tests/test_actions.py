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


def test_extension_moves_due_date_and_keeps_the_baseline(programme, member, delivered):
    officer, coordinator = member("officer"), member("coordinator")
    task = programme.task["own"]
    original = task.due_date
    ext = actions.request_extension(
        task, officer, original + dt.timedelta(days=90), "Chờ nghị quyết"
    )
    assert Notification.objects.filter(user=coordinator).exists()
    with delivered():
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


def test_english_recipient_of_a_vietnamese_officers_report_is_told_in_english(
    programme, member, delivered
):
    from django.utils import translation

    officer = member("officer")
    english, vietnamese = member("coordinator"), member("coordinator")
    english.language = "en"
    english.save(update_fields=["language"])
    task = programme.task["own"]
    with translation.override("vi"), delivered():  # the officer works in Vietnamese
        actions.report_progress(task, officer, progress=100, text="Xong", completed=True)
    expected = {english.pk: f"Task completed: {task.title}"}
    expected[vietnamese.pk] = f"Nhiệm vụ đã hoàn thành: {task.title}"
    notices = dict(Notification.objects.values_list("user_id", "text"))
    assert notices == expected
    subjects = {m.to[0]: m.subject for m in mail.outbox}
    assert subjects[english.email] == f"[Hoptac] Task completed: {task.title}"
    assert subjects[vietnamese.email] == f"[Hoptac] Nhiệm vụ đã hoàn thành: {task.title}"


def test_a_rolled_back_report_tells_nobody(programme, member, delivered):
    from django.db import transaction

    officer, coordinator = member("officer"), member("coordinator")
    task = programme.task["own"]
    with delivered() as callbacks:
        with pytest.raises(RuntimeError), transaction.atomic():
            actions.report_progress(task, officer, progress=100, text="Xong", completed=True)
            raise RuntimeError("a later step of the same request fails")
    assert callbacks == []
    assert mail.outbox == []
    assert not Notification.objects.filter(user=coordinator).exists()
    task.refresh_from_db()
    assert task.completed_on is None


# --- A finished task is closed; reopening it is the coordinator's decision --------------------
def _finished(programme, member):
    officer = member("officer")
    task = programme.task["own"]
    actions.report_progress(
        task, officer, progress=100, text="Xong", completed=True, reported_on=task.start_date
    )
    task.refresh_from_db()
    return task, officer


def test_a_report_on_a_finished_task_is_refused_and_changes_nothing(programme, member):
    task, officer = _finished(programme, member)
    with pytest.raises(ValidationError, match="mở lại nhiệm vụ"):
        actions.report_progress(task, officer, progress=20, text="Làm lại một phần")
    task.refresh_from_db()
    assert task.progress == 100 and task.completed_on is not None
    assert task.reports.count() == 1


def test_a_report_at_100_percent_completes_the_task(programme, member):
    task = programme.task["own"]
    actions.report_progress(
        task, member("officer"), progress=100, text="Xong", reported_on=task.start_date
    )
    task.refresh_from_db()
    assert task.completed_on == task.start_date and task.reports.get().completed


def test_the_coordinator_reopens_a_finished_task_and_reporting_goes_on(programme, member):
    task, officer = _finished(programme, member)
    coordinator = member("coordinator")
    entry = actions.reopen_task(task, coordinator, progress=40, reason="Thiếu biên bản nghiệm thu")
    task.refresh_from_db()
    assert task.completed_on is None and task.progress == 40
    assert task.status in ("in_term", "overdue")
    assert entry.reopened and entry.progress == 40 and entry.author == coordinator
    assert task.history.first().history_user == coordinator
    assert Notification.objects.filter(user=officer, text__contains="Thiếu biên bản").exists()
    actions.report_progress(task, officer, progress=70, text="Đã bổ sung")
    task.refresh_from_db()
    assert task.progress == 70 and task.completed_on is None


@pytest.mark.parametrize(("role", "where"), [("officer", "own"), ("coordinator", "partner")])
def test_only_the_leads_coordinator_may_reopen(programme, member, role, where):
    task, _officer = _finished(programme, member)
    with pytest.raises(PermissionDenied):
        actions.reopen_task(task, member(role, where), progress=10, reason="?")
    task.refresh_from_db()
    assert task.completed_on is not None


@pytest.mark.parametrize(
    ("progress", "reason", "field"), [(100, "Lý do", "progress"), (50, "  ", "reason")]
)
def test_reopening_needs_a_reason_and_less_than_100_percent(
    programme, member, progress, reason, field
):
    task, _officer = _finished(programme, member)
    with pytest.raises(ValidationError) as err:
        actions.reopen_task(task, member("coordinator"), progress=progress, reason=reason)
    assert field in err.value.message_dict
    task.refresh_from_db()
    assert task.completed_on is not None and not task.reports.filter(reopened=True).exists()


def test_an_unfinished_task_cannot_be_reopened(programme, member):
    with pytest.raises(ValidationError):
        actions.reopen_task(programme.task["own"], member("coordinator"), progress=1, reason="?")


def test_a_finished_task_is_always_100_percent(db):
    task = TaskFactory(progress=40)
    task.completed_on = task.start_date
    task.save(update_fields=["completed_on"])
    task.refresh_from_db()
    assert task.progress == 100
