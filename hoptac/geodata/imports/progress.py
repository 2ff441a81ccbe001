"""The progress of an import, saved as it goes so that the polling page shows it."""

from __future__ import annotations

import logging

from django.db import DatabaseError

from ..backends import store
from ..models import ImportJob

logger = logging.getLogger(__name__)


def save(job: ImportJob, **fields) -> None:
    for k, v in fields.items():
        setattr(job, k, v)
    job.save(update_fields=list(fields))


class ProgressWriter:
    """Saves a job's progress and stage at once, even while the import's transaction is open.

    On PostgreSQL, through a connection of its own in autocommit (the polling page reads the
    job from another connection, which cannot see what the import's transaction writes until it
    commits). On SQLite a second writer would wait for the first, and when the job row is not
    committed yet (the caller is itself inside a transaction) another connection cannot update
    it: then the job is saved through the usual connection, as before. Progress is only shown,
    so a failure to save it (the row locked for more than a second) is logged and passed over.
    """

    def __init__(self, job: ImportJob):
        self.job = job
        self.own = store().progress_connection()

    def __call__(self, percent: int, stage: str | None = None) -> None:
        stage = self.job.stage if stage is None else stage
        if percent == self.job.progress and stage == self.job.stage:
            return
        if self.own is None:
            save(self.job, progress=percent, stage=stage)
            return
        self.job.progress, self.job.stage = percent, stage
        try:
            with self.own.cursor() as cur:
                cur.execute("SET lock_timeout = '1s'")
                cur.execute(
                    f"UPDATE {ImportJob._meta.db_table} SET progress = %s, stage = %s "  # noqa: S608
                    "WHERE id = %s",
                    [percent, stage, self.job.pk],
                )
        except DatabaseError:
            logger.warning("geodata import %s: progress %s not saved", self.job.pk, percent)

    def close(self) -> None:
        if self.own is not None:
            self.own.close()
