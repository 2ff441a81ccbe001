"""The writing API: tokens by scope and locality, the same permissions, actions and history as
the pages, and a clear 4xx for every malformed request."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.core.models import ApiToken
from hoptac.programmes.models import Comment, ProgressReport, Task

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def bearer(user, scope="write", localities=()):
    _token, key = ApiToken.issue(user, "hệ thống văn bản", scope, localities)
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _new_task(programme, world, **over):
    return {
        "commitment": programme.commitment.pk,
        "title": "Triển khai hệ thống một cửa",
        "lead": world.department["own"].pk,
        "start_date": "2025-01-01",
        "due_date": "2025-12-31",
        **over,
    }


def test_a_coordinator_s_token_creates_a_task_with_history(client, programme, member, world):
    coordinator = member("coordinator", "own")
    response = client.post(
        "/api/tasks",
        _new_task(programme, world),
        content_type="application/json",
        **bearer(coordinator),
    )
    assert response.status_code == 201, response.content
    task = Task.objects.get(pk=response.json()["id"])
    assert task.history.first().history_user == coordinator
    assert response.json()["status"] == "overdue" or response.json()["status"] == "in_term"


def test_a_read_token_cannot_write(client, programme, member, world):
    headers = bearer(member("coordinator", "own"), scope="read")
    assert client.get("/api/tasks", **headers).status_code == 200
    response = client.post(
        "/api/tasks", _new_task(programme, world), content_type="application/json", **headers
    )
    assert response.status_code == 401
    assert not Task.objects.filter(title="Triển khai hệ thống một cửa").exists()


def test_a_revoked_or_unknown_token_is_refused(client, programme, member):
    assert client.get("/api/tasks", HTTP_AUTHORIZATION="Bearer hpk_nonsense").status_code == 401


def test_a_token_limited_to_another_locality_sees_and_changes_nothing_here(
    client, programme, member, world
):
    """A coordinator of both cities, with a token limited to Da Nang, cannot touch Hanoi's task."""
    from hoptac.core.tests.factories import MembershipFactory

    coordinator = member("coordinator", "own")
    MembershipFactory(user=coordinator, organisation=world.office["partner"], role="coordinator")
    headers = bearer(coordinator, localities=[world.localities["partner"]])
    hanoi_task = programme.task["own"]
    response = client.patch(
        f"/api/tasks/{hanoi_task.pk}",
        {"title": "Đổi tên"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 403
    response = client.post(
        "/api/tasks", _new_task(programme, world), content_type="application/json", **headers
    )
    assert response.status_code == 422  # Hanoi's department is not a lead this token may name
    danang_task = programme.task["partner"]
    response = client.patch(
        f"/api/tasks/{danang_task.pk}",
        {"title": "Tên mới"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 200, response.content


@pytest.mark.parametrize(
    ("role", "where", "status"),
    [
        ("coordinator", "own", 200),
        ("officer", "own", 403),
        ("coordinator", "partner", 403),
        ("coordinator", "unrelated", 404),
    ],
)
def test_only_the_lead_s_coordinator_changes_a_task(client, programme, member, role, where, status):
    task = programme.task["own"]
    response = client.patch(
        f"/api/tasks/{task.pk}",
        {"title": "Tên mới của nhiệm vụ"},
        content_type="application/json",
        **bearer(member(role, where)),
    )
    assert response.status_code == status
    task.refresh_from_db()
    assert (task.title == "Tên mới của nhiệm vụ") is (status == 200)


def test_an_officer_posts_a_report_with_evidence(client, programme, member):
    officer = member("officer", "own")
    task = programme.task["own"]
    response = client.post(
        f"/api/tasks/{task.pk}/reports",
        {"progress": "40", "text": "Đã họp hai lần", "files": [SimpleUploadedFile("bb.pdf", PDF)]},
        **bearer(officer),
    )
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["progress"] == 40 and body["evidence"][0]["name"] == "bb.pdf"
    task.refresh_from_db()
    assert task.progress == 40
    assert task.history.first().history_user == officer


def test_a_report_with_a_bad_file_is_refused_and_saves_nothing(client, programme, member):
    task = programme.task["own"]
    response = client.post(
        f"/api/tasks/{task.pk}/reports",
        {"progress": "40", "text": "x", "files": [SimpleUploadedFile("a.pdf", b"MZ not a pdf")]},
        **bearer(member("officer", "own")),
    )
    assert response.status_code == 422
    assert "errors" in response.json()
    assert not ProgressReport.objects.filter(task=task).exists()


def test_the_partner_s_officer_cannot_report_on_hanoi_s_task(client, programme, member):
    task = programme.task["own"]
    response = client.post(
        f"/api/tasks/{task.pk}/reports",
        {"progress": "40", "text": "x"},
        **bearer(member("officer", "partner")),
    )
    assert response.status_code == 403
    assert not ProgressReport.objects.exists()


def test_comments_and_extension_requests(client, programme, member):
    task = programme.task["own"]
    headers = bearer(member("officer", "own"))
    response = client.post(
        f"/api/tasks/{task.pk}/comments",
        {"text": "Xin ý kiến"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201
    assert Comment.objects.get().text == "Xin ý kiến"
    assert client.get(f"/api/tasks/{task.pk}/comments", **headers).json()[0]["text"] == "Xin ý kiến"
    response = client.post(
        f"/api/tasks/{task.pk}/extensions",
        {"new_due": (task.due_date + dt.timedelta(days=30)).isoformat(), "reason": "Chờ vốn"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    response = client.post(
        f"/api/tasks/{task.pk}/extensions",
        {"new_due": "2020-01-01", "reason": "Sớm hơn"},
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 422


_DATES = '"lead": 1, "start_date": "2025-01-01", "due_date": "2025-02-01"'


@pytest.mark.parametrize(
    "body",
    [
        "{not json",
        '{"commitment": "abc"}',
        '{"commitment": 99999999999999999999, "title": "x", ' + _DATES + "}",
        '{"commitment": 1, "title": "x\\u0000", ' + _DATES + "}",
        '{"commitment": 1, "title": "x", "lead": 1, "start_date": "2025-02-30", '
        '"due_date": "2025-02-01"}',
        "[]",
    ],
)
def test_malformed_input_gets_a_clear_4xx(client, programme, member, body):
    response = client.post(
        "/api/tasks",
        body,
        content_type="application/json",
        **bearer(member("coordinator", "own")),
    )
    assert 400 <= response.status_code < 500
    assert "detail" in response.json()


def test_due_before_start_is_refused_with_the_field(client, programme, member, world):
    response = client.post(
        "/api/tasks",
        _new_task(programme, world, due_date="2024-01-01"),
        content_type="application/json",
        **bearer(member("coordinator", "own")),
    )
    assert response.status_code == 422
    assert "due_date" in response.json()["errors"]


def test_session_writes_need_the_csrf_token(programme, member, world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(member("coordinator", "own"))
    response = client.post(
        "/api/tasks", _new_task(programme, world), content_type="application/json"
    )
    assert response.status_code in (401, 403)


@pytest.mark.parametrize("n", [3, 12])
def test_listing_reports_takes_a_fixed_number_of_queries(
    client, programme, member, n, django_assert_max_num_queries
):
    officer = member("officer", "own")
    task = programme.task["own"]
    for i in range(n):
        ProgressReport.objects.create(
            task=task, author=officer, reported_on=dt.date(2024, 2, 1), progress=i, text="t"
        )
    headers = bearer(officer)
    with django_assert_max_num_queries(12):
        assert len(client.get(f"/api/tasks/{task.pk}/reports", **headers).json()) == n


@pytest.mark.parametrize(
    "who", [("officer", "partner"), ("coordinator", "partner"), ("coordinator", "unrelated")]
)
def test_valid_writes_to_a_task_of_another_city_are_refused(client, world, member, who):
    """Hanoi's own task (Da Nang is no party): every write of the API, with a valid body."""
    from .factories import AgreementFactory, CommitmentFactory, TaskFactory

    own = world.localities["own"]
    task = TaskFactory(
        commitment=CommitmentFactory(
            agreement=AgreementFactory(issuer=world.office["own"], parties=[own])
        ),
        lead=world.department["own"],
    )
    headers = bearer(member(*who))
    writes = [
        ("patch", f"/api/tasks/{task.pk}", {"title": "x"}),
        ("post", f"/api/tasks/{task.pk}/comments", {"text": "x"}),
        ("post", f"/api/tasks/{task.pk}/extensions", {"new_due": "2031-01-01", "reason": "x"}),
    ]
    for method, url, body in writes:
        response = getattr(client, method)(url, body, content_type="application/json", **headers)
        assert response.status_code == 404, url
    response = client.post(
        f"/api/tasks/{task.pk}/reports", {"progress": "5", "text": "x"}, **headers
    )
    assert response.status_code == 404
    for url in (f"/api/tasks/{task.pk}/reports", f"/api/tasks/{task.pk}/comments"):
        assert client.get(url, **headers).status_code == 404
    assert not ProgressReport.objects.exists() and not Comment.objects.exists()


@pytest.mark.parametrize(
    ("language", "invalid", "refused", "unseen", "bad_status"),
    [
        (
            None,
            "Yêu cầu không hợp lệ",
            "Chỉ cơ quan chủ trì được báo cáo tiến độ",
            "Không có nhiệm vụ nào mang mã này",
            "status phải là một trong",
        ),
        (
            "en",
            "The request is not valid",
            "Only the lead organisation reports progress",
            "No task of that id",
            "status must be one of",
        ),
    ],
)
def test_the_task_api_answers_its_errors_in_the_caller_s_language(
    client, programme, member, language, invalid, refused, unseen, bad_status
):
    """Vietnamese unless the program asks otherwise with Accept-Language (decision 0013): the
    `detail` too, not only the form's messages under `errors`."""
    task = programme.task["own"]
    extra = {"HTTP_ACCEPT_LANGUAGE": language} if language else {}
    officer = bearer(member("officer", "own"))
    bad_file = {"progress": "40", "text": "x", "files": [SimpleUploadedFile("a.pdf", b"MZ")]}
    answer = client.post(f"/api/tasks/{task.pk}/reports", bad_file, **officer, **extra)
    assert answer.status_code == 422 and invalid in answer.json()["detail"]
    partner = bearer(member("officer", "partner"))
    report = {"progress": "40", "text": "x"}
    answer = client.post(f"/api/tasks/{task.pk}/reports", report, **partner, **extra)
    assert answer.status_code == 403 and refused in answer.json()["detail"]
    answer = client.post("/api/tasks/2147483647/reports", report, **officer, **extra)
    assert answer.status_code == 404 and unseen in answer.json()["detail"]
    answer = client.get("/api/tasks?status=late", **officer, **extra)
    assert answer.status_code == 422 and bad_status in answer.json()["detail"]


def test_a_short_title_is_written_read_back_and_bounded(client, programme, member, world):
    headers = bearer(member("coordinator", "own"))
    response = client.post(
        "/api/tasks",
        _new_task(programme, world, short_title="Một cửa"),
        content_type="application/json",
        **headers,
    )
    assert response.status_code == 201, response.content
    assert response.json()["short_title"] == "Một cửa"
    pk = response.json()["id"]
    changed = client.patch(
        f"/api/tasks/{pk}",
        {"short_title": "Một cửa 2026"},
        content_type="application/json",
        **headers,
    )
    assert changed.status_code == 200 and changed.json()["short_title"] == "Một cửa 2026"
    assert Task.objects.get(pk=pk).title == "Triển khai hệ thống một cửa"  # the rest kept
    too_long = client.patch(
        f"/api/tasks/{pk}", {"short_title": "x" * 41}, content_type="application/json", **headers
    )
    assert too_long.status_code == 422
    assert Task.objects.get(pk=pk).short_title == "Một cửa 2026"
