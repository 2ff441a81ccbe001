"""The exchange part of the demo, drawn from paragraphs 2–4 of Notice 2138-TB/TU (docs/source-document.md).

Idempotent: rows are upserted with hoptac.core.demo.sync and fixed dates, files are added only
when missing, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core import dates, files
from hoptac.core.demo import sync
from hoptac.core.models import CooperationField, Locality, Organisation, User

from .models import (
    Activity,
    Addressee,
    Adoption,
    Answer,
    Attachment,
    ExperienceRequest,
    Participant,
    Policy,
    Practice,
)

TZ = dates.VIETNAM


def _at(y: int, m: int, d: int, hh: int = 8, mm: int = 0) -> dt.datetime:
    return dt.datetime(y, m, d, hh, mm, tzinfo=TZ)


def training_days(today: dt.date) -> tuple[dt.date, dt.date]:
    """The demo's training course: the first Monday at least a week after the day the demo is
    loaded, its registration open until the Saturday before — so that a demo loaded any day
    offers a course to register for (a fixed date closed it on 7 December 2026, and the
    browser test that registers with it failed from that evening, Vietnam time)."""
    start = today + dt.timedelta(days=7)
    start += dt.timedelta(days=(7 - start.weekday()) % 7)
    return start, start - dt.timedelta(days=2)


PRACTICES = [
    # key, city, org, fields, visibility, status, vi title, en title, vi summary, en summary,
    # body, results, tags, published
    (
        "dn-cqdt",
        "48",
        "snv",
        ["chinh-quyen-do-thi", "co-che-dac-thu"],
        "public",
        "published",
        "Thí điểm mô hình chính quyền đô thị tại Đà Nẵng: không tổ chức HĐND quận, phường",
        "Urban-government pilot in Da Nang: no People's Councils at district and ward level",
        "Đà Nẵng tổ chức chính quyền đô thị theo Nghị quyết số 119/2020/QH14: UBND quận, phường "
        "là cơ quan hành chính, chủ tịch UBND phường làm việc theo chế độ thủ trưởng.",
        "Da Nang runs an urban government under Resolution 119/2020/QH14: district and ward "
        "People's Committees are administrative bodies headed by their chairs.",
        "## Cách làm\n\n1. Rà soát chức năng của phường, chuyển các việc của HĐND lên cấp thành "
        "phố.\n2. Sắp xếp công chức phường theo vị trí việc làm.\n3. Giao chủ tịch UBND phường "
        "quyết định theo chế độ thủ trưởng, chịu giám sát của HĐND thành phố.\n\n"
        "## Điều kiện áp dụng\n\nCần nghị quyết của Quốc hội cho phép thí điểm.",
        "Bộ máy cấp phường tinh gọn hơn; thời gian giải quyết việc của người dân ở phường "
        "rút ngắn.",
        "chính quyền đô thị, tổ chức bộ máy, cấp cơ sở",
        _at(2021, 9, 15),
    ),
    (
        "hn-cqdt",
        "01",
        "snv",
        ["chinh-quyen-do-thi"],
        "partners",
        "published",
        "Không tổ chức HĐND phường và sắp xếp cán bộ bán chuyên trách tại Hà Nội",
        "No ward People's Councils and rearranging part-time officials in Hanoi",
        "Kinh nghiệm của Hà Nội khi thí điểm không tổ chức HĐND phường theo Nghị quyết số "
        "97/2019/QH14 và bố trí lại cán bộ không chuyên trách ở xã, phường, thị trấn.",
        "Hanoi's experience of the pilot without ward People's Councils (Resolution "
        "97/2019/QH14) and of rearranging part-time officials in communes and wards.",
        "## Các bước\n\n- Lập danh sách cán bộ không chuyên trách theo từng phường.\n"
        "- Bố trí theo vị trí việc làm, ưu tiên người có chuyên môn phù hợp.\n"
        "- Hướng dẫn thống nhất về phụ cấp.\n",
        "Số người hoạt động không chuyên trách giảm; phân công rõ việc ở phường.",
        "chính quyền đô thị, bán chuyên trách",
        _at(2021, 11, 2),
    ),
    (
        "dn-ioc",
        "48",
        "skhcn",
        ["do-thi-thong-minh", "ung-dung-cntt"],
        "public",
        "published",
        "Chính quyền điện tử và Trung tâm giám sát, điều hành đô thị thông minh",
        "E-government and the smart-city operations centre",
        "Đà Nẵng vận hành nền tảng chính quyền điện tử dùng chung và trung tâm giám sát, điều "
        "hành đô thị thông minh kết nối dữ liệu của các sở, ngành.",
        "Da Nang runs a shared e-government platform and a smart-city operations centre that "
        "connects the data of its departments.",
        "## Thành phần\n\n| Thành phần | Vai trò |\n|---|---|\n| Nền tảng dùng chung | Xác "
        "thực, thanh toán, danh mục |\n| Trung tâm điều hành | Giám sát giao thông, môi trường, "
        "phản ánh của người dân |\n\nXem tệp đính kèm để biết quy trình vận hành.",
        "Phản ánh của người dân được chuyển đúng đơn vị xử lý; số liệu dùng chung giữa các sở.",
        "chính quyền điện tử, đô thị thông minh, IOC",
        _at(2022, 3, 10),
    ),
    (
        "hn-dvc",
        "01",
        "vpubnd",
        ["dich-vu-cong", "cai-cach-hanh-chinh"],
        "public",
        "published",
        "Dịch vụ công trực tuyến toàn trình và số hóa hồ sơ tại Bộ phận một cửa",
        "Fully online public services and digitising files at the one-stop desk",
        "Hà Nội số hóa hồ sơ ngay tại Bộ phận một cửa và đưa các thủ tục đủ điều kiện lên dịch vụ "
        "công trực tuyến toàn trình.",
        "Hanoi digitises files at the one-stop desk and puts every eligible procedure fully "
        "online.",
        "## Cách làm\n\n- Số hóa hồ sơ khi tiếp nhận, trả kết quả điện tử.\n- Rà soát thủ tục "
        "đủ điều kiện toàn trình mỗi quý.\n- Công khai tiến độ giải quyết hồ sơ.",
        "Tỷ lệ hồ sơ nộp trực tuyến tăng qua từng quý.",
        "dịch vụ công trực tuyến, một cửa, số hóa",
        _at(2023, 5, 20),
    ),
    (
        "hn-danhgia",
        "01",
        "btc",
        ["can-bo"],
        "partners",
        "draft",
        "Đánh giá cán bộ theo kết quả công việc hằng quý (dự thảo)",
        "Quarterly evaluation of cadres by results (draft)",
        "Dự thảo cách đánh giá cán bộ theo sản phẩm công việc hằng quý, chưa chia sẻ.",
        "Draft of a quarterly evaluation of cadres by their work results, not yet shared.",
        "Đang hoàn thiện.",
        "",
        "đánh giá cán bộ",
        None,
    ),
]

POLICIES = [
    # key, city, org, number, kind, issuer, vi, en, summary, issued, practices
    # Dates checked against the texts (search tool, 5 December 2026): 97/2019/QH14 of 27 November
    # 2019, Article 1.2: pilot from 1 July 2021 (english.luatvietnam.vn/resolution-no-97-2019-qh14-
    # dated-november-27-2019-of-the-national-assembly-on-piloting-the-urban-administration-model-
    # in-hanoi-178927-doc1.html); 119/2020/QH14 of 19 June 2020, pilot from 1 July 2021
    # (english.luatvietnam.vn/resolution-no-119-2020-qh14-dated-june-19-2020-of-the-national-
    # assembly-piloting-the-urban-administration-model-and-a-number-of-specific-mechanisms-
    # 185784-doc1.html).
    (
        "01",
        "snv",
        "97/2019/QH14",
        "resolution_na",
        "Quốc hội",
        "Nghị quyết về thí điểm tổ chức mô hình chính quyền đô thị tại thành phố Hà Nội",
        "Resolution on piloting the urban-government model in Hanoi",
        "Thí điểm không tổ chức Hội đồng nhân dân phường tại các quận, thị xã của Hà Nội.",
        dt.date(2019, 11, 27),
        ["hn-cqdt"],
    ),
    (
        "48",
        "snv",
        "119/2020/QH14",
        "resolution_na",
        "Quốc hội",
        "Nghị quyết về thí điểm tổ chức mô hình chính quyền đô thị và một số cơ chế, chính sách "
        "đặc thù phát triển thành phố Đà Nẵng",
        "Resolution on piloting the urban-government model and some specific mechanisms and "
        "policies for the development of Da Nang",
        "Thí điểm không tổ chức Hội đồng nhân dân quận, phường và một số cơ chế, chính sách đặc "
        "thù cho Đà Nẵng.",
        dt.date(2020, 6, 19),
        ["dn-cqdt"],
    ),
]

DOCX_LINES = [
    "Quy trình vận hành Trung tâm giám sát, điều hành đô thị thông minh",
    "Bước 1: Tiếp nhận phản ánh của người dân qua ứng dụng và tổng đài.",
    "Bước 2: Phân loại và chuyển đơn vị xử lý trong ngày.",
    "Bước 3: Theo dõi, đôn đốc và công khai kết quả xử lý.",
]


def _docx_bytes(lines: list[str]) -> bytes:
    import docx

    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _attach_once(owner_field: str, owner, name: str, data: bytes, by: User | None) -> None:
    if Attachment.objects.filter(**{owner_field: owner, "name": name}).exists():
        return
    checked = files.check_upload(SimpleUploadedFile(name, data))
    path = files.store(checked, "exchange/demo")
    Attachment.objects.create(
        file=path,
        name=checked.name,
        kind=checked.kind,
        size=checked.size,
        text=checked.text,
        uploaded_by=by,
        uploaded_at=_at(2022, 3, 10),
        **{owner_field: owner},
    )


def load_demo(log: Callable[[str], None]) -> None:
    """Practices, policies, requests and activities of Hanoi and Da Nang."""
    cities = {loc.code: loc for loc in Locality.objects.filter(code__in=["01", "48"])}
    if len(cities) < 2:
        return
    orgs = {
        f"{o.locality.code}:{key}": o
        for key, prefix in [
            ("snv", "Sở Nội vụ"),
            ("skhcn", "Sở Khoa học và Công nghệ"),
            ("vpubnd", "Văn phòng Ủy ban nhân dân"),
            ("btc", "Ban Tổ chức Thành ủy"),
        ]
        for o in Organisation.objects.filter(
            locality__in=cities.values(), name_vi__startswith=prefix
        ).select_related("locality")
    }
    fields = {f.code: f for f in CooperationField.objects.all()}
    users = {u.username: u for u in User.objects.filter(username__regex=r"^(hn|dn)-")}

    practices: dict[str, Practice] = {}
    for (key, city, org, field_codes, visibility, status, t_vi, t_en, s_vi, s_en, body, results,
         tags, published) in PRACTICES:  # fmt: skip
        practice = sync(
            Practice,
            {"locality": cities[city], "title_vi": t_vi},
            organisation=orgs[f"{city}:{org}"],
            title_en=t_en,
            summary_vi=s_vi,
            summary_en=s_en,
            body_vi=body,
            results=results,
            tags=tags,
            visibility=visibility,
            status=status,
            published_at=published,
            contact=f"{orgs[f'{city}:{org}'].name_vi}",
        )
        practice.fields.set([fields[c] for c in field_codes if c in fields])
        practices[key] = practice
    _attach_once(
        "practice",
        practices["dn-ioc"],
        "quy-trinh-van-hanh-IOC.docx",
        _docx_bytes(DOCX_LINES),
        users.get("dn-chuyenvien"),
    )
    adoption = sync(
        Adoption,
        {"practice": practices["dn-ioc"], "organisation": orgs["01:skhcn"]},
        locality=cities["01"],
        started_on=dt.date(2023, 2, 1),
        plan="Thử nghiệm tiếp nhận phản ánh tập trung tại hai quận trước khi mở rộng.",
        outcome=Adoption.Outcome.IN_PROGRESS,
        outcome_report="Đã kết nối dữ liệu phản ánh của hai quận; đang mở rộng.",
        reported_at=_at(2024, 6, 30, 16),
        created_by=users.get("hn-chuyenvien"),
    )

    for city, org, number, kind, issuer, t_vi, t_en, summary, issued, linked in POLICIES:
        policy = sync(
            Policy,
            {"number": number, "issuer": issuer},
            organisation=orgs[f"{city}:{org}"],
            locality=cities[city],
            kind=kind,
            title_vi=t_vi,
            title_en=t_en,
            summary_vi=summary,
            issued_on=issued,
            legal_status=Policy.LegalStatus.IN_FORCE,
            visibility="public",
            status="published",
        )
        policy.fields.set(
            [fields[c] for c in ("chinh-quyen-do-thi", "co-che-dac-thu") if c in fields]
        )
        policy.practices.set([practices[k] for k in linked])

    # One request answered, one waiting.
    answered = sync(
        ExperienceRequest,
        {
            "organisation": orgs["01:snv"],
            "subject": "Kinh nghiệm sắp xếp công chức phường khi không tổ chức HĐND",
        },
        locality=cities["01"],
        question="Sở Nội vụ Đà Nẵng đã bố trí công chức phường thế nào khi phường không còn HĐND? "
        "Xin chia sẻ quy trình và các văn bản hướng dẫn.",
        due_on=dt.date(2026, 10, 15),
        status=ExperienceRequest.Status.ANSWERED,
        sent_at=_at(2026, 9, 25, 9),
        created_by=users.get("hn-dieuphoi"),
    )
    answered.fields.set([fields["chinh-quyen-do-thi"]] if "chinh-quyen-do-thi" in fields else [])
    addressee = sync(
        Addressee,
        {"request": answered, "locality": cities["48"]},
        organisation=orgs["48:snv"],
        state=Addressee.State.ANSWERED,
        answered_at=_at(2026, 10, 8, 15, 30),
    )
    answer = sync(
        Answer,
        {"addressee": addressee, "organisation": orgs["48:snv"]},
        body="Chúng tôi bố trí theo vị trí việc làm, chuyển việc của HĐND phường lên HĐND thành "
        "phố. Quy trình chi tiết ở thực tiễn đính kèm.",
        created_at=_at(2026, 10, 8, 15, 30),
        created_by=users.get("dn-dieuphoi"),
    )
    answer.practices.set([practices["dn-cqdt"]])

    pending = sync(
        ExperienceRequest,
        {
            "organisation": orgs["48:skhcn"],
            "subject": "Số hóa hồ sơ thủ tục hành chính tại Bộ phận một cửa",
        },
        locality=cities["48"],
        question="Hà Nội tổ chức số hóa hồ sơ khi tiếp nhận thế nào (nhân lực, thiết bị, quy "
        "trình)? Tỷ lệ hồ sơ toàn trình đạt bao nhiêu?",
        due_on=dt.date(2026, 12, 5),
        status=ExperienceRequest.Status.OPEN,
        sent_at=_at(2026, 11, 16, 10),
        created_by=users.get("dn-chuyenvien"),
    )
    pending.fields.set([fields[c] for c in ("dich-vu-cong", "cai-cach-hanh-chinh") if c in fields])
    sync(Addressee, {"request": pending, "locality": cities["01"]}, organisation=None)

    # Activities: a study visit, a training course, a workshop.
    visit = sync(
        Activity,
        {
            "organisation": orgs["01:vpubnd"],
            "title_vi": "Đoàn công tác Hà Nội nghiên cứu mô hình chính quyền đô thị tại Đà Nẵng",
        },
        locality=cities["01"],
        kind=Activity.Kind.STUDY_VISIT,
        title_en="Hanoi study visit on the urban-government model in Da Nang",
        description="Đoàn làm việc với Sở Nội vụ và một số UBND phường của Đà Nẵng.",
        starts_at=_at(2026, 10, 20, 8),
        ends_at=_at(2026, 10, 22, 17),
        place="Trung tâm Hành chính thành phố Đà Nẵng",
        host_locality=cities["48"],
        agenda="- Ngày 1: làm việc với Sở Nội vụ\n- Ngày 2: thăm hai UBND phường\n"
        "- Ngày 3: tổng kết",
        minutes="Hai bên trao đổi về bố trí công chức phường và cơ chế giám sát của HĐND "
        "thành phố.",
        outcomes="Thống nhất trao đổi văn bản hướng dẫn; Hà Nội gửi câu hỏi qua hệ thống.",
        visibility="public",
        status="published",
    )
    visit.fields.set([fields["chinh-quyen-do-thi"]] if "chinh-quyen-do-thi" in fields else [])
    course, closes = training_days(dates.today())
    training = sync(
        Activity,
        {"organisation": orgs["01:btc"], "title_vi": "Lớp bồi dưỡng về đánh giá cán bộ"},
        locality=cities["01"],
        kind=Activity.Kind.TRAINING,
        title_en="Training course on evaluating cadres",
        description="Lớp bồi dưỡng chung cho cán bộ làm công tác tổ chức của hai thành phố.",
        starts_at=_at(course.year, course.month, course.day, 8),
        ends_at=_at(course.year, course.month, course.day, 17) + dt.timedelta(days=1),
        place="Trường Đào tạo cán bộ Lê Hồng Phong, Hà Nội",
        host_locality=cities["01"],
        agenda="1. Khung đánh giá theo kết quả công việc\n2. Thực hành\n3. Trao đổi kinh nghiệm",
        registration_open=True,
        registration_deadline=closes,
        capacity=60,
        visibility="partners",
        status="published",
    )
    training.fields.set([fields["can-bo"]] if "can-bo" in fields else [])
    workshop = sync(
        Activity,
        {
            "organisation": orgs["48:skhcn"],
            "title_vi": "Hội thảo chính quyền điện tử và đô thị thông minh",
        },
        locality=cities["48"],
        kind=Activity.Kind.WORKSHOP,
        title_en="Workshop on e-government and smart cities",
        description="Chia sẻ kinh nghiệm vận hành trung tâm điều hành và dịch vụ công trực tuyến.",
        starts_at=_at(2026, 12, 3, 8, 30),
        ends_at=_at(2026, 12, 3, 17),
        place="Đà Nẵng",
        host_locality=cities["48"],
        registration_open=True,
        visibility="public",
        status="published",
    )
    workshop.fields.set([fields[c] for c in ("do-thi-thong-minh", "dich-vu-cong") if c in fields])
    for username, role in [
        ("hn-lanhdao", "delegate"),
        ("hn-chuyenvien", "delegate"),
        ("dn-dieuphoi", "host"),
    ]:
        if username in users:
            sync(Participant, {"activity": visit, "user": users[username]}, role=role,
                 registered_at=_at(2026, 10, 1))  # fmt: skip
    sync(
        Participant,
        {"activity": visit, "guest_name": "Lê Minh Tuấn"},
        guest_organisation="Viện Nghiên cứu phát triển kinh tế - xã hội Đà Nẵng",
        role="speaker",
        registered_at=_at(2026, 10, 1),
    )
    if "dn-chuyenvien" in users:
        sync(Participant, {"activity": training, "user": users["dn-chuyenvien"]},
             role="attendee", registered_at=_at(2026, 11, 20))  # fmt: skip
    log(
        f"exchange: {Practice.objects.count()} practices, {Policy.objects.count()} policies, "
        f"{ExperienceRequest.objects.count()} requests, {Activity.objects.count()} activities, "
        f"{adoption and Adoption.objects.count()} adoptions"
    )
