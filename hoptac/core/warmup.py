"""Work an app wants done in a serving process before its first request asks for it.

An app registers a function from its ``AppConfig.ready()`` (search: its compiled loops, decision
0022); a process that serves runs them all in the background as it starts: each gunicorn worker
(``deploy/gunicorn.conf.py``) and ``make demo``'s server (``manage.py demo``). Core knows no
app's work: it only keeps the list, and settles the process's heap once the work is done.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_work: dict[str, Callable[[], object]] = {}

# After the warm-up a serving process holds its code, its compiled loops and its caches: about a
# million objects that live as long as the process. Frozen (moved out of the collector's view)
# they are no longer walked by every full collection, which otherwise lands in one request in a
# few hundred and takes 90-115 ms there (bench/search/README.md, "one full GC per run"); and the
# youngest generation is collected every 20,000 allocations rather than 700, which a search's
# arrays of candidates reach many times per request (issue 19).
YOUNG_THRESHOLD = 20_000


def register(name: str, work: Callable[[], object]) -> None:
    """Register `work` under `name` (registering a name again replaces its work)."""
    _work[name] = work


def run() -> list[str]:
    """Run every registered work in turn; a failure is logged and the rest still run (a cold
    start is slower, never broken). Returns the names that ran without error."""
    done = []
    for name, work in list(_work.items()):
        try:
            work()
        except Exception:
            logger.exception("warm-up %s failed", name)
        else:
            done.append(name)
    settle()
    return done


def settle() -> None:
    """Freeze what the process holds now and collect the young generation less often (see
    YOUNG_THRESHOLD); called at the end of the warm-up, once per serving process."""
    gc.collect()
    gc.freeze()
    gc.set_threshold(YOUNG_THRESHOLD, *gc.get_threshold()[1:])
