"""Project documents and the brand's logo are downloaded through views: a draft project's
documents only by its own city, a published one's by anyone; the logo by anyone."""

from __future__ import annotations

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from hoptac.exchange.tests.files import PNG, pdf_bytes
from hoptac.investment import actions
from hoptac.investment.models import Project


@pytest.fixture
def document(portal_world):
    from hoptac.core.files import check_upload

    project = portal_world.project["own"]
    project.status = Project.Status.DRAFT
    project.save(update_fields=["status"])
    checked = check_upload(SimpleUploadedFile("Báo cáo khả thi.pdf", pdf_bytes()))
    return actions.add_project_attachment(project, checked, "Báo cáo khả thi", None)


def _get(client, document):
    return client.get(reverse("investment:attachment", args=[document.pk]))


@pytest.mark.parametrize("who", [None, "partner", "unrelated"])
def test_a_draft_project_s_document_is_hidden_from_others(client, document, member, who):
    if who:
        client.force_login(member("officer", who))
    assert _get(client, document).status_code == 404


def test_the_own_city_downloads_a_draft_project_s_document(client, document, member, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    client.force_login(member("officer", "own"))
    response = _get(client, document)
    assert response.status_code == 200
    with document.file.open("rb") as stored:
        assert b"".join(response.streaming_content) == stored.read()
    assert "B%C3%A1o%20c%C3%A1o" in response["Content-Disposition"]


def test_a_published_project_s_document_is_public(client, document, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = "/protected-media/"
    document.project.status = Project.Status.CALLING
    document.project.save(update_fields=["status"])
    response = _get(client, document)
    assert response.status_code == 200
    assert response["X-Accel-Redirect"] == f"/protected-media/{document.file.name}"
    page = client.get(reverse("investment:project_detail", args=[document.project.code]))
    assert reverse("investment:attachment", args=[document.pk]) in page.content.decode()


def test_the_logo_is_served_to_anyone_from_a_random_name(client, portal_world, settings):
    settings.FILES_ACCEL_REDIRECT_PREFIX = ""
    assert client.get(reverse("investment:logo")).status_code == 404
    portal_world.brand.logo.save("logo thành phố.png", ContentFile(PNG))
    assert "th" not in portal_world.brand.logo.name.rpartition("/")[2]
    response = client.get(reverse("investment:logo"))
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert response["Content-Type"] == "image/png"
    home = client.get(reverse("investment:home")).content.decode()
    assert f'src="{reverse("investment:logo")}"' in home


@pytest.mark.parametrize(
    ("name", "data"),
    [("logo.png", b"<svg onload=alert(1)>"), ("logo.svg", b"MZ\x90\x00"), ("logo.gif", PNG)],
)
def test_a_logo_is_checked_by_its_content(name, data):
    from hoptac.investment.forms import BrandForm

    form = BrandForm(
        data={"name_vi": "A", "name_en": "A", "primary_colour": "#a4161a"},
        files={"logo": SimpleUploadedFile(name, data)},
    )
    assert not form.is_valid()
    assert "logo" in form.errors
