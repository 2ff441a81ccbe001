import datetime as dt
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from hoptac.core import backup


class Command(BaseCommand):
    help = (
        "Back up the database and the uploaded files into a new folder, with a manifest of row "
        "counts and checksums (default: var/backups/<UTC time>)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("dest", nargs="?", help="the folder to create (must be empty)")

    def handle(self, *args, **options) -> None:
        stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
        dest = Path(options["dest"] or Path(settings.VAR_DIR) / "backups" / stamp)
        try:
            manifest = backup.backup(dest)
        except backup.BackupProblem as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"backup {dest}: {len(manifest['tables'])} tables, {manifest['rows']} rows, "
            f"{len(manifest['files'])} files, dump {manifest['dump']['size']} bytes"
        )
