from django.core.management.base import BaseCommand, CommandError

from hoptac.investment import importers, vsic_structure
from hoptac.investment.models import VsicCode


class Command(BaseCommand):
    help = (
        "Import VSIC codes from a CSV (version,code,name_vi,name_en), e.g. the full lists of "
        "Decision 27/2018/QĐ-TTg and Decision 36/2025/QĐ-TTg. Without a path: the lists "
        "shipped in hoptac/investment/data/vsic.csv (VSIC 2025 complete; VSIC 2018 as the 2018 "
        "side of the official correspondence table, 464 of its 486 classes)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("path", nargs="?", default=str(importers.DATA / "vsic.csv"))

    def handle(self, *args, path: str, **options) -> None:
        try:
            n = importers.import_vsic(path)
        except importers.ImportProblem as problem:
            raise CommandError("\n".join(problem.problems)) from None
        except OSError as e:
            raise CommandError(str(e)) from None
        self.stdout.write(f"VSIC: {n} rows written")
        held = VsicCode.objects.values_list("version", "code")
        for version, levels in vsic_structure.completeness(list(held)).items():
            counts = ", ".join(f"level {lvl} {have}/{size}" for lvl, (have, size) in levels.items())
            self.stdout.write(f"VSIC {version} against its decision: {counts}")
