from django.core.management.base import BaseCommand

from hoptac.investment import tasks


class Command(BaseCommand):
    help = (
        "Enqueue the enquiry answer-time warnings and the meeting-request expiry now "
        "(run_schedule does it every hour)."
    )

    def handle(self, *args, **options) -> None:
        tasks.warn_overdue_enquiries.enqueue()
        tasks.expire_meeting_requests.enqueue()
        self.stdout.write("investment: housekeeping tasks enqueued")
