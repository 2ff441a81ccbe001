"""Generate a large directory for the benchmark: enterprises and projects of both cities."""

from __future__ import annotations

import random
from decimal import Decimal

from django.core.management.base import BaseCommand
from django.db import transaction

from hoptac.core.demo import sync
from hoptac.core.models import Locality, Partnership
from hoptac.investment import importers
from hoptac.investment.models import Enterprise, PriorityItem, Project
from hoptac.investment.text import keywords

CODES = [
    ("6201", "SOFTWARE"),
    ("6202", "CLOUD"),
    ("6209", "AI"),
    ("6311", "BIGDATA"),
    ("6312", None),
    ("5820", "SOFTWARE"),
    ("2610", "IC"),
    ("2620", None),
    ("2630", "IOT"),
    ("21001", "BIOPHARMA"),
    ("21002", "VACCINE"),
    ("7210", "GENE"),
    ("3250", None),
    ("6810", None),
    ("10", None),
    ("20", None),
    ("27", None),
    ("28", None),
    ("29", None),
    ("46", None),
    ("52", None),
    ("55", None),
    ("85", None),
    ("86", None),
    ("41", None),
    ("01", None),
    ("35", None),
]
WORDS_VI = (
    "phần mềm dữ liệu điện toán đám mây trí tuệ nhân tạo vi mạch bán dẫn linh kiện điện tử vắc xin "
    "sinh phẩm dược liệu tế bào gốc gen thiết bị y tế logistics kho bãi thực phẩm hóa chất cơ khí "
    "ô tô xây dựng khách sạn giáo dục bệnh viện nông nghiệp năng lượng mặt trời gió"
).split()
WORDS_EN = (
    "software data cloud artificial intelligence chip semiconductor electronics vaccine biologics "
    "pharma stem cell gene medical device logistics warehouse food chemicals machinery automotive "
    "construction hotel education hospital agriculture solar wind energy"
).split()
SIZES = ["micro", "small", "medium", "large"]


def _tax_codes(prefix: str, count: int, start: int = 1_000_000) -> list[str]:
    from stdnum.vn import mst

    out, seq = [], start
    while len(out) < count:
        body = f"{prefix}{seq:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            out.append(body + check)
        seq += 1
    return out


class Command(BaseCommand):
    help = "Generate N enterprises and M projects (Hanoi and Da Nang) for `make bench-investment`."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--enterprises", type=int, default=100_000)
        parser.add_argument("--projects", type=int, default=5_000)
        parser.add_argument("--seed", type=int, default=2019)

    def handle(self, *args, enterprises: int, projects: int, seed: int, **options) -> None:
        rng = random.Random(seed)  # noqa: S311 — reproducible test data, not secrets
        importers.import_vsic()
        importers.import_priority_items()
        hanoi = sync(Locality, {"code": "01"}, name_vi="Thành phố Hà Nội", name_en="Hanoi")
        danang = sync(Locality, {"code": "48"}, name_vi="Thành phố Đà Nẵng", name_en="Da Nang")
        if not Partnership.objects.filter(locality_a=hanoi, locality_b=danang).exists():
            Partnership.objects.create(locality_a=hanoi, locality_b=danang)
        items = {i.code: i.pk for i in PriorityItem.objects.all()}
        cities = [(hanoi, "01"), (danang, "04")]
        existing = Enterprise.objects.count()
        codes = {
            "01": _tax_codes("01", enterprises // 2 + 1, 1_000_000 + existing),
            "04": _tax_codes("04", enterprises // 2 + 1, 1_000_000 + existing),
        }

        def text() -> tuple[str, str]:
            k = rng.randint(3, 6)
            return " ".join(rng.sample(WORDS_VI, k)), " ".join(rng.sample(WORDS_EN, k))

        batch: list[Enterprise] = []
        with transaction.atomic():
            for n in range(enterprises):
                loc, prefix = cities[n % 2]
                code, item = rng.choice(CODES)
                vi, en = text()
                name_vi = f"Công ty {vi.split()[0].title()} {n}"
                e = Enterprise(
                    locality=loc,
                    tax_code=codes[prefix][n // 2],
                    name_vi=name_vi,
                    name_en=f"{en.split()[0].title()} Company {n}",
                    vsic_version="2018",
                    vsic_code=code,
                    vsic_division=code[:2],
                    vsic_class=code[:4],
                    priority_item_id=items.get(item) if item and rng.random() < 0.5 else None,
                    size=rng.choice(SIZES),
                    products=f"{vi}. {en}.",
                    verification="verified" if rng.random() < 0.8 else "pending",
                )
                e.keywords = keywords(e.name_vi, e.name_en, e.products)
                batch.append(e)
                if len(batch) >= 5000:
                    Enterprise.objects.bulk_create(batch)
                    batch = []
            Enterprise.objects.bulk_create(batch)
            start = Project.objects.count()
            rows = []
            for n in range(projects):
                loc, _prefix = cities[n % 2]
                code, item = rng.choice(CODES)
                vi, en = text()
                p = Project(
                    code=f"BENCH-{start + n:06d}",
                    title_vi=f"Dự án {vi}",
                    title_en=f"{en.title()} project",
                    locality=loc,
                    vsic_version="2018",
                    vsic_code=code,
                    priority_item_id=items.get(item) if item else None,
                    capital_vnd=Decimal(rng.choice([50, 200, 800, 3000])) * 1_000_000_000,
                    source="city",
                    status="calling",
                )
                p.keywords = keywords(p.title_vi, p.title_en)
                rows.append(p)
            Project.objects.bulk_create(rows, batch_size=2000)
        self.stdout.write(
            f"generated {enterprises} enterprises and {projects} projects "
            f"(now {Enterprise.objects.count()} and {Project.objects.count()})"
        )
