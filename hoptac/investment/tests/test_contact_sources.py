"""Contacts shown on the portal say where they were checked, or are marked unverified."""

from __future__ import annotations

import pytest
from django.urls import reverse

from hoptac.investment.models import Brand, Project

from .factories import GuideStepFactory


def _aside(page: str, after: str) -> str:
    return page.split(after, 1)[1].split("</aside>", 1)[0]


@pytest.mark.parametrize(
    ("name", "marker"), [("contact", "chưa kiểm chứng"), ("contact_en", "unverified")]
)
def test_the_brand_contact_without_a_source_is_marked_unverified(
    client, portal_world, name, marker
):
    Brand.objects.update(contact_email="xuctien@example.org", contact_phone="")
    page = client.get(reverse(f"investment:{name}")).content.decode()
    assert marker in _aside(page, "xuctien@example.org")


def test_the_brand_contact_with_a_source_links_it_and_is_not_marked(client, portal_world):
    Brand.objects.update(
        contact_email="xuctien@example.org", contact_source_url="https://example.org/lien-he"
    )
    for name in ("contact_en", "home_en"):
        page = client.get(reverse(f"investment:{name}")).content.decode()
        after = page.split("xuctien@example.org", 1)[1][:600]
        assert 'href="https://example.org/lien-he"' in after
        assert "unverified" not in after


def test_a_brand_without_any_contact_shows_no_marker(client, portal_world):
    Brand.objects.update(contact_email="", contact_phone="")
    page = client.get(reverse("investment:contact_en")).content.decode()
    assert "No source given for this contact" not in page


def test_a_project_contact_is_marked_until_a_source_is_given(client, portal_world):
    project = portal_world.project["own"]
    Project.objects.filter(pk=project.pk).update(contact_email="duan@example.org")
    url = reverse("investment:project_detail_en", args=[project.code])
    assert "unverified" in _aside(client.get(url).content.decode(), "duan@example.org")
    Project.objects.filter(pk=project.pk).update(contact_source_url="https://example.org/duan")
    section = _aside(client.get(url).content.decode(), "duan@example.org")
    assert "unverified" not in section
    assert 'href="https://example.org/duan"' in section


def test_a_guide_step_contact_without_a_source_is_marked_unverified(client, world):
    own = world.localities["own"]
    GuideStepFactory(locality=own, contact="Tầng 1, số 1 phố Mẫu")
    GuideStepFactory(
        locality=own, contact="Tầng 2, số 2 phố Mẫu", source_url="https://example.org/buoc"
    )
    page = client.get(reverse("investment:guide_city_en", args=[own.code])).content.decode()
    unsourced = page.split("Tầng 1, số 1 phố Mẫu", 1)[1].split("</dd>", 1)[0]
    sourced = page.split("Tầng 2, số 2 phố Mẫu", 1)[1].split("</dd>", 1)[0]
    assert "unverified" in unsourced
    assert "unverified" not in sourced
