"""What the drafting scripts share: Django on this checkout, and the labelled parts they may
read (never the held-out one)."""

from __future__ import annotations

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def django_on() -> None:
    """Django set up on this checkout's settings (``DEBUG`` unless the caller set it)."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    os.environ.setdefault("DEBUG", "1")
    import django

    django.setup()


def parts_to_read(asked: list[str], refused: str = "not scored here") -> list[str] | None:
    """The parts asked for (every seen part when none is), or None, said on the output, when
    one of them is held out (``evaluate_drafting.HELD_OUT_PARTS``)."""
    from hoptac.programmes.management.commands.evaluate_drafting import (
        HELD_OUT_PARTS,
        TRAINING_PARTS,
    )

    parts = list(asked) or list(TRAINING_PARTS)
    if set(parts) & set(HELD_OUT_PARTS):
        print(f"{HELD_OUT_PARTS} is held out: {refused}.")
        return None
    return parts
