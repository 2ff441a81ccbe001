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
history rows for generated data — fine for a benchmark (the demo's own rows keep theirs). On
PostgreSQL the tables are ANALYZEd at the end, as autovacuum would do soon after such a load.

Running it twice on the same database is refused (the generated accounts already exist).
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections import defaultdict

from django.contrib.auth.hashers import make_password
from django.contrib.gis.geos import Point
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

from hoptac.core import dates
from hoptac.core.models import (
    CooperationField,
    Locality,
    Membership,
    Organisation,
    Partnership,
    User,
)
from hoptac.programmes.models import (
    Agreement,
    Commitment,
    ProgressReport,
    Task,
    TaskDependency,
    parse_reference,
)

PREFIX = "gen-"
PASSWORD = "hoptac-bench"  # noqa: S105 — generated benchmark accounts only
BATCH = 1000

# code, vi, en, valid_from, (lon, lat), short name, share of the organisations
LOCALITIES = [
    ("01", "Thành phố Hà Nội", "Hanoi", dt.date(2008, 8, 1), (105.8542, 21.0285), "Hà Nội", 0.4),
    (
        "48",
        "Thành phố Đà Nẵng",
        "Da Nang",
        dt.date(1997, 1, 1),
        (108.2022, 16.0544),
        "Đà Nẵng",
        0.3,
    ),
    (
        "79",
        "Thành phố Hồ Chí Minh",
        "Ho Chi Minh City",
        dt.date(1976, 7, 2),
        (106.7009, 10.7769),
        "Hồ Chí Minh",
        0.2,
    ),
    (
        "31",
        "Thành phố Hải Phòng",
        "Hai Phong",
        dt.date(1976, 1, 1),
        (106.6881, 20.8449),
        "Hải Phòng",
        0.1,
    ),
]

HEADS = [  # for localities the demo does not have
    ("Thành ủy {city}", "{en} Party Committee", "TU", Organisation.Kind.PARTY_COMMITTEE),
    ("Ủy ban nhân dân thành phố {city}", "{en} People's Committee", "UBND", "peoples_committee"),
    (
        "Văn phòng Ủy ban nhân dân thành phố {city}",
        "Office of the {en} People's Committee",
        "VP UBND",
        "pc_office",
    ),
]
DEPARTMENTS = [
    ("Sở Y tế", "SYT"),
    ("Sở Giáo dục và Đào tạo", "SGDĐT"),
    ("Sở Văn hóa và Thể thao", "SVHTT"),
    ("Sở Du lịch", "SDL"),
    ("Sở Tư pháp", "STP"),
    ("Sở Ngoại vụ", "SNGV"),
    ("Sở Dân tộc và Tôn giáo", "SDTTG"),
    ("Sở Khoa học và Công nghệ", "SKHCN"),
    ("Sở Công Thương", "SCT"),
    ("Sở Tài chính", "STC"),
    ("Sở Xây dựng", "SXD"),
    ("Sở Nội vụ", "SNV"),
    ("Sở Nông nghiệp và Môi trường", "SNNMT"),
    ("Thanh tra thành phố", "TTTP"),
]
CENTRES = [
    "Trung tâm Chuyển đổi số",
    "Trung tâm Phục vụ hành chính công",
    "Trung tâm Dịch vụ việc làm",
    "Trung tâm Kiểm soát bệnh tật",
    "Trung tâm Quan trắc môi trường",
    "Trung tâm Phát triển quỹ đất",
    "Trung tâm Điều hành giao thông",
    "Trung tâm Thông tin và Xúc tiến du lịch",
    "Trung tâm Khởi nghiệp sáng tạo",
    "Trung tâm Lưu trữ lịch sử",
    "Trung tâm Báo chí",
    "Trung tâm Dữ liệu",
]
PROJECT_BOARDS = [
    "Ban Quản lý dự án đầu tư xây dựng công trình dân dụng",
    "Ban Quản lý dự án đầu tư xây dựng công trình giao thông",
    "Ban Quản lý dự án đầu tư xây dựng công trình nông nghiệp",
    "Ban Quản lý dự án hạ tầng đô thị",
    "Ban Quản lý đường sắt đô thị",
]
WARDS = [
    "Ba Đình", "Hoàn Kiếm", "Tây Hồ", "Cầu Giấy", "Đống Đa", "Hai Bà Trưng", "Hoàng Mai",
    "Long Biên", "Hải Châu", "Thanh Khê", "Sơn Trà", "Ngũ Hành Sơn", "Liên Chiểu", "Cẩm Lệ",
    "Bến Thành", "Sài Gòn", "Tân Định", "Chợ Lớn", "An Khánh", "Thủ Đức", "Hồng Bàng",
    "Lê Chân", "Ngô Quyền", "Kiến An", "Hải An", "Đồ Sơn", "Hòa Khánh", "Hòa Xuân",
    "Phú Thượng", "Vĩnh Tuy", "Yên Hòa", "Láng", "Ô Chợ Dừa", "Văn Miếu", "Kim Liên",
]  # fmt: skip

AGREEMENT_TITLES = [
    "Chương trình hợp tác giữa {parties} giai đoạn {y1}–{y2}",
    "Kế hoạch thực hiện thỏa thuận hợp tác giữa {parties} năm {y1}",
    "Biên bản ghi nhớ hợp tác giữa {parties} về phát triển kinh tế – xã hội",
    "Thỏa thuận hợp tác toàn diện giữa {parties} giai đoạn {y1}–{y2}",
    "Kết luận hội nghị liên tịch giữa {parties}",
]
COMMITMENT_TEXTS = [
    "Hai bên phối hợp trao đổi kinh nghiệm, chia sẻ thông tin về {topic}.",
    "Phối hợp xây dựng và triển khai các chương trình, dự án chung về {topic}.",
    "Tổ chức các đoàn công tác, hội thảo chuyên đề về {topic}.",
    "Hỗ trợ nhau đào tạo, bồi dưỡng nguồn nhân lực trong lĩnh vực {topic}.",
    "Chia sẻ cơ sở dữ liệu, quy trình và mô hình hay về {topic}.",
]
TASK_TITLES = [
    "Tổ chức đoàn công tác trao đổi kinh nghiệm về {topic}",
    "Tổ chức hội thảo chuyên đề về {topic}",
    "Xây dựng kế hoạch phối hợp giữa các sở, ngành về {topic}",
    "Chia sẻ tài liệu, quy trình, mô hình hay về {topic}",
    "Đánh giá kết quả phối hợp về {topic}",
    "Tập huấn, bồi dưỡng cán bộ làm công tác {topic}",
    "Ký kết văn bản phối hợp giữa các đơn vị về {topic}",
    "Xây dựng đề án chung về {topic}",
]
REPORT_TEXTS = [
    "Đã tổ chức đoàn công tác gồm {n} cán bộ; hai bên thống nhất danh mục tài liệu chia sẻ.",
    "Đã tổ chức hội thảo với {n} đại biểu; đang tổng hợp ý kiến hoàn thiện dự thảo.",
    "Đã ban hành kế hoạch phối hợp; các đơn vị đang triển khai theo lộ trình.",
    "Đã trao đổi {n} văn bản, tài liệu chuyên môn; đang chờ ý kiến của cơ quan phối hợp.",
]
LEAD_KINDS = {"department", "sector_body", "pc_office", "other"}


def _topic(field: CooperationField) -> str:
    return field.name_vi[0].lower() + field.name_vi[1:]


class Command(BaseCommand):
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
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
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

    # --- who ------------------------------------------------------------------------------
    def _localities(self) -> dict[str, Locality]:
        out = {}
        for code, vi, en, since, (lon, lat), _short, _share in LOCALITIES:
            loc = Locality.objects.filter(code=code).first()
            if loc is None:
                loc = Locality.objects.create(
                    code=code,
                    name_vi=vi,
                    name_en=en,
                    kind=Locality.Kind.CITY,
                    valid_from=since,
                    centre=Point(lon, lat, srid=4326),
                )
            out[code] = loc
        codes = list(out)
        existing = {
            frozenset(p) for p in Partnership.objects.values_list("locality_a_id", "locality_b_id")
        }
        new = []
        for i, a in enumerate(codes):
            for b in codes[i + 1 :]:
                pair = frozenset({out[a].pk, out[b].pk})
                if pair not in existing:
                    new.append(Partnership(locality_a=out[a], locality_b=out[b], basis="bench"))
        Partnership.objects.bulk_create(new)
        return out

    def _organisations(self, n: int) -> None:
        rng = self.rng
        taken = set(Organisation.objects.values_list("locality_id", "name_vi"))
        per_loc = {code: int(n * share) for code, *_r, share in LOCALITIES}
        per_loc["01"] += n - sum(per_loc.values())
        rows: list[Organisation] = []
        for code, _vi, en, *_r in LOCALITIES:
            loc = self.localities[code]
            short = next(s for c, *_m, s, _sh in LOCALITIES if c == code)
            names: list[tuple[str, str, str, str]] = []
            for vi, en_t, abbr, kind in HEADS:
                names.append((vi.format(city=short), en_t.format(en=en), abbr, kind))
            for vi, abbr in DEPARTMENTS:
                names.append((f"{vi} {short}", "", abbr, "department"))
            for vi in CENTRES:
                names.append((f"{vi} thành phố {short}", "", "", "sector_body"))
            for vi in PROJECT_BOARDS:
                names.append((f"{vi} thành phố {short}", "", "", "sector_body"))
            wards = WARDS[:]
            rng.shuffle(wards)
            for ward in wards:
                names.append((f"Ủy ban nhân dân phường {ward} ({short})", "", "", "other"))
            k = 1
            while len(names) < 4 * per_loc[code] + 10:
                names.append((f"Ủy ban nhân dân phường {k} ({short})", "", "", "other"))
                k += 1
            made = 0
            for vi, en_name, abbr, kind in names:
                if made == per_loc[code]:
                    break
                if (loc.pk, vi) in taken:
                    continue
                taken.add((loc.pk, vi))
                rows.append(
                    Organisation(
                        locality=loc, name_vi=vi, name_en=en_name, abbreviation=abbr, kind=kind
                    )
                )
                made += 1
        Organisation.objects.bulk_create(rows, batch_size=BATCH)
        self.n_orgs = len(rows)
        current = Organisation.objects.valid_on(self.today).filter(
            locality__in=list(self.localities.values())
        )
        self.orgs_by_loc: dict[int, list[Organisation]] = defaultdict(list)
        for org in current.order_by("pk"):
            self.orgs_by_loc[org.locality_id].append(org)

    def _head(self, loc: Locality, kind: str) -> Organisation:
        return next(o for o in self.orgs_by_loc[loc.pk] if o.kind == kind)

    def _users(self) -> None:
        password = make_password(PASSWORD)
        users, memberships = [], []
        self.users_by_loc: dict[int, list[User]] = defaultdict(list)
        self.officer_orgs: dict[int, list[Organisation]] = {}
        for code, loc in self.localities.items():
            coordinator = User(
                username=f"{PREFIX}{code}-dieuphoi",
                full_name=f"Điều phối viên {loc.name_vi}",
                email=f"{PREFIX}{code}-dieuphoi@bench.hoptac.local",
                password=password,
            )
            users.append(coordinator)
            memberships.append((coordinator, self._head(loc, "pc_office"), "coordinator"))
            departments = [o for o in self.orgs_by_loc[loc.pk] if o.kind == "department"]
            self.officer_orgs[loc.pk] = departments[:6]
            for i, org in enumerate(departments[:6], start=1):
                officer = User(
                    username=f"{PREFIX}{code}-chuyenvien-{i}",
                    full_name=f"Chuyên viên {i} {org.name_vi}",
                    email=f"{PREFIX}{code}-chuyenvien-{i}@bench.hoptac.local",
                    password=password,
                )
                users.append(officer)
                memberships.append((officer, org, "officer"))
        User.objects.bulk_create(users)
        Membership.objects.bulk_create(
            [Membership(user=u, organisation=o, role=r) for u, o, r in memberships]
        )
        self.n_users = len(users)
        self.users_of_org: dict[int, list[User]] = defaultdict(list)
        for user, org, _role in memberships:
            self.users_by_loc[org.locality_id].append(user)
            self.users_of_org[org.pk].append(user)

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
