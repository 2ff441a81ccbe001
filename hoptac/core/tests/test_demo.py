"""Loading the demo: a second load changes nothing, and a second start on the same code skips
it. The whole demo is loaded once for the module (hoptac/core/tests/demo_module.py); each test
still runs in its own savepoint."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.core.management import call_command

from hoptac.core.models import Organisation
from hoptac.core.tests.demo_module import module_demo, use_module_demo

pytestmark = pytest.mark.django_db

demo_module = module_demo()


@pytest.fixture
def whole_demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)


def _counts() -> dict[str, int]:
    counts = {}
    for model in apps.get_models():
        if model._meta.app_label in {"core", "programmes", "exchange", "investment", "geodata"}:
            counts[model._meta.label] = model._default_manager.count()
    return counts


def test_loading_the_demo_twice_changes_nothing_not_even_the_audit_trail(whole_demo):
    first = _counts()
    call_command("load_demo", force=True)
    assert _counts() == first
    assert first["core.HistoricalOrganisation"] == first["core.Organisation"] + sum(
        1 for o in Organisation.objects.all() if o.parent_id or o.successor_id
    )


def test_a_second_start_on_the_same_code_skips_the_load_and_a_change_loads_again(
    whole_demo, monkeypatch, django_assert_max_num_queries
):
    from io import StringIO

    from hoptac.core import demo, demo_state

    loads = []
    monkeypatch.setattr(demo, "load", lambda **kw: loads.append(kw))
    out = StringIO()
    with django_assert_max_num_queries(3):
        call_command("load_demo", stdout=out)
    assert "already loaded" in out.getvalue() and loads == []

    monkeypatch.setattr(demo_state, "fingerprint", lambda: "0" * 64)  # the code changed
    call_command("load_demo", stdout=StringIO())
    assert len(loads) == 1
    call_command("load_demo", only=["core"], stdout=StringIO())  # another set of parts
    assert len(loads) == 2


def test_the_fingerprint_follows_the_code_and_data_but_not_the_tests(tmp_path, monkeypatch):
    from hoptac.core import demo_state

    (tmp_path / "core" / "data").mkdir(parents=True)
    (tmp_path / "core" / "tests").mkdir()
    (tmp_path / "core" / "data" / "seed.json").write_text("{}")
    (tmp_path / "core" / "tests" / "test_x.py").write_text("")
    monkeypatch.setattr(demo_state, "PACKAGE", tmp_path)
    first = demo_state.fingerprint()
    (tmp_path / "core" / "tests" / "test_x.py").write_text("assert True")
    assert demo_state.fingerprint() == first
    (tmp_path / "core" / "data" / "seed.json").write_text('{"changed": 1}')
    assert demo_state.fingerprint() != first


def test_the_fingerprint_follows_the_translations_sources_not_their_compiled_files(
    tmp_path, monkeypatch
):
    # The search index holds translated titles (the 766 page's among them): a change of wording
    # in a catalogue, an app's or the project's, loads the demo again after `migrate`.
    from hoptac.core import demo_state

    package, project = tmp_path / "hoptac", tmp_path / "locale" / "vi" / "LC_MESSAGES"
    (package / "core" / "locale" / "vi" / "LC_MESSAGES").mkdir(parents=True)
    project.mkdir(parents=True)
    app = package / "core" / "locale" / "vi" / "LC_MESSAGES"
    for folder in (app, project):
        (folder / "django.po").write_text('msgid "a"\nmsgstr "một"\n')
        (folder / "django.mo").write_bytes(b"0")
    monkeypatch.setattr(demo_state, "PACKAGE", package)
    first = demo_state.fingerprint()
    for compiled in (app / "django.mo", project / "django.mo"):
        compiled.write_bytes(b"1")
        assert demo_state.fingerprint() == first
    (app / "django.po").write_text('msgid "a"\nmsgstr "môt"\n')
    second = demo_state.fingerprint()
    assert second != first
    (project / "django.po").write_text('msgid "a"\nmsgstr "mot"\n')
    assert demo_state.fingerprint() != second
