from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandError

from hoptac.core import searchable as registry
from hoptac.search import index


class Command(BaseCommand):
    help = "Empty the search index and index every registered model again."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--kind", action="append", default=[], help="only this kind (repeatable)"
        )

    def handle(self, *args, kind: list[str], **options) -> None:
        known = registry.kinds()
        unknown = [k for k in kind if k not in known]
        if unknown:
            raise CommandError(
                f"Unknown kind(s): {', '.join(unknown)}. Known: {', '.join(sorted(known))}."
            )
        started = time.perf_counter()
        counts = index.rebuild(kind or None)
        for k, n in counts.items():
            self.stdout.write(f"{k}: {n}")
        took = time.perf_counter() - started
        self.stdout.write(
            self.style.SUCCESS(f"Indexed {sum(counts.values())} documents in {took:.1f} s.")
        )
