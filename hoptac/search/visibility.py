"""Who is asking a search: read by the backends' SQL and by the posting lists alike."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Visibility:
    """Who is asking: superusers see everything, others public documents and their readers'."""

    everything: bool = False
    localities: frozenset[int] = frozenset()
