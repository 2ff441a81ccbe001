from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.core.audit import changes_for
from hoptac.core.models import Organisation


def test_edit_through_the_page_records_who_what_before_and_after(client, world, member):
    coordinator = member("coordinator")
    org = world.department["own"]
    old_name = org.name_vi
    client.force_login(coordinator)
    data = {
        "name_vi": "Sở Khoa học và Công nghệ",
        "name_en": org.name_en,
        "abbreviation": org.abbreviation,
        "change_reason": "Hợp nhất Sở TT&TT",
    }
    response = client.post(reverse("core:organisation_edit", args=[org.pk]), data)
    assert response.status_code == 302
    entries = changes_for(org)
    latest = entries[0]
    assert latest.who == coordinator
    assert latest.action == "~"
    assert latest.reason == "Hợp nhất Sở TT&TT"
    name_change = next(c for c in latest.changes if c.field == "name_vi")
    assert (name_change.before, name_change.after) == (old_name, "Sở Khoa học và Công nghệ")
    assert entries[-1].action == "+"


@pytest.mark.parametrize(
    "model",
    [
        "Locality",
        "Organisation",
        "CooperationField",
        "CounterpartLink",
        "Partnership",
        "User",
        "Membership",
    ],
)
def test_every_user_edited_model_keeps_history(model):
    from django.apps import apps

    assert hasattr(apps.get_model("core", model), "history")


def test_audit_is_shown_to_the_coordinator_not_to_the_partner(client, world, member):
    org = world.department["own"]
    org.phone = "024 3825 1234"
    org.save()
    client.force_login(member("coordinator"))
    page = client.get(reverse("core:organisation_detail", args=[org.pk]))
    assert "024 3825 1234" in page.content.decode()
    assert page.context["can_see_audit"]
    client.force_login(member("coordinator", where="partner"))
    page = client.get(reverse("core:organisation_detail", args=[org.pk]))
    assert not page.context["can_see_audit"]
    assert "audit" not in page.context
    assert Organisation.history.filter(id=org.pk).count() == 2
