"""Evidence files and agreement sources: stored under random names, downloaded only by those who
may see their task or agreement, and removed again when the report that stored them fails."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.programmes import actions
from hoptac.programmes.actions import progress as progress_actions
from hoptac.programmes.models import Evidence, ProgressReport

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _stored(settings) -> list[Path]:
    return [p for p in Path(settings.MEDIA_ROOT).rglob("*") if p.is_file()]


@pytest.fixture
def evidence(programme, member) -> Evidence:
    actions.report_progress(
        programme.task["own"],
        member("officer"),
        progress=40,
        text="Đã làm",
        files=[SimpleUploadedFile("Biên bản họp <mật>.pdf", PDF)],
    )
    return Evidence.objects.get()


def test_evidence_is_stored_under_a_random_name_and_keeps_its_clean_name(evidence):
    assert evidence.name == "Biên bản họp.pdf"
    assert "Bi" not in evidence.file.name and evidence.file.name.endswith(".pdf")
    assert evidence.file.name.startswith("evidence/")


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("unrelated", 404)])
def test_evidence_is_not_served_to_anonymous_or_another_city(client, evidence, member, who, status):
    if who:
        client.force_login(member("officer", who))
    response = client.get(reverse("programmes:evidence_file", args=[evidence.pk]))
    assert response.status_code == status
    assert PDF not in b"".join(getattr(response, "streaming_content", [response.content]))


@pytest.mark.parametrize("where", ["own", "partner"])
def test_the_parties_download_the_evidence(client, evidence, member, settings, where):
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    client.force_login(member("officer", where))
    response = client.get(reverse("programmes:evidence_file", args=[evidence.pk]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "Bi%C3%AAn%20b%E1%BA%A3n" in response["Content-Disposition"]


def test_behind_nginx_the_evidence_is_an_internal_redirect(client, evidence, member, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    client.force_login(member("officer"))
    response = client.get(reverse("programmes:evidence_file", args=[evidence.pk]))
    assert response["X-Accel-Redirect"] == f"/protected-media/{evidence.file.name}"
    assert response.content == b""


def test_the_task_page_links_the_evidence_to_its_download(client, evidence, member):
    client.force_login(member("officer"))
    page = client.get(reverse("programmes:task_detail", args=[evidence.report.task_id]))
    assert reverse("programmes:evidence_file", args=[evidence.pk]) in page.content.decode()


def test_a_report_that_fails_after_storing_its_evidence_leaves_no_file(
    programme, member, settings, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(progress_actions, "update_change_reason", broken)
    with pytest.raises(RuntimeError):
        actions.report_progress(
            programme.task["own"],
            member("officer"),
            progress=40,
            text="x",
            files=[SimpleUploadedFile("a.pdf", PDF), SimpleUploadedFile("b.pdf", PDF)],
        )
    assert not ProgressReport.objects.exists()
    assert _stored(settings) == []


def test_a_refused_report_stores_no_file(programme, member, settings):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        actions.report_progress(
            programme.task["own"],
            member("officer"),
            progress=40,
            text="x",
            reported_on=programme.task["own"].start_date.replace(year=2000),
            files=[SimpleUploadedFile("a.pdf", PDF)],
        )
    assert _stored(settings) == []


@pytest.fixture
def sourced(programme):
    from django.core.files.base import ContentFile

    agreement = programme.agreement
    agreement.source_file.save("Thông báo 2138.pdf", ContentFile(PDF))
    return agreement


@pytest.mark.parametrize(("who", "status"), [(None, 404), ("unrelated", 404), ("own", 200)])
def test_the_agreement_source_is_served_to_whoever_may_see_the_agreement(
    client, sourced, member, who, status
):
    assert "Th" not in sourced.source_file.name
    if who:
        client.force_login(member("officer", who))
    response = client.get(reverse("programmes:agreement_source", args=[sourced.pk]))
    assert response.status_code == status
    if status == 200:
        assert b"".join(response.streaming_content) == PDF
        detail = client.get(reverse("programmes:agreement_detail", args=[sourced.pk]))
        assert reverse("programmes:agreement_source", args=[sourced.pk]) in detail.content.decode()
