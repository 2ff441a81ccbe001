"""The layering of the apps, as a checked contract (docs/architecture.md).

- ``core`` imports no app.
- An app imports ``core`` and, of the other apps, only their registries (``SHARED``).
- No import cycle inside an app.

Known breaches still to fix are listed with a reason; the test fails on a new breach and on a listed
one that no longer exists, so the list can only shrink.
"""

from __future__ import annotations

import grimp
import pytest

APPS = ("programmes", "exchange", "investment", "geodata", "search", "indicators")
# What another app may import of an app: its registration entry points.
SHARED = {
    "hoptac.search.index",  # reindex after a bulk write that sends no signal
}
# Breaches known on the day the contract was written, each to be removed by the change that fixes
# it (issues 11 and 12).
KNOWN_CROSS_APP: set[tuple[str, str]] = set()
# Pairs of modules on an import cycle: none left (issue 12).
KNOWN_CYCLES: set[frozenset[str]] = set()


@pytest.fixture(scope="module")
def graph() -> grimp.ImportGraph:
    return grimp.build_graph("hoptac", include_external_packages=False)


def _app(module: str) -> str | None:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else None


def _is_test(module: str) -> bool:
    return ".tests" in module or module.startswith("hoptac.conftest")


def _imports(graph: grimp.ImportGraph):
    for module in sorted(graph.modules):
        if _is_test(module):
            continue
        for imported in sorted(graph.find_modules_directly_imported_by(module)):
            yield module, imported


def test_core_imports_no_app(graph):
    breaches = [(m, i) for m, i in _imports(graph) if _app(m) == "core" and _app(i) in APPS]
    assert breaches == []


def test_apps_import_only_core_and_the_registries_of_other_apps(graph):
    breaches = {
        (m, i)
        for m, i in _imports(graph)
        if _app(m) in APPS and _app(i) in APPS and _app(i) != _app(m) and i not in SHARED
    }
    assert breaches - KNOWN_CROSS_APP == set(), "a new import across apps"
    assert KNOWN_CROSS_APP - breaches == set(), "fixed: remove it from KNOWN_CROSS_APP"


def test_no_import_cycle_inside_an_app(graph):
    cycles = set()
    for module, imported in _imports(graph):
        if _app(module) != _app(imported) or _app(module) not in (*APPS, "core"):
            continue
        if _is_test(imported) or module == imported:
            continue
        # A package imports its own submodules by design (``from . import x`` in __init__).
        if module.startswith(imported + "."):
            continue
        if graph.chain_exists(importer=imported, imported=module):
            cycles.add(frozenset((module, imported)))
    assert cycles - KNOWN_CYCLES == set(), "a new import cycle"
    assert KNOWN_CYCLES - cycles == set(), "fixed: remove it from KNOWN_CYCLES"


def test_settings_defaults_live_only_in_settings_py():
    """A setting's default is written once, in settings.py (from the environment); code reads
    `settings.NAME`, never `getattr(settings, NAME, default)` with a second default."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]
    offenders = [
        f"{path.relative_to(root.parent)}:{n}"
        for path in root.rglob("*.py")
        if "tests" not in path.parts and path.name != "settings.py"
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        if "getattr(settings," in line.replace(" ", "")
    ]
    assert offenders == []
