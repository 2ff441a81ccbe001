from __future__ import annotations

from django.urls import reverse

from hoptac.programmes.ical import token_for


def test_api_lists_only_visible_tasks(client, programme, member):
    client.force_login(member("officer", where="unrelated"))
    assert client.get("/api/tasks").json()["count"] == 0
    client.force_login(member("officer", where="partner"))
    data = client.get("/api/tasks?status=in_term").json()
    assert data["count"] == 2
    assert {t["status"] for t in data["items"]} == {"in_term"}
    assert client.get("/api/tasks?status=bogus").status_code == 422


def test_api_task_of_another_city_is_not_found(client, programme, member):
    client.force_login(member("officer", where="unrelated"))
    assert client.get(f"/api/tasks/{programme.task['own'].pk}").status_code == 404


def test_ical_feed_lists_my_open_deadlines(client, programme, member):
    officer = member("officer")
    body = client.get(reverse("programmes:ical_feed", args=[token_for(officer)])).content.decode()
    assert "BEGIN:VCALENDAR" in body
    assert programme.task["own"].title in body
    assert programme.task["partner"].title not in body


def test_ical_link_dies_with_a_password_change(client, programme, member):
    officer = member("officer")
    token = token_for(officer)
    officer.set_password("mat-khau-moi-2026")
    officer.save()
    assert client.get(reverse("programmes:ical_feed", args=[token])).status_code == 404
    assert client.get(reverse("programmes:ical_feed", args=["gia-mao"])).status_code == 404
