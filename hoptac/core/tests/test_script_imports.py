"""The fault suite, the stack and the benchmarks run code of the project's that no unit test
imports: often as text handed to `manage.py shell -c`. A module split once left the fault
suite importing a name from where it used to live, and only CI's last phase noticed. Every
`from hoptac… import …` written anywhere in those files, inside strings too, must resolve."""

import importlib
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[3]
FILES = sorted(p for d in ("scripts", "bench") for p in (ROOT / d).rglob("*.py") if p.is_file())
# `from hoptac.x import (a,\n b)` over several lines, or `from hoptac.x import a, b` up to the end
# of the line, a `;` or the end of a string holding code.
IMPORT = re.compile(r"from (hoptac[\w.]*) import (?:\(([\w,\s]+)\)|([\w, ]+?)(?:;|\\n|\"|$))", re.M)


def project_imports() -> list[tuple[str, str, str]]:
    found = []
    for path in FILES:
        text = path.read_text(encoding="utf-8")
        for m in IMPORT.finditer(text):
            names = [n.strip(" ()\n") for n in (m.group(2) or m.group(3)).split(",")]
            for name in filter(None, names):
                name = name.split(" as ")[0].strip()
                found.append((str(path.relative_to(ROOT)), m.group(1), name))
    return found


def test_the_scan_finds_the_fault_suites_imports() -> None:
    modules = {(f, m) for f, m, _ in project_imports()}
    assert ("scripts/faultlib/processes.py", "hoptac.geodata.imports.start") in modules


@pytest.mark.parametrize("where,module,name", project_imports())
def test_every_project_import_in_scripts_and_benchmarks_resolves(
    where: str, module: str, name: str
) -> None:
    mod = importlib.import_module(module)
    if not hasattr(mod, name):  # a submodule of a package resolves too
        try:
            importlib.import_module(f"{module}.{name}")
        except ImportError:
            pytest.fail(f"{where}: `from {module} import {name}` no longer resolves")
