from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from hoptac.core.tests.factories import UserFactory

PASSWORD = "mat-khau-rat-manh-2025"


def test_sign_in_and_out(client, db):
    user = UserFactory(username="hn-test")
    response = client.post(reverse("login"), {"username": "hn-test", "password": PASSWORD})
    assert response.status_code == 302
    assert client.get(reverse("core:home")).context["user"] == user
    client.post(reverse("logout"))
    assert not client.get(reverse("core:home")).context["user"].is_authenticated


def test_wrong_password_is_explained_in_vietnamese(client, db):
    UserFactory(username="hn-test")
    page = client.post(reverse("login"), {"username": "hn-test", "password": "sai"})
    assert page.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in page.content.decode()


def test_login_is_throttled_after_repeated_failures(client, db, settings):
    UserFactory(username="hn-test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hn-test", "password": "sai"})
    locked = client.post(reverse("login"), {"username": "hn-test", "password": PASSWORD})
    assert locked.status_code == 429
    assert "Đăng nhập sai quá nhiều lần" in locked.content.decode()
    assert not client.get(reverse("core:home")).context["user"].is_authenticated


def test_throttling_one_account_leaves_others_alone(client, db, settings):
    UserFactory(username="hn-test")
    UserFactory(username="dn-test")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(reverse("login"), {"username": "hn-test", "password": "sai"})
    ok = client.post(reverse("login"), {"username": "dn-test", "password": PASSWORD})
    assert ok.status_code == 302


def test_password_change(client, db):
    user = UserFactory()
    client.force_login(user)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "Hop-tac-2138-TBTU",
            "new_password2": "Hop-tac-2138-TBTU",
        },
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Hop-tac-2138-TBTU")


def test_password_reset_by_email(client, db):
    user = UserFactory(email="can-bo@hanoi.gov.vn")
    client.post(reverse("password_reset"), {"email": "can-bo@hanoi.gov.vn"})
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/mat-khau/dat-lai/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    set_url = form_page.redirect_chain[-1][0] if form_page.redirect_chain else link
    done = client.post(
        set_url, {"new_password1": "Da-Nang-2019-hop-tac", "new_password2": "Da-Nang-2019-hop-tac"}
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("Da-Nang-2019-hop-tac")


def test_password_reset_for_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "khong-co@example.vn"})
    assert response.status_code == 302
    assert len(mail.outbox) == 0


@pytest.mark.parametrize("language", ["vi", "en"])
def test_admin_speaks_the_users_language(client, db, language):
    admin = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(admin)
    client.post(reverse("set_language"), {"language": language, "next": "/"})
    page = client.get(reverse("admin:index")).content.decode()
    assert (
        "Quản trị hệ thống Hoptac" in page if language == "vi" else "Hoptac administration" in page
    )
    assert client.get(reverse("admin:core_organisation_changelist")).status_code == 200
