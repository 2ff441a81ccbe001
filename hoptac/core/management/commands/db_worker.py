"""`manage.py db_worker`: django-tasks' database worker, holding a lease while it runs.

The lease lets a later worker (or the scheduler) tell that this one died and recover the task it
was running (hoptac.core.worker). Everything else is django-tasks' own worker.
"""

from __future__ import annotations

from django_tasks_db.management.commands import db_worker

from hoptac.core import worker


class Command(db_worker.Command):
    def add_arguments(self, parser) -> None:
        super().add_arguments(parser)
        parser.set_defaults(worker_id=None)  # host:pid:random, see worker.new_worker_id

    def handle(self, *args, **options) -> None:
        options["worker_id"] = options.get("worker_id") or worker.new_worker_id()
        lease = worker.Lease(options["worker_id"])
        lease.start()
        try:
            super().handle(*args, **options)
        finally:
            lease.stop()
