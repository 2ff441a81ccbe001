"""Large amounts in words, the Vietnamese way and the English way."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import translation

from hoptac.investment.templatetags.investment import vnd_words


@pytest.mark.parametrize(
    ("amount", "vi", "en"),
    [
        (10_350_000_000_000, "10,35 nghìn tỷ đồng", "VND 10.35 trillion"),
        (350_000_000_000, "350 tỷ đồng", "VND 350 billion"),
        (1_500_000_000, "1,5 tỷ đồng", "VND 1.5 billion"),
        (1_234_567_890, "1,23 tỷ đồng", "VND 1.23 billion"),
        (999_999_999_999, "1 nghìn tỷ đồng", "VND 1 trillion"),
        (2_000_000, "2 triệu đồng", "VND 2 million"),
        (1_250_000_000_000_000, "1.250 nghìn tỷ đồng", "VND 1,250 trillion"),
        (Decimal("750000"), "750.000 ₫", "750,000 ₫"),
        (0, "0 ₫", "0 ₫"),
    ],
)
def test_large_amounts_are_written_in_words(amount, vi, en):
    with translation.override("vi"):
        assert vnd_words(amount) == vi
    with translation.override("en"):
        assert vnd_words(amount) == en


def test_nothing_gives_nothing():
    assert vnd_words(None) == ""
    assert vnd_words("") == ""


def test_the_key_figure_box_uses_words_and_keeps_the_exact_amount(client, portal_world):
    from hoptac.investment.models import Project

    Project.objects.filter(pk=portal_world.project["own"].pk).update(capital_vnd=9_950_000_000_000)
    # with the two other cities' 200 billion each: 10.35 trillion in all
    vi = client.get(reverse("investment:home")).content.decode()
    assert '<span class="amount">10,35</span> nghìn tỷ đồng' in vi
    assert 'title="10.350.000.000.000 ₫"' in vi
    en = client.get(reverse("investment:home_en")).content.decode()
    assert 'VND <span class="amount">10.35</span> trillion' in en


def test_one_line_of_money_uses_one_notation(client, portal_world):
    """“2.500.000.000.000 ₫ ≈ US$ 98,425,197” mixed two notations on one line."""
    from hoptac.investment.templatetags.investment import usd, vnd

    with translation.override("vi"):
        assert (vnd(2_500_000_000_000), usd(98_425_197)) == (
            "2.500.000.000.000 ₫",
            "US$ 98.425.197",
        )
    with translation.override("en"):
        assert (vnd(2_500_000_000_000), usd(98_425_197)) == (
            "2,500,000,000,000 ₫",
            "US$ 98,425,197",
        )


def test_amounts_use_the_rate_the_cities_set_when_a_project_has_none(client, portal_world):
    import datetime as dt
    from decimal import Decimal

    project = portal_world.project["own"]
    project.usd_rate, project.rate_date = None, None
    project.capital_vnd = Decimal("2540000000000")
    project.save()
    brand = portal_world.brand
    brand.usd_rate, brand.rate_date = Decimal("25400"), dt.date(2026, 11, 30)
    brand.save()
    url = reverse("investment:project_detail_en", args=[project.code])
    en = client.get(url).content.decode()
    assert "US$ 100,000,000" in en and "at 25,400 ₫/USD on 30/11/2026" in en
    vi = client.get(reverse("investment:project_detail", args=[project.code])).content.decode()
    assert "US$ 100.000.000" in vi and "25.400 ₫/USD" in vi and "30/11/2026" in vi
    brand.usd_rate = None
    brand.save()
    assert "US$" not in client.get(url).content.decode()


def test_a_portal_rate_needs_its_date(client, portal_world, member):
    brand = portal_world.brand
    data = {
        "name_vi": brand.name_vi,
        "name_en": brand.name_en,
        "primary_colour": brand.primary_colour,
        "accent_colour": brand.accent_colour,
        "localities": [loc.pk for loc in brand.localities.all()],
        "usd_rate": "25400",
    }
    client.force_login(member("coordinator", "own"))
    response = client.post(reverse("investment:brand_edit"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["rate_date"]
    brand.refresh_from_db()
    assert brand.usd_rate is None
    ok = client.post(reverse("investment:brand_edit"), {**data, "rate_date": "30/11/2026"})
    assert ok.status_code == 302
    brand.refresh_from_db()
    assert brand.usd_rate == 25400 and brand.rate_date.day == 30
