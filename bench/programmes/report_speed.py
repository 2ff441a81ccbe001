#!/usr/bin/env python
"""How long the review report takes for a programme with 2,000 tasks (budget: 5 s).

    .venv/bin/python bench/programmes/report_speed.py [--tasks 2000] [--save DIR] [--sample DIR]

Builds a throwaway test database (in-memory SpatiaLite by default; DATABASE_URL=postgis://… to
measure PostgreSQL), loads the core demo world (Hanoi, Da Nang, their bodies, the fields), makes
Notice 2138-TB/TU with its 32 commitments and N tasks with partners and progress reports, then
times `build_review`, `build_docx` and `build_pdf` (best of three). Prints the figures and writes
them to var/bench/programmes-report.json, one entry per backend (with the machine's load, as
the figures are wall-clock times). `--save` keeps the big DOCX/PDF; `--sample` writes the report
in both layouts (State and Party) for looking at, without timing: `--sample var/bench --tasks 40`.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUDGET_S = 5.0

TASK_TEMPLATES = [
    "Tổ chức đoàn công tác trao đổi kinh nghiệm về {topic}",
    "Tổ chức hội thảo chuyên đề về {topic}",
    "Xây dựng kế hoạch phối hợp giữa các sở, ngành về {topic}",
    "Chia sẻ tài liệu, quy trình, mô hình hay về {topic}",
    "Đánh giá kết quả phối hợp và đề xuất nội dung hợp tác giai đoạn tiếp theo về {topic}",
    "Tập huấn, bồi dưỡng cán bộ làm công tác {topic}",
]
REPORT_TEXTS = [
    "Đã tổ chức đoàn công tác gồm {n} cán bộ trao đổi kinh nghiệm tại thành phố bạn; "
    "hai bên thống nhất danh mục tài liệu chia sẻ và đầu mối liên hệ.",
    "Đã tổ chức hội thảo với sự tham gia của {n} đại biểu hai thành phố; "
    "đang tổng hợp ý kiến để hoàn thiện dự thảo kế hoạch phối hợp.",
    "Đã ban hành kế hoạch phối hợp; các đơn vị đang triển khai theo lộ trình, "
    "dự kiến hoàn thành đúng thời hạn.",
    "Đã trao đổi {n} văn bản, tài liệu chuyên môn; đang chờ ý kiến của cơ quan phối hợp.",
]


def setup_django() -> None:
    sys.path.insert(0, str(ROOT))
    scratch = Path(tempfile.mkdtemp(prefix="hoptac-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "hoptac.settings")
    os.environ.setdefault("SECRET_KEY", "hoptac-bench-" + "x" * 50)
    os.environ.setdefault("HOPTAC_VAR_DIR", str(scratch))
    os.environ.setdefault("DATABASE_URL", f"spatialite:///{scratch / 'bench.sqlite3'}")
    os.environ.setdefault("EMAIL_URL", "consolemail://")
    os.environ.pop("REDIS_URL", None)
    import django

    django.setup()


def make_programme(n_tasks: int, *, seed: int = 2138):
    """The core demo world, Notice 2138-TB/TU and `n_tasks` tasks spread over its commitments.

    Returns (agreement, reader, organisations by (locality code, abbreviation)).
    """
    from hoptac.core.demo import _load_core
    from hoptac.core.models import CooperationField, Locality, Membership, Organisation, User
    from hoptac.programmes.models import Agreement, Commitment, ProgressReport, Task

    rng = random.Random(seed)
    if not Locality.objects.filter(code="01").exists():
        _load_core(lambda _msg: None)
    hanoi, danang = Locality.objects.get(code="01"), Locality.objects.get(code="48")
    party = Organisation.objects.get(locality=hanoi, name_vi="Thành ủy Hà Nội")
    agreement = Agreement.objects.create(
        reference="2138-TB/TU",
        kind=Agreement.Kind.NOTICE,
        title="Thông báo kết luận hội nghị giữa Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ "
        "Thành ủy Đà Nẵng về hợp tác giữa hai thành phố",
        signed_on=dt.date(2019, 8, 20),
        issuer=party,
    )
    agreement.parties.set([hanoi, danang])
    seed_file = ROOT / "hoptac" / "programmes" / "data" / "seed_2138.json"
    items = json.loads(seed_file.read_text(encoding="utf-8"))["commitments"]
    fields = {f.code: f for f in CooperationField.objects.all()}
    commitments = []
    for order, item in enumerate(items, start=1):
        c = Commitment.objects.create(
            agreement=agreement, order=order, text=item["text"], source_paragraph=item["p"]
        )
        c.fields.set([fields[code] for code in item["fields"]])
        c.localities.set([hanoi, danang])
        commitments.append((c, fields[item["fields"][0]]))
    from hoptac.core.demo import COUNTERPARTS, ORGANISATIONS

    by_name = {
        (o.locality.code, o.name_vi): o for o in Organisation.objects.select_related("locality")
    }
    keyed = {
        (code, key): by_name[(code, vi)]
        for code, rows in ORGANISATIONS.items()
        for key, vi, *_rest in rows
        if (code, vi) in by_name
    }

    def counterpart(code: str, fld) -> Organisation:
        return keyed[(code, COUNTERPARTS[fld.code][0 if code == "01" else 1])]

    author = User.objects.create(username=f"bench-author-{seed}", full_name="Nguyễn Văn An")
    reader = User.objects.create(username=f"bench-reader-{seed}", full_name="Lê Thị Bình")
    Membership.objects.create(
        user=reader,
        organisation=Organisation.objects.get(locality=hanoi, abbreviation="VP UBND"),
        role="coordinator",
    )

    tasks, partner_rows, reports, task_fields = [], [], [], []
    for i in range(n_tasks):
        commitment, fld = commitments[i % len(commitments)]
        code = "01" if (i // len(commitments)) % 2 == 0 else "48"
        topic = fld.name_vi[0].lower() + fld.name_vi[1:]
        task_fields.append(fld)
        start = dt.date(2024, 1, 2) + dt.timedelta(days=rng.randrange(0, 540))
        due = start + dt.timedelta(days=rng.randrange(60, 720))
        done = rng.random() < 0.45
        completed = start + dt.timedelta(days=rng.randrange(30, 800)) if done else None
        if completed and completed > dt.date(2026, 6, 30):
            completed = None
        suffix = f" (đợt {i // len(commitments) // 2 + 1})" if n_tasks > 2 * len(items) else ""
        tasks.append(
            Task(
                commitment=commitment,
                title=rng.choice(TASK_TEMPLATES).format(topic=topic) + suffix,
                lead=counterpart(code, fld),
                start_date=start,
                due_date=due,
                baseline_due_date=due,
                completed_on=completed,
                progress=100 if completed else rng.choice([0, 20, 40, 60, 80]),
            )
        )
    Task.objects.bulk_create(tasks, batch_size=500)
    through = Task.partners.through
    for t, fld in zip(tasks, task_fields, strict=True):
        other = "48" if t.lead.locality_id == hanoi.pk else "01"
        partners = {counterpart(other, fld)}
        if rng.random() < 0.3:
            partners.add(keyed[(other, "vpubnd")])
        partner_rows += [through(task_id=t.pk, organisation_id=p.pk) for p in partners]
        for _ in range(rng.randrange(0, 3)):
            day = t.start_date + dt.timedelta(days=rng.randrange(10, 500))
            reports.append(
                ProgressReport(
                    task=t,
                    author=author,
                    reported_on=day,
                    progress=rng.choice([20, 40, 60, 80]),
                    text=rng.choice(REPORT_TEXTS).format(n=rng.randrange(8, 60)),
                )
            )
    through.objects.bulk_create(partner_rows, batch_size=1000)
    ProgressReport.objects.bulk_create(reports, batch_size=1000)
    orgs = {(o.locality.code, o.abbreviation): o for o in Organisation.objects.all()}
    return agreement, reader, orgs


def review_args(orgs, layout: str, reader) -> dict:
    """The arguments of a State (UBND) or Party (Thành ủy) report for the first half of 2026."""
    common = {
        "period_start": dt.date(2026, 1, 1),
        "period_end": dt.date(2026, 6, 30),
        "place": "Hà Nội",
        "user": reader,
        "today": dt.date(2026, 7, 5),
    }
    if layout == "party":
        return common | {
            "issuer": orgs[("01", "TU")],
            "number": "2415-BC/TU",
            "signer_name": "Nguyễn Văn Phong",
            "signer_title": "Phó Bí thư",
            "recipients": [
                "Ban Bí thư Trung ương Đảng (để báo cáo)",
                "Ban Thường vụ Thành ủy Đà Nẵng",
                "Các đồng chí Thành ủy viên",
                "Các ban, cơ quan tham mưu giúp việc Thành ủy",
            ],
        }
    return common | {
        "issuer": orgs[("01", "UBND")],
        "number": "215/BC-UBND",
        "signer_name": "Hà Minh Hải",
        "signer_title": "Phó Chủ tịch",
        "recipients": [
            "Thường trực Thành ủy (để báo cáo)",
            "Thường trực HĐND Thành phố (để báo cáo)",
            "Chủ tịch, các PCT UBND Thành phố",
            "UBND thành phố Đà Nẵng",
            "Các sở, ban, ngành Thành phố",
            "VPUBTP: CVP, các PCVP, KT",
        ],
        "archive": "Lưu: VT, KT",
    }


def best_of(fn, runs: int = 3) -> tuple[float, object]:
    best, result = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=2000)
    parser.add_argument("--save", type=Path, help="write the big report's DOCX and PDF here")
    parser.add_argument(
        "--sample", type=Path, help="only write the report in both layouts here (no timing)"
    )
    parser.add_argument(
        "--out", type=Path, default=ROOT / "var" / "bench" / "programmes-report.json"
    )
    args = parser.parse_args()

    setup_django()
    from django.db import connection
    from django.test.utils import setup_test_environment

    from hoptac.programmes.reports import build_docx, build_pdf, build_review

    setup_test_environment()
    old_name = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        if args.sample:
            args.sample.mkdir(parents=True, exist_ok=True)
            small, small_reader, small_orgs = make_programme(args.tasks, seed=7)
            for layout in ("state", "party"):
                r = build_review(small, **review_args(small_orgs, layout, small_reader))
                (args.sample / f"report-{layout}.docx").write_bytes(build_docx(r))
                (args.sample / f"report-{layout}.pdf").write_bytes(build_pdf(r))
                print(f"{layout}: {r.task_count} tasks -> {args.sample}/report-{layout}.docx/.pdf")
            return 0
        t0 = time.perf_counter()
        agreement, reader, orgs = make_programme(args.tasks)
        setup_s = time.perf_counter() - t0
        kw = review_args(orgs, "state", reader)
        review_s, review = best_of(lambda: build_review(agreement, **kw))
        docx_s, docx = best_of(lambda: build_docx(review))
        pdf_s, pdf = best_of(lambda: build_pdf(review))
        total = review_s + max(docx_s, pdf_s)
        figures = {
            "when": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
            "backend": connection.vendor,
            "load_average_1min": round(os.getloadavg()[0], 1),
            "tasks": review.task_count,
            "commitments": sum(len(s.commitments) for s in review.sections),
            "setup_s": round(setup_s, 2),
            "review_s": round(review_s, 3),
            "docx_s": round(docx_s, 3),
            "pdf_s": round(pdf_s, 3),
            "review_plus_docx_s": round(review_s + docx_s, 3),
            "review_plus_pdf_s": round(review_s + pdf_s, 3),
            "docx_bytes": len(docx),
            "pdf_bytes": len(pdf),
            "budget_s": BUDGET_S,
            "within_budget": total <= BUDGET_S,
        }
        if args.save:
            args.save.mkdir(parents=True, exist_ok=True)
            (args.save / f"report-{args.tasks}.docx").write_bytes(docx)
            (args.save / f"report-{args.tasks}.pdf").write_bytes(pdf)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)

    # One entry per database backend, so that SpatiaLite and PostGIS runs sit side by side.
    args.out.parent.mkdir(parents=True, exist_ok=True)
    try:
        recorded = json.loads(args.out.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        recorded = {}
    if not isinstance(recorded, dict) or "backend" in recorded:
        recorded = {}
    recorded[figures["backend"]] = figures
    args.out.write_text(json.dumps(recorded, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    print(
        f"review report, {figures['tasks']:,} tasks on {figures['backend']}: "
        f"content {review_s:.2f} s, DOCX {docx_s:.2f} s ({len(docx) / 1e3:.0f} kB), "
        f"PDF {pdf_s:.2f} s ({len(pdf) / 1e3:.0f} kB); budget {BUDGET_S:.0f} s per document: "
        f"{'OK' if figures['within_budget'] else 'OVER'}"
    )
    print(f"written to {args.out}")
    return 0 if figures["within_budget"] else 1


if __name__ == "__main__":
    sys.exit(main())
