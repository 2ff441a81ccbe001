"""The layer page and the import page name the source coordinate system as a code, not a number."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("language", ["vi", "en"])
def test_source_crs_is_shown_as_a_code_with_its_name(
    client, member, make_layer, settings, language
):
    layer = make_layer()
    client.force_login(member("officer", "own"))
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    csv = b"so_hieu,x,y\nA,550175.030,1777160.451\n"
    r = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": SimpleUploadedFile("m.csv", csv), "mode": "replace"},
    )
    status_url = r["Location"]
    client.post(status_url + "he-toa-do/", {"srid": "5899"})
    with translation.override(language):
        for url in (f"/du-lieu-khong-gian/{layer.slug}/", status_url):
            page = client.get(url).content.decode()
            assert f'<html lang="{language}">' in page
            assert "EPSG:5899 — VN-2000 / TM-3 107-45" in page, url
            assert "5.899" not in page and "5,899" not in page, url
