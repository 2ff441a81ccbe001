"""The warm-up settles a serving process's heap once its work is done (issue 19)."""

from __future__ import annotations

import gc

from hoptac.core import warmup


def test_the_warm_up_freezes_the_heap_after_its_work_and_collects_the_young_less_often(
    monkeypatch,
) -> None:
    frozen_during_work: list[int] = []
    monkeypatch.setattr(
        warmup, "_work", {"a": lambda: frozen_during_work.append(gc.get_freeze_count())}
    )
    threshold = gc.get_threshold()
    gc.unfreeze()
    try:
        assert warmup.run() == ["a"]
        assert frozen_during_work == [0]  # the work's own objects are frozen with the rest
        assert gc.get_freeze_count() > 0
        assert gc.get_threshold() == (warmup.YOUNG_THRESHOLD, *threshold[1:])
    finally:
        gc.unfreeze()
        gc.set_threshold(*threshold)
