"""generate_programmes, what: the agreements, commitments, tasks, reports and dependencies."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from programmes_data import (
    AGREEMENT_TITLES,
    BATCH,
    COMMITMENT_TEXTS,
    LEAD_KINDS,
    LOCALITIES,
    REPORT_TEXTS,
    TASK_TITLES,
    _topic,
)

from hoptac.core.models import Organisation, User
from hoptac.programmes.models import (
    Agreement,
    Commitment,
    ProgressReport,
    Task,
    TaskDependency,
    parse_reference,
)


class GenerateWorkMixin:
    """Command's agreements, commitments, tasks, progress reports and dependencies."""

    # --- what -----------------------------------------------------------------------------
    def _agreements(self, n: int) -> list[Agreement]:
        rng = self.rng
        locs = self.localities
        codes = list(locs)
        weights = [share for *_r, share in LOCALITIES]
        rows, parties = [], []
        for i in range(n):
            if i == 0:
                chosen = ["01", "48"]
            else:
                size = rng.choice([2, 2, 2, 3, 3, 4])
                chosen = ["01"] if rng.random() < 0.75 else []
                while len(chosen) < size:
                    c = rng.choices(codes, weights)[0]
                    if c not in chosen:
                        chosen.append(c)
            first = locs[chosen[0]]
            party_style = rng.random() < 0.4
            issuer = self._head(first, "party_committee" if party_style else "peoples_committee")
            number = 100 + i
            if party_style:
                reference = f"{number}-{rng.choice(['TB', 'NQ', 'KL'])}/TU"
            else:
                reference = f"{number}/{rng.choice(['KH', 'CTR', 'QC'])}-UBND"
            num, symbol = parse_reference(reference)
            signed = self.today - dt.timedelta(days=rng.randint(400, 2400))
            names = " và ".join(locs[c].name_vi for c in chosen)
            title = rng.choice(AGREEMENT_TITLES).format(
                parties=names, y1=signed.year, y2=signed.year + 5
            )
            rows.append(
                Agreement(
                    reference=f"{num}{symbol}",
                    number=num,
                    symbol=symbol,
                    kind=rng.choice(list(Agreement.Kind.values)),
                    title=title[:500],
                    signed_on=signed,
                    issuer=issuer,
                    period_start=signed,
                    period_end=signed + dt.timedelta(days=5 * 365),
                    status=Agreement.Status.IN_FORCE,
                    is_public=rng.random() < 0.3,
                )
            )
            parties.append([locs[c] for c in chosen])
        Agreement.objects.bulk_create(rows)
        through = Agreement.parties.through
        through.objects.bulk_create(
            [
                through(agreement_id=a.pk, locality_id=loc.pk)
                for a, ps in zip(rows, parties, strict=True)
                for loc in ps
            ]
        )
        for a, ps in zip(rows, parties, strict=True):
            a.party_list = ps
        return rows

    def _sizes(self, n: int, total: int, largest: int) -> list[int]:
        first = min(largest, total) if n > 1 else total
        rest = total - first
        weights = [self.rng.uniform(0.4, 1.6) for _ in range(n - 1)]
        scale = sum(weights) or 1
        sizes = [int(rest * w / scale) for w in weights]
        for i in range(rest - sum(sizes)):
            sizes[i % len(sizes)] += 1
        return [first, *sizes]

    def _commitments(self, agreements: list[Agreement], sizes: list[int]) -> list[Commitment]:
        rng = self.rng
        rows, fields_of = [], []
        for a, size in zip(agreements, sizes, strict=True):
            for order in range(1, max(4, min(40, size // 25)) + 1):
                picked = rng.sample(self.fields, rng.choice([1, 1, 2]))
                text = rng.choice(COMMITMENT_TEXTS).format(topic=_topic(picked[0]))
                rows.append(Commitment(agreement=a, order=order, text=text, source_paragraph=order))
                fields_of.append(picked)
        Commitment.objects.bulk_create(rows, batch_size=BATCH)
        f_through = Commitment.fields.through
        l_through = Commitment.localities.through
        f_through.objects.bulk_create(
            [
                f_through(commitment_id=c.pk, cooperationfield_id=f.pk)
                for c, fs in zip(rows, fields_of, strict=True)
                for f in fs
            ],
            batch_size=BATCH,
        )
        l_through.objects.bulk_create(
            [
                l_through(commitment_id=c.pk, locality_id=loc.pk)
                for c in rows
                for loc in c.agreement.party_list
            ],
            batch_size=BATCH,
        )
        for c, fs in zip(rows, fields_of, strict=True):
            c.field_list = fs
        return rows

    def _dates(self, signed: dt.date) -> tuple[dt.date, dt.date, dt.date | None, int]:
        """Start, due, completion and progress, spread around today: all four states occur."""
        rng, today = self.rng, self.today
        span = max(30, (today - signed).days + 180)
        start = signed + dt.timedelta(days=rng.randrange(span))
        due = start + dt.timedelta(days=rng.randint(30, 720))
        completed = None
        if due < today and rng.random() < 0.65:
            if rng.random() < 0.6:
                completed = start + dt.timedelta(days=rng.randint(0, (due - start).days))
            else:
                completed = due + dt.timedelta(days=rng.randint(1, max(1, (today - due).days)))
        elif due >= today and start < today and rng.random() < 0.15:
            completed = start + dt.timedelta(days=rng.randint(0, (today - start).days))
        progress = 100 if completed else rng.choice([0, 10, 20, 30, 40, 50, 60, 70, 80, 90])
        return start, due, completed, progress

    def _tasks(self, commitments: list[Commitment], sizes: list[int]) -> list[Task]:
        rng = self.rng
        by_agreement: dict[int, list[Commitment]] = defaultdict(list)
        for c in commitments:
            by_agreement[c.agreement_id].append(c)
        leads_of: dict[int, list[Organisation]] = {}
        for loc_id, orgs in self.orgs_by_loc.items():
            leads = [o for o in orgs if o.kind in LEAD_KINDS]
            # the officers' departments lead more than their share (their "my work" is full)
            leads_of[loc_id] = leads + self.officer_orgs.get(loc_id, []) * 3
        tasks: list[Task] = []
        partners: list[list[Organisation]] = []
        assignees: list[list[User]] = []
        for commitments_of, size in zip(by_agreement.values(), sizes, strict=False):
            agreement = commitments_of[0].agreement
            party_list = agreement.party_list
            for i in range(size):
                commitment = commitments_of[i % len(commitments_of)]
                lead_loc = rng.choice(party_list)
                lead = rng.choice(leads_of[lead_loc.pk])
                start, due, completed, progress = self._dates(agreement.signed_on)
                topic = _topic(commitment.field_list[0])
                tasks.append(
                    Task(
                        commitment=commitment,
                        title=rng.choice(TASK_TITLES).format(topic=topic),
                        lead=lead,
                        start_date=start,
                        due_date=due,
                        baseline_due_date=due,
                        completed_on=completed,
                        progress=progress,
                        reporting=rng.choice(["", "", "", "quarterly", "monthly"]),
                    )
                )
                others = [loc for loc in party_list if loc.pk != lead_loc.pk]
                picked: list[Organisation] = []
                for _ in range(rng.choice([0, 1, 1, 2])):
                    org = rng.choice(leads_of[rng.choice(others).pk])
                    if org not in picked:
                        picked.append(org)
                partners.append(picked)
                who: list[User] = []
                candidates = self.users_of_org.get(lead.pk) or self.users_by_loc[lead_loc.pk]
                if candidates and rng.random() < 0.3:
                    who.append(rng.choice(candidates))
                assignees.append(who)
        for task in tasks:  # bulk_create skips save(), which keeps the list's sort keys
            task.fill_sort_keys(task.lead.name_vi, task.commitment.agreement.reference)
        Task.objects.bulk_create(tasks, batch_size=BATCH)
        p_through = Task.partners.through
        p_through.objects.bulk_create(
            [
                p_through(task_id=t.pk, organisation_id=o.pk)
                for t, orgs in zip(tasks, partners, strict=True)
                for o in orgs
            ],
            batch_size=BATCH,
        )
        a_through = Task.assignees.through
        a_through.objects.bulk_create(
            [
                a_through(task_id=t.pk, user_id=u.pk)
                for t, users in zip(tasks, assignees, strict=True)
                for u in users
            ],
            batch_size=BATCH,
        )
        return tasks

    def _reports(self, tasks: list[Task]) -> int:
        rng, today = self.rng, self.today
        rows = []
        for t in tasks:
            if t.start_date >= today or rng.random() > 0.35:
                continue
            authors = self.users_of_org.get(t.lead_id) or self.users_by_loc[t.lead.locality_id]
            end = min(t.completed_on or today, today)
            n = rng.randint(1, 3)
            for k in range(n):
                day = t.start_date + dt.timedelta(
                    days=rng.randint(0, max(0, (end - t.start_date).days))
                )
                last = k == n - 1
                rows.append(
                    ProgressReport(
                        task=t,
                        author=rng.choice(authors),
                        reported_on=day,
                        progress=100 if last and t.completed_on else min(90, 20 * (k + 1)),
                        text=rng.choice(REPORT_TEXTS).format(n=rng.randint(8, 60)),
                        completed=bool(last and t.completed_on),
                    )
                )
        ProgressReport.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)

    def _dependencies(self, tasks: list[Task]) -> int:
        rng = self.rng
        by_commitment: dict[int, list[Task]] = defaultdict(list)
        for t in tasks:
            by_commitment[t.commitment_id].append(t)
        rows, seen = [], set()
        for group in by_commitment.values():
            if len(group) < 2:
                continue
            for t in group:
                if rng.random() > 0.05:
                    continue
                before = [p for p in group if p.due_date <= t.start_date and p.pk != t.pk]
                if not before:
                    continue
                p = rng.choice(before)
                if (p.pk, t.pk) in seen:
                    continue
                seen.add((p.pk, t.pk))
                rows.append(
                    TaskDependency(predecessor=p, successor=t, lag_days=rng.choice([0, 0, 7, 14]))
                )
        TaskDependency.objects.bulk_create(rows, batch_size=BATCH)
        return len(rows)
