"""The Content-Security-Policy header, and no template that would need it loosened."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from django.conf import settings

ROOT = Path(settings.BASE_DIR) / "hoptac"


@pytest.mark.django_db
def test_every_page_carries_a_policy_with_a_fresh_nonce(client):
    first = client.get("/")["Content-Security-Policy"]
    second = client.get("/")["Content-Security-Policy"]
    assert "script-src 'self' 'nonce-" in first
    assert "'unsafe-inline'" not in first.split("style-src-attr")[0]
    assert "'unsafe-eval'" not in first
    assert first != second  # one nonce per response


@pytest.mark.django_db
def test_an_inline_style_sheet_carries_the_response_s_nonce(client):
    from hoptac.investment.models import Brand

    Brand.objects.create(name_vi="Hợp tác đầu tư", name_en="Invest")
    response = client.get("/dau-tu/")
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    assert f'<style nonce="{nonce}">' in response.content.decode()


def _templates():
    return sorted(ROOT.rglob("templates/**/*.html"))


@pytest.mark.parametrize("path", _templates(), ids=lambda p: str(p.relative_to(ROOT)))
def test_no_template_holds_an_inline_script_or_event_handler(path):
    text = path.read_text(encoding="utf-8")
    for tag in re.findall(r"<script\b[^>]*>", text):
        assert "src=" in tag or "application/json" in tag, f"inline script: {tag}"
    assert not re.search(r"\son[a-z]+\s*=\s*[\"']", text), "inline event handler (onclick=…)"
    for tag in re.findall(r"<style\b[^>]*>", text):
        assert "nonce=" in tag, f"style sheet without the nonce: {tag}"
