"""Load the guide of the demo (idempotent: steps are matched by city and step number)."""

from __future__ import annotations

from collections.abc import Callable

from hoptac.core.demo import sync
from hoptac.core.models import Locality

from ..models import GuideStep
from .data import STEPS, source_url


def load(log: Callable[[str], None]) -> None:
    localities = {loc.code: loc for loc in Locality.objects.filter(code__in=list(STEPS))}
    for code, steps in STEPS.items():
        locality = localities.get(code)
        if locality is None:
            log(f"investment guide: skipped {code} (locality missing)")
            continue
        for number, step in enumerate(steps, start=1):
            fields = {k: v for k, v in step.items() if k != "sources"}
            sync(
                GuideStep,
                {"locality": locality, "order": number},
                **fields,
                source_url=source_url(step),
                published=True,
            )
