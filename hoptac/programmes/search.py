"""Agreements, commitments and tasks in the search index."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from hoptac.core.searchable import register

from .models import Agreement, Commitment, Task


def _parties(agreement: Agreement) -> list[int]:
    return list(agreement.parties.values_list("pk", flat=True))


register(
    Agreement,
    kind="agreement",
    label=_("Agreement"),
    title=lambda a: f"{a.reference} — {a.title}",
    title_en=lambda a: f"{a.reference} — {a.title_en}" if a.title_en else "",
    body=lambda a: a.source_text,
    url=lambda a: reverse("programmes:agreement_detail", args=[a.pk]),
    localities=_parties,
    fields=lambda a: list(
        a.commitments.values_list("fields__pk", flat=True).exclude(fields__pk=None).distinct()
    ),
    date=lambda a: a.signed_on,
    public=lambda a: a.is_public,
    readers=_parties,
    queryset=lambda: Agreement.objects.select_related("issuer"),
)

register(
    Commitment,
    kind="commitment",
    label=_("Commitment"),
    title=lambda c: str(c),
    body=lambda c: f"{c.text}\n{c.agreement.reference}",
    body_en=lambda c: c.text_en,
    url=lambda c: (
        reverse("programmes:agreement_detail", args=[c.agreement_id]) + f"#cam-ket-{c.pk}"
    ),
    localities=lambda c: list(c.localities.values_list("pk", flat=True)),
    fields=lambda c: list(c.fields.values_list("pk", flat=True)),
    date=lambda c: c.agreement.signed_on,
    public=lambda c: c.agreement.is_public,
    readers=lambda c: _parties(c.agreement),
    queryset=lambda: Commitment.objects.select_related("agreement"),
)

register(
    Task,
    kind="task",
    label=_("Task"),
    title=lambda t: t.title,
    body=lambda t: f"{t.description}\n{t.lead.name_vi}\n{t.commitment.text}",
    url=lambda t: reverse("programmes:task_detail", args=[t.pk]),
    localities=lambda t: [t.lead.locality_id],
    fields=lambda t: list(t.commitment.fields.values_list("pk", flat=True)),
    date=lambda t: t.due_date,
    public=lambda t: False,  # tasks are internal to the parties
    readers=lambda t: _parties(t.commitment.agreement),
    queryset=lambda: Task.objects.select_related("lead", "commitment__agreement"),
)
