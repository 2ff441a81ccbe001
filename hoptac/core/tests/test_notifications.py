from __future__ import annotations

import pytest
from django.core import mail
from django.utils import translation
from django.utils.translation import gettext_lazy

from hoptac.core.models import Notification
from hoptac.core.notifications import Address, message, notify

from .factories import UserFactory

# a msgid that the core catalogue translates (the Vietnamese below comes from it)
GREETING = gettext_lazy("Notifications")


def test_each_reader_gets_the_message_in_their_own_language(db, delivered):
    english = UserFactory(language="en")
    vietnamese = UserFactory(language="vi")
    with translation.override("vi"), delivered():
        notify([english, vietnamese], message(gettext_lazy("%(what)s"), what=GREETING), "/x/")
    texts = dict(Notification.objects.values_list("user_id", "text"))
    assert texts[english.pk] == "Notifications"
    assert texts[vietnamese.pk] == "Thông báo"
    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert bodies[english.email] == "Notifications\n\nhttp://127.0.0.1:8000/x/"
    assert bodies[vietnamese.email] == "Thông báo\n\nhttp://127.0.0.1:8000/x/"


def test_links_in_mail_start_with_the_site_address(db, delivered, settings):
    settings.SITE_URL = "https://hoptac.danang.gov.vn"
    with delivered():
        notify([UserFactory()], "Nhiệm vụ mới", "/nhiem-vu/7/")
        notify([UserFactory()], "Tài liệu", "https://other.example/doc")
    bodies = [m.body for m in mail.outbox]
    assert bodies[0].endswith("\n\nhttps://hoptac.danang.gov.vn/nhiem-vu/7/")
    assert bodies[1].endswith("\n\nhttps://other.example/doc")  # already absolute: kept
    assert Notification.objects.filter(url="/nhiem-vu/7/").exists()  # in-site links stay paths


def test_mail_leaves_through_the_worker_only_after_the_commit(
    db, django_capture_on_commit_callbacks
):
    user = UserFactory()
    with django_capture_on_commit_callbacks() as callbacks:
        notify([user], "Nhiệm vụ mới")
    assert Notification.objects.filter(user=user).count() == 1  # written with the transaction
    assert mail.outbox == []  # nothing sent before the commit
    assert len(callbacks) == 1


def test_addresses_without_accounts_get_mail_but_no_notice(db, delivered):
    with delivered():
        notify(
            [Address("investor@example.com", "en"), Address("")],
            "Hello",
            subject=message(gettext_lazy("%(what)s"), what=GREETING),
        )
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["investor@example.com"], "[Hoptac] Notifications")
    ]
    assert not Notification.objects.exists()


def test_inactive_and_repeated_recipients_are_told_at_most_once(db, delivered):
    user, gone = UserFactory(), UserFactory(is_active=False)
    with delivered():
        created = notify([user, user, gone], "Một lần", email=True)
    assert [n.user for n in created] == [user]
    assert [m.to for m in mail.outbox] == [[user.email]]


@pytest.mark.parametrize(("email", "in_app"), [(False, True), (True, False)])
def test_the_channels_can_be_chosen(db, delivered, email, in_app):
    user = UserFactory()
    with delivered():
        notify([user], "Nhắc việc", email=email, in_app=in_app)
    assert Notification.objects.exists() is in_app
    assert bool(mail.outbox) is email


def test_no_caller_formats_a_message_before_it_reaches_the_reader():
    """`_("…") % {…}` renders at once, in the actor's language: every call of `notify` passes a
    lazy text or `message(...)` (text and subject), so each reader gets their own language."""
    import ast
    from pathlib import Path

    import hoptac

    offenders = []
    for path in Path(hoptac.__file__).parent.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not isinstance(node, ast.Call):
                continue
            name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
            if name != "notify":
                continue
            texts = node.args[1:2] + [
                k.value for k in node.keywords if k.arg in ("text", "subject")
            ]
            for text in texts:
                if isinstance(text, ast.BinOp | ast.JoinedStr) or (
                    isinstance(text, ast.Call) and getattr(text.func, "attr", "") == "format"
                ):
                    offenders.append(f"{path.name}:{node.lineno}")
    assert offenders == []
