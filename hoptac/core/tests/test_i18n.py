"""Every UI string is translated: the Vietnamese catalogue is complete and up to date."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import polib
from django.conf import settings

PO = Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"


def _ids(po: polib.POFile) -> set[str]:
    return {e.msgid for e in po if not e.obsolete}


def test_every_vietnamese_entry_is_translated_and_not_fuzzy():
    po = polib.pofile(str(PO))
    missing = [e.msgid for e in po if not e.obsolete and not (e.msgstr or e.msgstr_plural.get(0))]
    fuzzy = [e.msgid for e in po if "fuzzy" in e.flags]
    assert missing == []
    assert fuzzy == []


def test_catalogue_holds_every_string_of_the_code_and_templates(tmp_path):
    tree = tmp_path / "tree"
    shutil.copytree(
        settings.BASE_DIR / "hoptac",
        tree / "hoptac",
        ignore=shutil.ignore_patterns("__pycache__", "vendor"),
    )
    shutil.copytree(settings.BASE_DIR / "locale", tree / "locale")
    shutil.copy(settings.BASE_DIR / "manage.py", tree / "manage.py")
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "vi", "--no-location", "--no-obsolete"],
        cwd=tree,
        check=True,
        capture_output=True,
        env={
            "DEBUG": "1",
            "PATH": "/usr/bin:/bin",
            "DJANGO_SETTINGS_MODULE": "hoptac.settings",
            "HOPTAC_VAR_DIR": str(tmp_path / "var"),
        },
    )
    fresh = _ids(polib.pofile(str(tree / "locale" / "vi" / "LC_MESSAGES" / "django.po")))
    committed = _ids(polib.pofile(str(PO)))
    assert fresh - committed == set(), "run `make messages` and translate the new strings"
