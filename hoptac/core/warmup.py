"""Work an app wants done in a serving process before its first request asks for it.

An app registers a function from its ``AppConfig.ready()`` (search: its compiled loops, decision
0022); a process that serves runs them all in the background as it starts: each gunicorn worker
(``deploy/gunicorn.conf.py``) and ``make demo``'s server (``manage.py demo``). Core knows no
app's work: it only keeps the list.
"""

from __future__ import annotations

import logging
from collections.abc import Callable

logger = logging.getLogger(__name__)

_work: dict[str, Callable[[], object]] = {}


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
    return done
