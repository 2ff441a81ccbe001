from django.core.management.base import BaseCommand

from hoptac.core import demo


class Command(BaseCommand):
    help = "Load the Hanoi–Da Nang demo (Notice 2138-TB/TU). Loading twice changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--accounts", action="store_true", help="print the demo accounts")
        parser.add_argument(
            "--migrate", action="store_true", help="apply migrations first (one start-up for both)"
        )
        parser.add_argument(
            "--only", nargs="+", metavar="PART", help="load only these parts (core, programmes, …)"
        )

    def handle(self, *args, **options) -> None:
        if options["migrate"]:
            from django.core.management import call_command

            call_command("migrate", interactive=False, verbosity=0)
        demo.load(log=lambda line: self.stdout.write(line), only=options["only"])
        if options["accounts"]:
            self.stdout.write("")
            self.stdout.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
            self.stdout.write(f"  {'admin':<18} superuser (Django admin at /quan-tri/)")
            for username, role, org in demo.demo_accounts():
                self.stdout.write(f"  {username:<18} {role:<12} {org}")
