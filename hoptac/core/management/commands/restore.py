from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.core import backup


class Command(BaseCommand):
    help = (
        "Restore a backup (manage.py backup) into an empty database and MEDIA_ROOT, then check "
        "every table's row count and every file's checksum against its manifest."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("src", help="the backup folder")

    def handle(self, *args, **options) -> None:
        try:
            done = backup.restore(Path(options["src"]))
        except backup.BackupProblem as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(
            f"restore verified: {done['tables']} tables, {done['rows']} rows, "
            f"{done['files']} files match the manifest"
        )
