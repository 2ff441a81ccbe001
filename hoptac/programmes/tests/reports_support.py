"""Shared by the review-report tests: a programme in four states, its review, file readers."""

from __future__ import annotations

import datetime as dt
import io

from docx import Document
from docx.oxml.ns import qn
from pypdf import PdfReader

from hoptac.core.models import Organisation, User
from hoptac.core.tests.factories import (
    CooperationFieldFactory,
    MembershipFactory,
    OrganisationFactory,
    UserFactory,
)
from hoptac.programmes.models import ProgressReport
from hoptac.programmes.reports import build_review
from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory, TaskFactory

START, END = dt.date(2024, 1, 1), dt.date(2024, 6, 30)
ISSUED = dt.date(2024, 7, 5)

# (due, completed) giving each of the four states on END, in order
STATES = [
    (dt.date(2024, 4, 30), dt.date(2024, 3, 1)),  # done on time
    (dt.date(2024, 2, 29), dt.date(2024, 5, 10)),  # done late
    (dt.date(2024, 12, 31), None),  # within term
    (dt.date(2024, 5, 31), None),  # overdue
]


class Programme:
    pass


def make_programme(world, tasks: int = 4) -> Programme:
    """Notice 2138-TB/TU of the Hanoi Party Committee, two fields, `tasks` tasks in all states
    (the programmes factories, with the names a real notice has)."""
    hanoi, danang = world.localities["own"], world.localities["partner"]
    p = Programme()
    p.party = OrganisationFactory(
        locality=hanoi, kind="party_committee", name_vi="Thành ủy Hà Nội", abbreviation="TU"
    )
    p.ubnd = OrganisationFactory(
        locality=hanoi,
        kind="peoples_committee",
        name_vi="Ủy ban nhân dân thành phố Hà Nội",
        abbreviation="UBND",
    )
    p.agreement = AgreementFactory(
        reference="2138-TB/TU",
        title="Thông báo kết luận hội nghị giữa Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ "
        "Thành ủy Đà Nẵng",
        issuer=p.party,
        parties=[hanoi, danang],
    )
    p.fields = [
        CooperationFieldFactory(name_vi="Xây dựng Đảng và hệ thống chính trị", order=1),
        CooperationFieldFactory(name_vi="Chính quyền điện tử, đô thị thông minh", order=2),
    ]
    p.commitments = [
        CommitmentFactory(
            agreement=p.agreement,
            order=i,
            text=f"Trao đổi kinh nghiệm về {fld.name_vi.lower()}.",
            fields=[fld],
        )
        for i, fld in enumerate(p.fields, start=1)
    ]
    author = UserFactory()
    p.tasks = []
    for i in range(tasks):
        due, completed = STATES[i % 4]
        own = i % 2 == 0
        lead = world.department["own" if own else "partner"]
        task = TaskFactory(
            commitment=p.commitments[i % 2],
            title=f"Nhiệm vụ số {i + 1}",
            lead=lead,
            start_date=dt.date(2023, 10, 1),
            due_date=due,
            completed_on=completed,
            progress=100 if completed else 30,
        )
        task.partners.set([world.department["partner" if own else "own"]])
        ProgressReport.objects.create(
            task=task,
            author=author,
            reported_on=dt.date(2023, 12, 1),
            progress=10,
            text=f"Báo cáo cũ của nhiệm vụ {i + 1}",
        )
        ProgressReport.objects.create(
            task=task,
            author=author,
            reported_on=dt.date(2024, 3, 15),
            progress=50,
            text=f"Báo cáo trong kỳ của nhiệm vụ {i + 1}",
        )
        p.tasks.append(task)
    p.reader = MembershipFactory(organisation=world.office["own"], role="coordinator").user
    return p


def review_of(p: Programme, issuer: Organisation | None = None, user: User | None = None, **kw):
    issuer = issuer or p.ubnd
    party = issuer.kind in ("party_committee", "party_board")
    args = {
        "period_start": START,
        "period_end": END,
        "issuer": issuer,
        "number": "15-BC/TU" if party else "15/BC-UBND",
        "signer_name": "Nguyễn Văn Phong",
        "signer_title": "Phó Bí thư" if party else "Phó Chủ tịch",
        "place": "Hà Nội",
        "recipients": ["Văn phòng Chính phủ (để báo cáo)", "UBND thành phố Đà Nẵng"],
        "user": user or p.reader,
        "today": ISSUED,
    }
    args |= kw
    return build_review(args.pop("agreement", p.agreement), **args)


def docx_lines(data: bytes) -> tuple[Document, list[str]]:
    doc = Document(io.BytesIO(data))
    lines = [
        "".join(t.text or "" for t in par.iter(qn("w:t")))
        for par in doc.element.body.iter(qn("w:p"))
    ]
    return doc, lines


def runs_with(doc: Document, text: str):
    return [r for r in doc.element.body.iter(qn("w:r")) if text in "".join(r.itertext())]


def pdf_text(data: bytes) -> tuple[PdfReader, str]:
    reader = PdfReader(io.BytesIO(data))
    return reader, "\n".join(page.extract_text() for page in reader.pages)
