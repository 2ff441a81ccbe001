import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, connection

from hoptac.core import schedule, worker


class Command(BaseCommand):
    help = "Enqueue the periodic jobs when they are due (runs until stopped; --once for cron)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--once", action="store_true", help="check once and exit")
        parser.add_argument("--interval", type=float, default=30.0, help="seconds between checks")
        parser.add_argument("--list", action="store_true", help="list the registered jobs")

    def handle(self, *args, **options) -> None:
        if options["list"]:
            for job in schedule.jobs():
                when = f"at {job.at:%H:%M}" if job.at else ""
                self.stdout.write(f"{job.name}: every {job.every} {when}".rstrip())
            return
        while True:
            try:
                for name in schedule.run_due():
                    self.stdout.write(f"enqueued {name}")
                for task_id in worker.recover_lost():  # tasks of a worker that died
                    self.stdout.write(f"recovered task {task_id}")
            except DatabaseError as exc:
                # The database restarting: the claim is in the database, so trying again at
                # the next check neither loses nor doubles a run.
                if options["once"]:
                    raise
                self.stderr.write(f"database unavailable ({exc}); trying again")
                connection.close()
            if options["once"]:
                return
            time.sleep(options["interval"])
