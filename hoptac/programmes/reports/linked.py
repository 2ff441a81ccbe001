"""What other apps write under a commitment in the review report: for each object a commitment
links to (``CommitmentLink``) that the reader may see, the sentences its app registered with
``hoptac.core.linkable.register_report_lines`` (an indicator target's trend, for instance). The
report imports no other app."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.contrib.contenttypes.models import ContentType

from hoptac.core import linkable
from hoptac.core.models import User

from ..models import CommitmentLink


def notes_by_commitment(
    commitments: list, user: User, start: dt.date, end: dt.date
) -> dict[int, list[str]]:
    """Sentences per commitment id: one query for the links, one per kind of linked object
    (each kind's own visibility rule); none at all when no app writes such sentences."""
    if not linkable.writes_report_lines():
        return {}
    links = list(
        CommitmentLink.objects.filter(commitment__in=commitments).order_by("commitment_id", "pk")
    )
    by_ct: dict[int, set[int]] = defaultdict(set)
    for link in links:
        by_ct[link.content_type_id].add(link.object_id)
    objects = {}
    for ct_id, pks in by_ct.items():
        ct = ContentType.objects.get_for_id(ct_id)
        kind = linkable.kind(f"{ct.app_label}.{ct.model}")
        if kind is None:
            continue
        for obj in kind.visible_to(user).filter(pk__in=pks):
            objects[(ct_id, obj.pk)] = obj
    notes: dict[int, list[str]] = defaultdict(list)
    for link in links:
        obj = objects.get((link.content_type_id, link.object_id))
        if obj is not None:
            notes[link.commitment_id] += linkable.report_lines(user, obj, start, end)
    return dict(notes)
