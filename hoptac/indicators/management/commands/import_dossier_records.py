"""A city's dossier-records file imported from the server's shell: the import page's path
(``records_import``) for files beyond an upload's size, e.g. a year of a big city's one-stop
shop (at most INDICATORS_MAX_RECORDS records)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from hoptac.core import dates
from hoptac.core.models import Locality
from hoptac.indicators import records_import


class Command(BaseCommand):
    help = (
        "Import a city's dossier records (CSV in UTF-8: the bulk path; a workbook or a CSV "
        "in cp1258 row by row) and recompute the 766 index of the months it covers. "
        "Personal-data columns are refused (Decree 13/2023/NĐ-CP); a file with any error saves "
        "nothing."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("city", help="the city's code (Locality.code, e.g. 48 for Da Nang)")
        parser.add_argument("path")
        parser.add_argument(
            "--private",
            action="store_true",
            help="only the city and its partners read these figures",
        )
        parser.add_argument(
            "--replace-months",
            action="store_true",
            help="the file is every dossier of its months: replace every figure held for them, "
            "also those of agencies and procedures the file does not hold (without it, such a "
            "file is refused)",
        )

    def handle(
        self, *args, city: str, path: str, private: bool, replace_months: bool, **options
    ) -> None:
        locality = Locality.objects.filter(code=city, kind__in=["city", "province"]).first()
        if locality is None:
            raise CommandError(f"no city or province with the code {city!r}")
        file = Path(path)
        if not file.is_file():
            raise CommandError(f"no file at {path}")
        result, errors = records_import.import_records_file(
            locality,
            file,
            file.name,
            dates.today(),
            by=None,
            is_public=not private,
            replace_months=replace_months,
        )
        if errors:
            raise CommandError("\n".join(errors))
        self.stdout.write(result.said(locality.name))
