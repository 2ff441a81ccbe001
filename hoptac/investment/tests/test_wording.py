"""Investment's pages show investment's own Vietnamese where another catalogue translates the
same English differently (Django keeps one translation per string for the whole site)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.investment import actions
from hoptac.investment.views.events import participant_url

from .factories import EnterpriseFactory, make_event

pytestmark = pytest.mark.django_db


def test_a_project_s_documents_are_files_not_legal_documents(client, portal_world, member):
    project = portal_world.project["own"]
    client.force_login(member("coordinator", "own"))
    url = reverse("investment:project_attachments", args=[project.code])
    page = client.get(url).content.decode()
    assert "<h2>Thêm tài liệu</h2>" in page and "Chưa có tài liệu." in page


def test_a_b2b_day_speaks_of_companies_and_of_accepting_a_meeting(client, portal_world, member):
    firms = [EnterpriseFactory(locality=portal_world.localities[k]) for k in ("own", "partner")]
    event, _slots, _tables, (a, b) = make_event(portal_world.localities["own"], 2, 1, firms)
    actions.request_meeting(a, b)
    page = client.get(participant_url(b)).content.decode()
    assert 'value="accept">Nhận lời</button>' in page
    client.force_login(member("coordinator", "own"))
    manage = client.get(reverse("investment:event_manage", args=[event.pk])).content.decode()
    assert "<h2>Đơn vị tham dự</h2>" in manage
