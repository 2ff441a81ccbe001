from django.core.management.base import BaseCommand, CommandError

from hoptac.investment import importers


class Command(BaseCommand):
    help = (
        "Import the Decision 38/2020/QĐ-TTg items and the cities' priority sectors from CSV "
        "(defaults: hoptac/investment/data/priority_items.csv and priority_sectors.csv)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--items", default=str(importers.DATA / "priority_items.csv"))
        parser.add_argument("--sectors", default=str(importers.DATA / "priority_sectors.csv"))

    def handle(self, *args, items: str, sectors: str, **options) -> None:
        try:
            n = importers.import_priority_items(items)
            m = importers.import_priority_sectors(sectors)
        except importers.ImportProblem as problem:
            raise CommandError("\n".join(problem.problems)) from None
        except OSError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"priority items: {n} written; priority sectors: {m} written")
