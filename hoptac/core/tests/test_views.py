from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.core.models import Organisation
from hoptac.core.tests.factories import OrganisationFactory

PUBLIC_PAGES = [
    "core:home",
    "core:locality_list",
    "core:organisation_list",
    "login",
    "password_reset",
]


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_answer_in_vietnamese_by_default(client, world, name):
    response = client.get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="vi">' in response.content.decode()


@pytest.mark.parametrize(("language", "expected"), [("vi", "Đăng nhập"), ("en", "Sign in")])
def test_the_language_switch_changes_every_label(client, world, language, expected):
    response = client.post(reverse("set_language"), {"language": language, "next": "/"})
    assert response.status_code == 302
    page = client.get(reverse("core:home")).content.decode()
    assert f'<html lang="{language}">' in page
    assert expected in page


def test_organisation_names_follow_the_language(client, world):
    org = world.department["own"]
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    page = client.get(reverse("core:organisation_detail", args=[org.pk])).content.decode()
    assert org.name_en in page


def test_officer_of_a_partner_city_cannot_edit_by_forged_request(client, world, member):
    target = world.department["own"]
    before = Organisation.objects.get(pk=target.pk)
    client.force_login(member("coordinator", where="partner"))
    response = client.post(
        reverse("core:organisation_edit", args=[target.pk]), {"name_vi": "Tên giả mạo"}
    )
    assert response.status_code == 403
    assert (
        "Nothing was changed" in response.content.decode()
        or "Không có gì" in response.content.decode()
    )
    after = Organisation.objects.get(pk=target.pk)
    assert after.name_vi == before.name_vi
    assert after.history.count() == 1


def test_anonymous_is_sent_to_sign_in_before_editing(client, world):
    response = client.get(reverse("core:organisation_edit", args=[world.department["own"].pk]))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_form_errors_are_shown_in_the_users_language(client, world, member):
    org = world.department["own"]
    client.force_login(member("coordinator"))
    data = {"name_vi": "", "valid_from": "31/02/2025", "valid_to": "01/01/2020"}
    page = client.post(reverse("core:organisation_edit", args=[org.pk]), data)
    assert page.status_code == 200
    text = page.content.decode()
    assert "Trường này là bắt buộc." in text
    assert "Nhập một ngày hợp lệ." in text
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    text = client.post(reverse("core:organisation_edit", args=[org.pk]), data).content.decode()
    assert "This field is required." in text


def test_end_of_validity_before_its_start_is_refused_with_a_message(client, world, member):
    org = world.department["own"]
    client.force_login(member("coordinator"))
    data = {"name_vi": org.name_vi, "valid_from": "01/03/2025", "valid_to": "28/02/2025"}
    page = client.post(reverse("core:organisation_edit", args=[org.pk]), data)
    assert "Ngày hết hiệu lực không thể trước ngày bắt đầu." in page.content.decode()
    org.refresh_from_db()
    assert org.valid_from is None


def test_vietnamese_dates_are_written_day_first(client, world, member):
    import datetime as dt

    org = world.department["own"]
    org.valid_from = dt.date(2025, 3, 1)
    org.save()
    page = client.get(reverse("core:organisation_detail", args=[org.pk])).content.decode()
    assert "01/03/2025" in page


@pytest.mark.parametrize(
    "url",
    [
        "/co-quan/?page=abc",
        "/co-quan/?page=999999",
        "/co-quan/?kind=%00%ff&locality=<script>",
        "/co-quan/?q=" + "x" * 5000,
        "/co-quan/?q=a%00b",
        "/nhiem-vu/?q=%00",
        "/api/organisations?locality=%00",
        "/co-quan/999999999/",
        "/co-quan/abc/",
        "/khong-ton-tai/",
        "/api/organisations?limit=-1",
        "/api/organisations?offset=abc",
    ],
)
def test_malformed_requests_never_give_a_500(client, world, url):
    response = client.get(url)
    assert response.status_code < 500


def test_post_without_csrf_token_is_refused_with_a_clear_page(world, member):
    from django.test import Client

    csrf_client = Client(enforce_csrf_checks=True)
    csrf_client.force_login(member("coordinator"))
    org = world.department["own"]
    response = csrf_client.post(reverse("core:organisation_edit", args=[org.pk]), {"name_vi": "X"})
    assert response.status_code == 403
    assert "Biểu mẫu đã hết hạn" in response.content.decode()
    org.refresh_from_db()
    assert org.name_vi != "X"


def test_members_are_hidden_from_anonymous_and_unrelated_users(client, world, member):
    org = world.department["own"]
    colleague = member("officer")
    colleague.full_name = "Đỗ Thị Bí Mật"
    colleague.save()
    assert (
        "Đỗ Thị Bí Mật"
        not in client.get(reverse("core:organisation_detail", args=[org.pk])).content.decode()
    )
    client.force_login(member("officer", where="unrelated"))
    assert (
        "Đỗ Thị Bí Mật"
        not in client.get(reverse("core:organisation_detail", args=[org.pk])).content.decode()
    )
    client.force_login(member("officer", where="partner"))
    assert (
        "Đỗ Thị Bí Mật"
        in client.get(reverse("core:organisation_detail", args=[org.pk])).content.decode()
    )


@pytest.mark.parametrize("rows", [5, 40])
def test_organisation_list_queries_do_not_grow_with_rows(
    client, world, django_assert_max_num_queries, rows
):
    parent = world.office["own"]
    OrganisationFactory.create_batch(rows, locality=world.localities["own"], parent=parent)
    with django_assert_max_num_queries(6):
        response = client.get(reverse("core:organisation_list"))
    assert response.status_code == 200


@pytest.mark.parametrize("rows", [3, 30])
def test_locality_list_queries_do_not_grow_with_rows(
    client, db, django_assert_max_num_queries, rows
):
    from hoptac.core.tests.factories import LocalityFactory

    LocalityFactory.create_batch(rows)
    with django_assert_max_num_queries(4):
        assert client.get(reverse("core:locality_list")).status_code == 200


def test_navigation_shows_only_the_parts_that_exist(client, world):
    from hoptac.core import navigation

    page = client.get(reverse("core:home")).content.decode()
    for item in navigation.items_for(None):
        assert item.url in page
    # Organisations and localities share one "Directory" entry that leads to both
    assert 'href="/chi-so/"' in page
    directory = client.get(reverse("core:organisation_list")).content.decode()
    assert reverse("core:locality_list") in directory


def test_livez_answers_without_reading_the_database(client):
    # No `db` fixture: any query here would raise "Database access not allowed".
    response = client.get("/livez")

    assert response.status_code == 200
    assert response.content == b"ok"


def test_healthz_answers_when_the_database_answers(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json()["status"] == "ok"


def test_healthz_answers_over_plain_http_when_https_is_enforced(client, db, settings):
    settings.SECURE_SSL_REDIRECT = True
    assert client.get("/healthz").status_code == 200
    assert client.get("/healthz", secure=True).status_code == 200
    assert client.get("/dia-phuong/").status_code == 301  # every other page still redirects


def test_healthz_answers_503_when_the_database_does_not(client, db, monkeypatch):
    from django.db import connection

    def broken(*args, **kwargs):
        raise OSError("database down")

    with monkeypatch.context() as patched:
        patched.setattr(connection, "cursor", broken)
        assert client.get("/healthz").status_code == 503


def test_profile_saves_the_language_preference(client, world, member):
    user = member("officer")
    client.force_login(user)
    response = client.post(
        reverse("core:profile"),
        {"full_name": "Trần Văn A", "email": "a@example.vn", "language": "en"},
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.language == "en"
    assert client.get(reverse("core:home")).content.decode().count('lang="en"') >= 1


def test_notifications_are_listed_counted_and_marked_read(client, world, member):
    from hoptac.core.models import Notification
    from hoptac.core.notifications import notify

    officer = member("officer")
    other = member("officer", where="partner")
    notify([officer], "Nhiệm vụ mới giao cho cơ quan", "/nhiem-vu/1/")
    notify([other], "Thư riêng của người khác", "")
    client.force_login(officer)
    page = client.get(reverse("core:notifications")).content.decode()
    assert "Nhiệm vụ mới giao cho cơ quan" in page
    assert "Thư riêng của người khác" not in page
    assert 'class="bell-count">1' in page
    client.post(reverse("core:notifications"))
    assert not Notification.objects.filter(user=officer, read_at__isnull=True).exists()
    assert Notification.objects.filter(user=other, read_at__isnull=True).exists()


def test_notifications_need_sign_in(client, db):
    assert client.get(reverse("core:notifications")).status_code == 302


def test_a_nul_in_the_filters_is_dropped_not_sent_to_the_database(client, world):
    response = client.get("/co-quan/?q=S%00%E1%BB%9F&locality=0%001")
    assert response.status_code == 200
    assert response.context["filters"]["q"] == "Sở"
    assert client.get("/api/organisations?locality=4%008").json()["count"] == 2


def test_the_language_switch_goes_to_the_twin_of_a_page_that_exists_per_language(client, db):
    """An English visitor on /dau-tu/ or /chi-so/ who picks EN lands on the English twin."""
    from django.test import RequestFactory
    from django.urls import resolve

    from hoptac.core.context_processors import twin_pages

    request = RequestFactory().get("/dau-tu/du-an/?status=calling")
    request.resolver_match = resolve("/dau-tu/du-an/")
    assert twin_pages(request) == {
        "vi": "/dau-tu/du-an/?status=calling",
        "en": "/en/invest/projects/?status=calling",
    }
    request = RequestFactory().get("/co-quan/")
    request.resolver_match = resolve("/co-quan/")
    assert twin_pages(request) == {}


def test_the_navigation_keeps_the_chosen_language(client, db):
    from django.utils import translation

    from hoptac.core.navigation import localised_url

    with translation.override("en"):
        assert localised_url("investment:home") == "/en/invest/"
        assert localised_url("core:organisation_list") == "/co-quan/"
    with translation.override("vi"):
        assert localised_url("investment:home") == "/dau-tu/"
