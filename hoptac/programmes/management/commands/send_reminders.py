from django.core.management.base import BaseCommand

from hoptac.programmes.tasks import daily_reminders, send_reminders


class Command(BaseCommand):
    help = "Send today's task reminders and escalations (or --enqueue them for the worker)."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--enqueue", action="store_true", help="hand the job to the task worker"
        )

    def handle(self, *args, **options) -> None:
        if options["enqueue"]:
            result = daily_reminders.enqueue()
            self.stdout.write(f"enqueued {result.id}")
        else:
            self.stdout.write(str(send_reminders()))
