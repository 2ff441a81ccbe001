from django.core.management.base import BaseCommand

from hoptac.programmes.counts import nightly_rebuild, rebuild


class Command(BaseCommand):
    help = (
        "Recount the dashboard's task counts from the tasks (after bulk writes that skip save(); "
        "the scheduler runs it nightly). --enqueue hands it to the task worker."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the job to the task worker"
        )

    def handle(self, *args, **options) -> None:
        if options["enqueue"]:
            result = nightly_rebuild.enqueue()
            self.stdout.write(f"enqueued {result.id}")
        else:
            self.stdout.write(f"{rebuild()} groups counted")
