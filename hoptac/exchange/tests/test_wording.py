"""Exchange's pages show exchange's own Vietnamese where another catalogue translates the same
English differently (Django keeps one translation per string for the whole site)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories import ActivityFactory, PolicyFactory

pytestmark = pytest.mark.django_db


def test_the_participants_of_an_activity_are_listed_by_full_name(client, world, member):
    activity = ActivityFactory(organisation=world.department["own"], registration_open=True)
    client.force_login(member("officer", "partner"))
    client.post(reverse("exchange:activity_register", args=[activity.pk]))
    page = client.get(activity.get_absolute_url()).content.decode()
    assert '<th scope="col">Họ và tên</th>' in page  # the project's "Tên" replaced it


def test_the_policy_pages_speak_of_legal_documents(client, world, member):
    new = PolicyFactory(organisation=world.office["own"], number="2/2025/NQ-HĐND")
    PolicyFactory(organisation=world.office["own"], legal_status="replaced", replaced_by=new)
    client.force_login(member("coordinator"))
    page = client.get(reverse("exchange:policy_list")).content.decode()
    assert "Thêm văn bản" in page and "bằng văn bản 2/2025/NQ-HĐND" in page
    detail = client.get(new.get_absolute_url()).content.decode()
    assert "<dt>Loại văn bản</dt>" in detail


def test_the_calendar_lists_the_activities_of_the_month_it_shows(client, world, member):
    client.force_login(member("officer"))
    month = (timezone.localdate().replace(day=1) - timezone.timedelta(days=1)).strftime("%Y-%m")
    page = client.get(reverse("exchange:calendar") + f"?thang={month}").content.decode()
    assert "<h2>Trong tháng</h2>" in page  # not "this month": the month shown may be another
