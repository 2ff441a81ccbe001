"""A large, realistic programmes data set on the current database (for `make bench-programmes`).

    manage.py generate_programmes --agreements 50 --organisations 200 --tasks 20000 [--seed 1]

What it adds, on top of the demo (run `load_demo` first; without it the core part of the demo —
localities, fields, bodies — is loaded here):

- localities: the demo's Hanoi (01) and Da Nang (48), plus Ho Chi Minh City (79) and Hai Phong
  (31) when missing; a partnership between every two of them;
- `--organisations` new bodies spread over those four localities (Hanoi most, Hai Phong least):
  for the new localities their Party committee, People's Committee and its office first, then
  departments, centres, project boards and wards;
- per locality a coordinator (`gen-<code>-dieuphoi`, at the People's Committee office) and six
  officers (`gen-<code>-chuyenvien-<n>`, at a department), all with the password
  `hoptac-bench`;
- `--agreements` agreements with 2–4 parties; the first (Hanoi – Da Nang) holds `--largest`
  tasks (2,000 by default: the programme of the review report benchmark), the others share
  the rest; each has commitments in the demo's cooperation fields, binding its parties;
- `--tasks` tasks led by bodies of the parties, with partners of the other parties, assignees,
  dates around today so that all four states occur (done on time, done late, within term,
  overdue), progress reports on about a third of them, and some finish-to-start dependencies.

Speed: rows are written with bulk_create in batches inside one transaction, so that 20,000
tasks take seconds. bulk_create bypasses save() and signals, so django-simple-history writes no
history rows for generated data — fine for a benchmark (the demo's own rows keep theirs), nor
the dashboard's kept counts, which are rebuilt at the end (decision 0013). On PostgreSQL the
tables are VACUUMed and ANALYZEd at the end, as autovacuum does soon after such a load (since
PostgreSQL 13 inserts alone trigger it): without the visibility map it sets, no index-only
scan is planned and "my work" reads every task's row (issue 19).

Running it twice on the same database is refused (the generated accounts already exist).
"""

from __future__ import annotations

import random
import time
from collections import defaultdict

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from programmes_data import PASSWORD, PREFIX
from programmes_who import GenerateWhoMixin
from programmes_work import GenerateWorkMixin

from hoptac.core import dates
from hoptac.core.models import CooperationField, User


class Command(GenerateWhoMixin, GenerateWorkMixin, BaseCommand):
    help = (
        "Generate agreements, organisations and tasks for the benchmark "
        "(bulk inserts: no history rows)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--agreements", type=int, default=50)
        parser.add_argument("--organisations", type=int, default=200)
        parser.add_argument("--tasks", type=int, default=20000)
        parser.add_argument(
            "--largest",
            type=int,
            default=2000,
            help="tasks of the first (Hanoi – Da Nang) agreement (default 2000)",
        )
        parser.add_argument("--seed", type=int, default=1)

    def handle(self, *args, **opts) -> None:
        if opts["agreements"] < 1 or opts["tasks"] < 0 or opts["organisations"] < 12:
            raise CommandError("Need at least 1 agreement and 12 organisations.")
        if User.objects.filter(username__startswith=PREFIX).exists():
            raise CommandError(
                "This database already holds generated data (accounts gen-…); use a fresh one."
            )
        self.rng = random.Random(opts["seed"])  # noqa: S311 — reproducible data, not secrets
        self.today = dates.today()
        t0 = time.perf_counter()
        with transaction.atomic():
            if not CooperationField.objects.exists():
                from hoptac.core.demo import _load_core

                _load_core(lambda _msg: None)
            self.fields = list(CooperationField.objects.order_by("order", "pk"))
            self.localities = self._localities()
            self._organisations(opts["organisations"])
            self._users()
            agreements = self._agreements(opts["agreements"])
            sizes = self._sizes(len(agreements), opts["tasks"], opts["largest"])
            commitments = self._commitments(agreements, sizes)
            tasks = self._tasks(commitments, sizes)
            n_reports = self._reports(tasks)
            n_deps = self._dependencies(tasks)
            # bulk inserts skip save(): the dashboard's kept counts are recounted once
            from hoptac.programmes.counts import rebuild

            rebuild(self.today)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                # VACUUM cannot run inside a transaction (a test's): ANALYZE alone there.
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM ANALYZE")
        states = defaultdict(int)
        for t in tasks:
            states[t.status_on(self.today)] += 1
        self.stdout.write(
            f"generated in {time.perf_counter() - t0:.1f} s: {len(self.localities)} localities, "
            f"{self.n_orgs} organisations, {self.n_users} accounts (password {PASSWORD}), "
            f"{len(agreements)} agreements, {len(commitments)} commitments, {len(tasks)} tasks "
            f"({', '.join(f'{k} {v}' for k, v in sorted(states.items()))}), "
            f"{n_reports} progress reports, {n_deps} dependencies; no history rows (bulk inserts)"
        )
