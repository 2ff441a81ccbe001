"""Templates compare states through the model: a property (`job.in_progress`, `item.is_draft`)
or the model's choices (`m.status != m.Status.PLANNED`), never a string literal that a renamed
choice would silently stop matching (issue 12)."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CHOICE_FIELDS = r"(?:status|state|visibility|verification|outcome|legal_status|kind|role|decision)"
LITERAL_COMPARISON = re.compile(
    rf"([\w.]+\.{CHOICE_FIELDS})\s*(?:==|!=)\s*['\"]|['\"]\s*(?:==|!=)\s*([\w.]+\.{CHOICE_FIELDS})\b"
)
# Values that only share a name with a choice field, each with its reason.
NOT_CHOICES = {
    # a column's sort direction ("asc"/"desc"), built by the view, not a model's field
    ("hoptac/programmes/templates/programmes/task_list.html", "c.state"),
}


def test_no_template_compares_a_choice_field_with_a_string():
    offenders = [
        f"{where}:{n}: {match.group(0)}"
        for path in ROOT.rglob("*.html")
        if (where := str(path.relative_to(ROOT.parent)))
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
        for match in LITERAL_COMPARISON.finditer(line)
        if (where, match.group(1) or match.group(2)) not in NOT_CHOICES
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
