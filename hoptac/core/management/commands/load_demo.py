from django.core.management.base import BaseCommand

from hoptac.core import demo, demo_state


class Command(BaseCommand):
    help = "Load the Hanoi–Da Nang demo (Notice 2138-TB/TU). Loading twice changes nothing."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--accounts", action="store_true", help="print the demo accounts")
        parser.add_argument(
            "--migrate", action="store_true", help="apply migrations first (one start-up for both)"
        )
        parser.add_argument(
            "--force",
            action="store_true",
            help="load even if this database already holds the demo of this code and data",
        )
        parser.add_argument(
            "--only", nargs="+", metavar="PART", help="load only these parts (core, programmes, …)"
        )

    def handle(self, *args, **options) -> None:
        only = options["only"]
        current, loaded = None, None
        if options["migrate"]:
            # A second start on an unchanged checkout: no migration left and the demo of this
            # code loaded. `migrate` would change nothing then, and it costs a second (its checks,
            # the migration graph, the models rendered for post_migrate, whose handlers redo what
            # this code did the last time): it runs only when either is not so.
            nothing_to_migrate = not demo_state.unapplied_migrations()
            current = demo_state.fingerprint() if nothing_to_migrate else None
            loaded = nothing_to_migrate and demo_state.is_loaded(only, current)
            if not loaded:
                from django.core.management import call_command

                call_command("migrate", interactive=False, verbosity=0)
                if not nothing_to_migrate:
                    current = None  # the migrations applied are part of the fingerprint
        if current is None:
            current = demo_state.fingerprint()
            loaded = demo_state.is_loaded(only, current)
        if not options["force"] and loaded:
            self.stdout.write("demo: already loaded from this code and data (--force loads again)")
        else:
            demo.load(log=lambda line: self.stdout.write(line), only=only)
            demo_state.mark_loaded(only, current)
        if options["accounts"]:
            self.stdout.write("")
            self.stdout.write(f"Demo accounts (password: {demo.DEMO_PASSWORD}):")
            self.stdout.write(f"  {'admin':<18} superuser (Django admin at /quan-tri/)")
            for username, role, org in demo.demo_accounts():
                self.stdout.write(f"  {username:<18} {role:<12} {org}")
