"""What drafting returns: a proposed commitment, a framing sentence, the draft of a text."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from hoptac.core.models import Organisation


@dataclass
class Proposal:
    """A proposed commitment, shown for review; nothing is saved.

    ``fields``: codes of CooperationField, best first (empty: no field fits); ``field_scores``
    and ``field_words``: every field seen, with the words behind it; ``lead``/``partners``: from
    the bodies the text names, else from the counterpart links by field; ``lead_named``: the words
    that name the lead, also when the directory lacks it; ``due``: the last day the text allows;
    ``recurrence``: the rhythm it asks for (monthly, quarterly, half-yearly, yearly…);
    ``confidence`` (0–1: the learned detector's probability that it is a commitment, when its
    model is shipped); ``reasons``: what each of these was read from, for the review form;
    ``rule``: whether the hand-written rules read it as a promise too; ``own_verb``: whether it
    opens with a verb of its own.
    """

    text: str
    paragraph: int
    fields: list[str] = field(default_factory=list)
    field_scores: dict[str, float] = field(default_factory=dict)
    field_words: dict[str, list[str]] = field(default_factory=dict)
    lead: Organisation | None = None
    partners: list[Organisation] = field(default_factory=list)
    lead_named: str = ""
    lead_name: str = ""
    due: dt.date | None = None
    recurrence: str = ""
    confidence: float = 0.0
    source: str = ""  # the sentence of the source it comes from, for highlighting
    reasons: dict[str, str] = field(default_factory=dict)
    rule: bool = True
    own_verb: bool = False
    group: int = -1  # the detector's bookkeeping: the piece a finer cut comes from
    fine: bool = False  # a finer cut of the piece ``group``, weighed against it

    @property
    def no_field_fits(self) -> bool:
        return not self.fields

    def as_dict(self) -> dict:
        return {
            "text": self.text,
            "paragraph": self.paragraph,
            "fields": list(self.fields),
            "field_scores": dict(self.field_scores),
            "field_words": {k: list(v) for k, v in self.field_words.items()},
            "lead": self.lead.pk if self.lead else None,
            "partners": [o.pk for o in self.partners],
            "lead_named": self.lead_named,
            "lead_name": self.lead_name,
            "due": self.due.isoformat() if self.due else None,
            "recurrence": self.recurrence,
            "confidence": self.confidence,
            "source": self.source,
            "reasons": dict(self.reasons),
            "rule": self.rule,
        }


@dataclass
class Framing:
    """A sentence that introduces commitments without being one ("… như sau:")."""

    text: str
    paragraph: int


@dataclass
class Draft:
    """What ``draft`` reads from a text: the proposals and the framing sentences."""

    proposals: list[Proposal] = field(default_factory=list)
    framing: list[Framing] = field(default_factory=list)
