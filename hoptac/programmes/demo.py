"""Notice 2138-TB/TU in the demo: its commitments from the seed, tasks in every state.

Dates are fixed (not relative to today) so that loading again later changes nothing; the open
tasks fall due in 2025 (overdue ever since) or in 2030 (within term until then).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

from hoptac.core.demo import ACCOUNT_PREFIX, COUNTERPARTS, NOTICE_DAY, sync
from hoptac.core.models import CooperationField, Locality, Notification, Organisation, User

from .models import (
    Agreement,
    Comment,
    Commitment,
    ExtensionRequest,
    ProgressReport,
    Reminder,
    Task,
    TaskDependency,
)

DATA = Path(__file__).parent / "data"

# (start, due, completed, progress) per state, by the task's position in a cycle of four
PATTERNS = [
    (dt.date(2019, 10, 1), dt.date(2020, 12, 31), dt.date(2020, 11, 16), 100),  # done on time
    (dt.date(2019, 10, 1), dt.date(2021, 6, 30), dt.date(2021, 9, 14), 100),  # done late
    (dt.date(2025, 1, 2), dt.date(2030, 12, 31), None, 40),  # within term
    (dt.date(2024, 1, 2), dt.date(2025, 6, 30), None, 60),  # overdue
]

TASK_TITLES = {
    2: "Tổ chức đoàn công tác trao đổi kinh nghiệm về {topic}",
    3: "Chia sẻ tài liệu, quy trình và tổ chức hội thảo về {topic}",
    4: "Ký kết kế hoạch phối hợp giữa các sở về {topic}",
    5: "Xây dựng kế hoạch hành động chung về {topic}",
    6: "Trao đổi dữ liệu và kinh nghiệm về {topic}",
}


def _topic(field: CooperationField) -> str:
    return field.name_vi[0].lower() + field.name_vi[1:]


def load(log: Callable[[str], None]) -> None:
    seed = json.loads((DATA / "seed_2138.json").read_text(encoding="utf-8"))
    hanoi, danang = Locality.objects.get(code="01"), Locality.objects.get(code="48")
    issuer = Organisation.objects.get(locality=hanoi, name_vi="Thành ủy Hà Nội")
    agreement = sync(
        Agreement,
        {"issuer": issuer, "reference": "2138-TB/TU", "signed_on": NOTICE_DAY},
        kind=Agreement.Kind.NOTICE,
        title="Thông báo kết luận hội nghị giữa Ban Thường vụ Thành ủy Hà Nội và Ban Thường vụ "
        "Thành ủy Đà Nẵng về hợp tác giữa hai thành phố",
        title_en="Conclusions of the conference of the Standing Committees of the Hanoi and Da Nang "
        "Party Committees on cooperation between the two cities",
        period_start=NOTICE_DAY,
        status=Agreement.Status.IN_FORCE,
        is_public=True,
        source_text=(DATA / "2138-TB-TU.txt").read_text(encoding="utf-8"),
    )
    if set(agreement.parties.all()) != {hanoi, danang}:
        agreement.parties.set([hanoi, danang])

    fields = {f.code: f for f in CooperationField.objects.all()}
    orgs = {
        (o.locality.code, o.name_vi): o for o in Organisation.objects.select_related("locality")
    }
    from hoptac.core.demo import ORGANISATIONS

    keyed = {
        (code, key): orgs[(code, vi)]
        for code, rows in ORGANISATIONS.items()
        for key, vi, *_r in rows
    }
    coordinators = {
        code: User.objects.get(username=f"{p}-dieuphoi") for code, p in ACCOUNT_PREFIX.items()
    }
    officers = {
        code: User.objects.get(username=f"{p}-chuyenvien") for code, p in ACCOUNT_PREFIX.items()
    }

    tasks: list[Task] = []
    for order, item in enumerate(seed["commitments"], start=1):
        commitment = sync(
            Commitment,
            {"agreement": agreement, "order": order},
            text=item["text"],
            source_paragraph=item["p"],
        )
        wanted = [fields[c] for c in item["fields"]]
        if list(commitment.fields.order_by("pk")) != sorted(wanted, key=lambda f: f.pk):
            commitment.fields.set(wanted)
        if set(commitment.localities.all()) != {hanoi, danang}:
            commitment.localities.set([hanoi, danang])
        field = wanted[0]
        hn_key, dn_key = COUNTERPARTS[field.code]
        # leads alternate between the cities every four tasks, so that each city has all states
        lead_code = "01" if (order - 1) // 4 % 2 == 0 else "48"
        lead = keyed[(lead_code, hn_key if lead_code == "01" else dn_key)]
        partner = keyed[("48", dn_key)] if lead_code == "01" else keyed[("01", hn_key)]
        start, due, completed, progress = PATTERNS[(order - 1) % 4]
        title = TASK_TITLES[item["p"]].format(topic=_topic(field))
        if order == 7:  # the extension below moved this task's due date; keep its baseline
            due = dt.date(2030, 6, 30)
        task = sync(
            Task,
            {"commitment": commitment, "lead": lead},
            title=title,
            start_date=start,
            due_date=due,
            completed_on=completed,
            progress=progress,
            reporting=Task.Recurrence.QUARTERLY if item["p"] == 4 else "",
        )
        if order == 7 and task.baseline_due_date != dt.date(2024, 12, 31):
            Task.objects.filter(pk=task.pk).update(baseline_due_date=dt.date(2024, 12, 31))
        if set(task.partners.all()) != {partner}:
            task.partners.set([partner])
        if lead.pk == keyed[(lead_code, "skhcn")].pk and not task.assignees.exists():
            task.assignees.set([officers[lead_code]])
        tasks.append(task)
        if completed or progress:
            sync(
                ProgressReport,
                {"task": task, "reported_on": completed or dt.date(2025, 3, 31)},
                author=officers[lead_code]
                if lead.pk == keyed[(lead_code, "skhcn")].pk
                else coordinators[lead_code],
                progress=progress,
                completed=bool(completed),
                text="Đã tổ chức đoàn công tác, trao đổi tài liệu và thống nhất nội dung phối hợp."
                if completed
                else "Đã thống nhất kế hoạch, đang triển khai các nội dung trao đổi.",
            )

    # an approved extension (the baseline stays at its original date)
    extended = tasks[6]
    sync(
        ExtensionRequest,
        {"task": extended, "current_due": dt.date(2024, 12, 31)},
        requested_by=coordinators["48" if extended.lead.locality.code == "48" else "01"],
        new_due=dt.date(2030, 6, 30),
        reason="Chờ hoàn thiện hệ thống dịch vụ công trực tuyến sau sắp xếp đơn vị hành chính năm 2025.",
        state=ExtensionRequest.State.APPROVED,
        decided_by=coordinators[extended.lead.locality.code],
        decision_note="Đồng ý gia hạn.",
    )
    # a dependency: the joint brand waits for the joint promotion programme
    sync(TaskDependency, {"predecessor": tasks[28], "successor": tasks[29]}, lag_days=30)
    # an overdue task escalated to its coordinator
    overdue = tasks[3]
    coordinator = coordinators[overdue.lead.locality.code]
    if overdue.escalated_on is None:
        Task.objects.filter(pk=overdue.pk).update(escalated_on=dt.date(2025, 7, 7))
    sync(
        Reminder,
        {
            "task": overdue,
            "user": coordinator,
            "kind": Reminder.Kind.ESCALATION,
            "for_date": dt.date(2025, 7, 7),
        },
    )
    sync(
        Notification,
        {
            "user": coordinator,
            "url": f"/nhiem-vu/{overdue.pk}/",
            "text": f"Nhiệm vụ quá hạn cần chỉ đạo: “{overdue.title}” ({overdue.lead.name_vi}) "
            "đã quá hạn 7 ngày.",
        },
    )
    sync(
        Comment,
        {"task": overdue, "author": coordinator},
        text="Đề nghị đơn vị chủ trì báo cáo nguyên nhân chậm tiến độ và đề xuất thời hạn mới.",
    )
    log(
        f"programmes: {agreement.reference}, {agreement.commitments.count()} commitments, "
        f"{Task.objects.filter(commitment__agreement=agreement).count()} tasks"
    )
