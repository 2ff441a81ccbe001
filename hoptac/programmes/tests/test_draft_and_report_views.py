from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.core.models import User
from hoptac.core.tests.demo_module import module_demo, use_module_demo
from hoptac.programmes.models import Agreement, Commitment, Task

demo_module = module_demo(["core", "programmes"])


@pytest.fixture
def demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)
    return Agreement.objects.get(reference="2138-TB/TU")


def _login(client, username: str) -> User:
    user = User.objects.get(username=username)
    client.force_login(user)
    return user


def test_draft_proposes_and_creates_only_what_is_accepted(client, demo):
    _login(client, "hn-dieuphoi")
    url = reverse("programmes:draft", args=[demo.pk])
    page = client.post(url, {"step": "propose", "text": demo.source_text})
    assert page.status_code == 200
    formset = page.context["formset"]
    assert len(formset.forms) >= 25
    before_c, before_t = Commitment.objects.count(), Task.objects.count()
    data = {"step": "accept", "start_date": "01/01/2027", "due_date": "31/12/2027"}
    data.update({k: v for k, v in formset.management_form.initial.items()})
    data = {**data, "form-TOTAL_FORMS": 2, "form-INITIAL_FORMS": 2}
    for i, form in enumerate(formset.forms[:2]):
        initial = form.initial
        data[f"form-{i}-text"] = initial["text"]
        data[f"form-{i}-paragraph"] = initial["paragraph"]
        data[f"form-{i}-fields"] = initial["fields"]
        if initial["lead"]:
            data[f"form-{i}-lead"] = initial["lead"].pk
        data[f"form-{i}-partners"] = [o.pk for o in initial["partners"]]
    data["form-0-accept"] = "on"  # the second is dropped
    response = client.post(url, data)
    assert response.status_code == 302
    assert Commitment.objects.count() == before_c + 1
    assert Task.objects.count() == before_t + 1


def test_nothing_is_created_by_proposing(client, demo):
    _login(client, "hn-dieuphoi")
    before = Commitment.objects.count()
    client.post(
        reverse("programmes:draft", args=[demo.pk]), {"step": "propose", "text": demo.source_text}
    )
    assert Commitment.objects.count() == before


def test_a_text_with_no_commitment_keeps_the_text_and_offers_nothing_to_accept(client, demo):
    _login(client, "hn-dieuphoi")
    url = reverse("programmes:draft", args=[demo.pk])
    text = "Biên bản buổi làm việc. Đoàn công tác đã thăm Khu công nghệ cao."
    page = client.post(url, {"step": "propose", "text": text})
    assert page.status_code == 200
    body = page.content.decode()
    assert page.context["formset"] is None and 'value="accept"' not in body
    assert 'value="propose"' in body and "Đoàn công tác đã thăm" in body
    assert "Không tìm thấy nội dung cam kết nào" in body


@pytest.mark.parametrize(
    "upload",
    [
        SimpleUploadedFile("tb.pdf", b"this is not a pdf"),
        SimpleUploadedFile("tb.docx", b"PK\x03\x04broken"),
        SimpleUploadedFile("tb.exe", b"MZ"),
    ],
)
def test_bad_source_files_are_refused_with_a_message(client, demo, upload):
    _login(client, "hn-dieuphoi")
    response = client.post(
        reverse("programmes:draft", args=[demo.pk]), {"step": "propose", "file": upload}
    )
    assert response.status_code == 400
    assert response.context["source"].errors


def test_a_docx_source_is_read(client, demo):
    import docx

    document = docx.Document()
    document.add_paragraph(
        "Hai thành phố thống nhất tăng cường hợp tác trong công tác cải cách hành chính."
    )
    buffer = io.BytesIO()
    document.save(buffer)
    _login(client, "hn-dieuphoi")
    response = client.post(
        reverse("programmes:draft", args=[demo.pk]),
        {"step": "propose", "file": SimpleUploadedFile("tb.docx", buffer.getvalue())},
    )
    assert response.status_code == 200
    assert any(
        "cải cách hành chính" in f.initial["text"] for f in response.context["formset"].forms
    )


def test_only_coordinators_draft(client, demo):
    _login(client, "hn-chuyenvien")
    assert client.get(reverse("programmes:draft", args=[demo.pk])).status_code == 403


@pytest.mark.parametrize("username, place", [("hn-dieuphoi", "Hà Nội"), ("dn-dieuphoi", "Đà Nẵng")])
def test_the_review_report_is_dated_where_its_author_works(client, demo, username, place):
    # The agreement was issued in Hanoi; a Da Nang coordinator's report is dated in Da Nang and
    # issued by their own office unless they choose another body.
    user = _login(client, username)
    form = client.get(reverse("programmes:review_report", args=[demo.pk])).context["form"]
    assert form.initial["place"] == place
    own = user.memberships.values_list("organisation_id", flat=True)
    assert form.initial.get("issuer") in set(own)


def test_review_report_downloads_docx_and_pdf(client, demo):
    _login(client, "hn-dieuphoi")
    from hoptac.core.models import Organisation

    issuer = Organisation.objects.get(name_vi="Văn phòng Ủy ban nhân dân thành phố Hà Nội")
    data = {
        "period_start": "20/08/2019",
        "period_end": "26/11/2026",
        "issuer": issuer.pk,
        "number": "15/BC-UBND",
        "place": "Hà Nội",
        "signer_name": "Lê Văn Quang",
        "signer_title": "PHÓ CHỦ TỊCH",
        "recipients": "Thường trực Thành ủy;\nLưu: VT",
        "file_format": "docx",
    }
    url = reverse("programmes:review_report", args=[demo.pk])
    docx_response = client.post(url, data)
    assert docx_response.status_code == 200
    assert docx_response["Content-Type"].startswith("application/vnd.openxmlformats")
    pdf_response = client.post(url, {**data, "file_format": "pdf"})
    assert pdf_response.content.startswith(b"%PDF")


def test_review_report_refuses_a_bad_number_and_another_citys_issuer(client, demo):
    _login(client, "hn-dieuphoi")
    from hoptac.core.models import Organisation

    other = Organisation.objects.get(name_vi="Văn phòng Ủy ban nhân dân thành phố Đà Nẵng")
    data = {
        "period_start": "20/08/2019",
        "period_end": "01/01/2019",
        "issuer": other.pk,
        "number": "15 BC",
        "place": "Hà Nội",
        "signer_name": "X",
        "signer_title": "Y",
        "recipients": "Z",
        "file_format": "docx",
    }
    response = client.post(reverse("programmes:review_report", args=[demo.pk]), data)
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert {"issuer", "number", "period_end"} <= set(errors)


def test_coordinator_links_a_practice_to_a_commitment_and_both_pages_show_it(client, demo):
    from django.contrib.contenttypes.models import ContentType

    from hoptac.core.models import Organisation
    from hoptac.exchange.tests.factories import PracticeFactory
    from hoptac.programmes.models import CommitmentLink

    org = Organisation.objects.get(name_vi="Sở Nội vụ Đà Nẵng")
    practice = PracticeFactory(organisation=org, title_vi="Thí điểm chính quyền đô thị Đà Nẵng")
    _login(client, "hn-dieuphoi")
    commitment = demo.commitments.get(order=8)
    response = client.post(
        reverse("programmes:link_commitment"),
        {
            "target": "exchange.practice",
            "object_id": practice.pk,
            "commitment": commitment.pk,
            "next": practice.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    ct = ContentType.objects.get_for_model(practice)
    assert CommitmentLink.objects.filter(
        commitment=commitment, content_type=ct, object_id=practice.pk
    ).exists()
    page = client.get(reverse("programmes:agreement_detail", args=[demo.pk])).content.decode()
    assert "Thí điểm chính quyền đô thị Đà Nẵng" in page
    practice_page = client.get(practice.get_absolute_url()).content.decode()
    assert "2138-TB/TU" in practice_page


def test_linking_refuses_other_kinds_and_other_cities(client, demo):
    _login(client, "hn-chuyenvien")
    commitment = demo.commitments.first()
    assert (
        client.post(
            reverse("programmes:link_commitment"),
            {"target": "core.user", "object_id": 1, "commitment": commitment.pk},
        ).status_code
        == 400
    )
    response = client.post(
        reverse("programmes:link_commitment"),
        {"target": "exchange.practice", "object_id": 1, "commitment": commitment.pk},
    )
    assert response.status_code == 403


AGREEMENT_TEXT = (
    "Hai bên thống nhất hợp tác trên các lĩnh vực sau:\n\n"
    "a) Sở Xây dựng hai thành phố phối hợp xây dựng cơ sở dữ liệu không gian đô thị, "
    "hoàn thành trong quý III/2030.\n\n"
    "b) Phối hợp tổ chức tuần lễ văn hóa, ẩm thực hai thành phố mỗi năm một lần."
)


def _proposed(client, demo):
    _login(client, "hn-dieuphoi")
    url = reverse("programmes:draft", args=[demo.pk])
    return url, client.post(url, {"step": "propose", "text": AGREEMENT_TEXT})


def test_the_review_form_says_why_and_marks_framing_and_no_field(client, demo):
    _, page = _proposed(client, demo)
    assert page.status_code == 200
    html = page.content.decode()
    assert [f.text for f in page.context["framing"]] == [
        "Hai bên thống nhất hợp tác trên các lĩnh vực sau:"
    ]
    spatial, culture = (form.initial for form in page.context["formset"].forms)
    assert spatial["lead"].name_vi == "Sở Xây dựng Hà Nội"
    assert [o.name_vi for o in spatial["partners"]] == ["Sở Xây dựng Đà Nẵng"]
    assert spatial["due_date"].isoformat() == "2030-09-30"
    assert spatial["fields"] == ["du-lieu-khong-gian"] and spatial["accept"] is True
    assert culture["fields"] == [] and culture["accept"] is False  # no field fits: for review
    assert culture["reporting"] == "yearly"
    assert "quý III/2030" in html  # the words the deadline was read from
    assert "no-field-fits" in html and reverse("programmes:field_list") in html
    assert "framing" in html


def _accept_data(page, **extra) -> dict:
    formset = page.context["formset"]
    data = {"step": "accept", "start_date": "01/01/2027", "due_date": "31/12/2027"}
    data.update({"form-TOTAL_FORMS": len(formset.forms), "form-INITIAL_FORMS": 0})
    for i, form in enumerate(formset.forms):
        initial = form.initial
        data[f"form-{i}-text"] = initial["text"]
        data[f"form-{i}-paragraph"] = initial["paragraph"]
        data[f"form-{i}-fields"] = initial["fields"] or ["xuc-tien-dau-tu"]
        data[f"form-{i}-accept"] = "on"
        if initial["lead"]:
            data[f"form-{i}-lead"] = initial["lead"].pk
        data[f"form-{i}-partners"] = [o.pk for o in initial["partners"]]
        if initial.get("due_date"):
            data[f"form-{i}-due_date"] = f"{initial['due_date']:%d/%m/%Y}"
        data[f"form-{i}-reporting"] = initial.get("reporting", "")
    data.update(extra)
    return data


def test_accepted_tasks_get_the_deadline_read_from_their_text(client, demo):
    url, page = _proposed(client, demo)
    response = client.post(url, _accept_data(page))
    assert response.status_code == 302
    spatial = Task.objects.get(commitment__text__startswith="Sở Xây dựng hai thành phố")
    assert spatial.due_date.isoformat() == "2030-09-30"  # not the date for all
    assert spatial.lead.name_vi == "Sở Xây dựng Hà Nội"
    assert [o.name_vi for o in spatial.partners.all()] == ["Sở Xây dựng Đà Nẵng"]


def test_a_six_monthly_rhythm_read_from_the_text_is_stored_on_the_task(client, demo):
    _login(client, "hn-dieuphoi")
    url = reverse("programmes:draft", args=[demo.pk])
    text = (
        "Sở Tài chính hai thành phố phối hợp chia sẻ kinh nghiệm quản lý thu ngân sách, "
        "định kỳ 6 tháng một lần báo cáo kết quả."
    )
    page = client.post(url, {"step": "propose", "text": text})
    (form,) = page.context["formset"].forms
    assert form.initial["reporting"] == "half-yearly"
    response = client.post(url, _accept_data(page))
    assert response.status_code == 302
    task = Task.objects.get(commitment__text__startswith="Sở Tài chính hai thành phố")
    assert task.reporting == Task.Recurrence.HALF_YEARLY


def test_a_deadline_before_the_start_is_refused_and_nothing_is_created(client, demo):
    url, page = _proposed(client, demo)
    before = Commitment.objects.count()
    response = client.post(url, _accept_data(page, **{"form-0-due_date": "01/06/2026"}))
    assert response.status_code == 400
    assert Commitment.objects.count() == before
    assert "Hạn hoàn thành 01/06/2026 trước ngày bắt đầu nhiệm vụ (01/01/2027)." in (
        response.content.decode()
    )
