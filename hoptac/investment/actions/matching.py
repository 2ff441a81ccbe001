"""Matchmaking feedback: what someone thought of a proposed pair."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from hoptac.core.models import User

from ..models import (
    MatchFeedback,
)


def record_feedback(
    source_kind: str,
    source_id: int,
    target_kind: str,
    target_id: int,
    decision: str,
    by: User,
    reason: str = "",
) -> MatchFeedback:
    """Remember what someone thought of a pair; a declined pair never comes back."""
    if decision not in MatchFeedback.Decision.values:
        raise ValidationError(_("Unknown decision."))
    feedback, _created = MatchFeedback.objects.update_or_create(
        source_kind=source_kind,
        source_id=source_id,
        target_kind=target_kind,
        target_id=target_id,
        defaults={"decision": decision, "by": by, "reason": reason[:300], "at": timezone.now()},
    )
    return feedback
