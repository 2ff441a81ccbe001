"""manage.py backup writes a manifest that a restore is checked against."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from hoptac.core import backup
from hoptac.core.models import Locality

pytestmark = pytest.mark.django_db(transaction=True)  # pg_dump reads committed rows only


@pytest.fixture
def media(settings, tmp_path):
    root = tmp_path / "media"
    (root / "evidence").mkdir(parents=True)
    (root / "evidence" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bien ban")
    settings.MEDIA_ROOT = str(root)
    return root


def test_the_manifest_counts_every_table_and_hashes_every_file(media, tmp_path, world):
    call_command("backup", str(tmp_path / "b"))
    manifest = json.loads((tmp_path / "b" / "manifest.json").read_text())
    assert manifest["tables"]["core_locality"] == Locality.objects.count() > 0
    assert manifest["files"]["evidence/bien-ban.pdf"]["size"] == 17
    assert (tmp_path / "b" / "database.dump").stat().st_size == manifest["dump"]["size"]
    assert backup.verify(manifest)["files"] == 1


def test_a_changed_file_or_row_fails_the_check(media, tmp_path, world):
    manifest = backup.backup(tmp_path / "b")
    (media / "evidence" / "bien-ban.pdf").write_bytes(b"changed")
    with pytest.raises(backup.BackupProblem, match="files differ"):
        backup.verify(manifest)
    (media / "evidence" / "bien-ban.pdf").write_bytes(b"%PDF-1.4 bien ban")
    Locality.objects.create(code="999", name_vi="Thêm sau sao lưu")
    with pytest.raises(backup.BackupProblem, match="core_locality"):
        backup.verify(manifest)


def test_a_damaged_dump_is_refused(media, tmp_path, world):
    backup.backup(tmp_path / "b")
    with (tmp_path / "b" / "database.dump").open("ab") as f:
        f.write(b"x")
    with pytest.raises(CommandError, match="does not match the manifest"):
        call_command("restore", str(tmp_path / "b"))


def test_restore_refuses_a_database_that_is_not_empty(media, tmp_path, world):
    backup.backup(tmp_path / "b")
    with pytest.raises(CommandError, match="not empty"):
        call_command("restore", str(tmp_path / "b"))
    assert Path(media / "evidence" / "bien-ban.pdf").exists()
