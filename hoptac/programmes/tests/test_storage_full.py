"""The media volume full: an upload is refused with a clear page and nothing is half-saved."""

from __future__ import annotations

import errno

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.programmes.models import Evidence, ProgressReport
from hoptac.storage import MediaStorage, StorageFull

from .test_actions import PDF

pytestmark = pytest.mark.django_db


@pytest.fixture
def disk_full(monkeypatch, settings, tmp_path):
    """Every file write runs out of room after its first bytes are on disk."""
    settings.MEDIA_ROOT = str(tmp_path)
    real_open = open

    class Full:
        def __init__(self, f):
            self.f = f

        def write(self, data):
            self.f.write(data[:10])
            self.f.flush()
            raise OSError(errno.ENOSPC, "No space left on device")

        def __getattr__(self, name):
            return getattr(self.f, name)

    def opener(fd, mode="r", *a, **kw):
        f = real_open(fd, mode, *a, **kw)
        return Full(f) if isinstance(fd, int) and "b" in mode and "w" in mode else f

    monkeypatch.setattr("django.core.files.storage.filesystem.os.fdopen", opener, raising=False)
    return tmp_path


def test_a_full_disk_leaves_no_partial_file(disk_full):
    storage = MediaStorage(location=disk_full)
    with pytest.raises(StorageFull):
        storage.save("a/b.pdf", SimpleUploadedFile("b.pdf", PDF))
    assert not any(p.is_file() for p in disk_full.rglob("*"))


def test_a_report_with_evidence_on_a_full_disk_is_refused_clearly(
    client, programme, member, disk_full
):
    client.force_login(member("officer"))
    task = programme.task["own"]
    response = client.post(
        reverse("programmes:task_report", args=[task.pk]),
        {"progress": 40, "text": "Có biên bản", "files": [SimpleUploadedFile("bb.pdf", PDF)]},
    )
    assert response.status_code == 507
    assert "Máy chủ đã hết chỗ lưu tệp" in response.content.decode()
    assert not ProgressReport.objects.exists() and not Evidence.objects.exists()
    assert not any(p.is_file() for p in disk_full.rglob("*"))
