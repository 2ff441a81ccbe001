"""Templates compare states through the model: a property (`job.in_progress`, `item.is_draft`)
or the model's choices (`m.status != m.Status.PLANNED`), never a string literal that a renamed
choice would silently stop matching (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHOICE_FIELDS = r"(?:status|state|visibility|verification|outcome|legal_status|kind|role|decision)"
LITERAL_COMPARISON = re.compile(
    rf"\.{CHOICE_FIELDS}\s*(?:==|!=)\s*['\"]|['\"]\s*(?:==|!=)\s*[\w.]+\.{CHOICE_FIELDS}\b"
)


def test_no_template_compares_a_choice_field_with_a_string():
    offenders = [
        f"{path.relative_to(ROOT)}:{n}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in LITERAL_COMPARISON.finditer(line)
    ]
    assert offenders == []


def test_the_guard_sees_both_quotes_and_both_orders():
    for line in [
        '{% if job.status == "done" %}',
        "{% if 'open' != r.status %}",
        "{% if a.kind=='x' %}",
    ]:
        assert LITERAL_COMPARISON.search(line), line
    assert not LITERAL_COMPARISON.search("{% if job.status == job.Status.DONE %}")
