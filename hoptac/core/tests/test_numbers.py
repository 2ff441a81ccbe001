"""Numbers and money in the page's notation (hoptac.core.numbers and its template filters)."""

from __future__ import annotations

from decimal import Decimal

from django.template import Context, Template
from django.utils import translation

from hoptac.core import numbers


def test_vietnamese_groups_with_dots_and_marks_decimals_with_a_comma():
    assert numbers.group(1234567, "vi") == "1.234.567"
    assert numbers.number(Decimal("1234.56"), 1, "vi") == "1.234,6"
    assert numbers.number(1234.5, 2, "en") == "1,234.50"
    assert numbers.group(-1234, "vi") == "-1.234"


def test_the_active_language_decides_when_none_is_given():
    with translation.override("en"):
        assert numbers.number(1234.5, 1) == "1,234.5"
    with translation.override("vi"):
        assert numbers.number(1234.5, 1) == "1.234,5"


def test_percent_drops_trailing_zeros_and_says_dash_for_nothing():
    assert numbers.percent(6 / 7, language="vi") == "85,7%"
    assert numbers.percent(1.0, language="vi") == "100%"
    assert numbers.percent(12.345, 2, "vi") == "1.234,5%"
    assert numbers.percent(0.5, language="en") == "50%"
    assert numbers.percent(-0.004, language="vi") == "-0,4%"
    assert numbers.percent(None) == "–"


def test_money_in_the_pages_notation():
    assert numbers.vnd(1234567, "vi") == "1.234.567 ₫"
    assert numbers.usd(98425197, "en") == "US$ 98,425,197"
    with translation.override("vi"):
        assert numbers.vnd_words(Decimal("10350000000000")) == "10,35 nghìn tỷ đồng"
    with translation.override("en"):
        assert numbers.vnd_words(Decimal("10350000000000")) == "VND 10.35 trillion"
    assert numbers.vnd(None) == "" and numbers.vnd_words("") == ""


def test_template_filters_write_the_pages_notation():
    template = Template(
        "{% load numbers %}{{ x|num:1 }} {{ r|percent }} {{ m|vnd }} {{ m|vnd_figure }}"
    )
    with translation.override("vi"):
        html = template.render(Context({"x": 1234.56, "r": 0.25, "m": 2_500_000_000}))
    assert html == '1.234,6 25% 2.500.000.000 ₫ <span class="amount">2,5</span> tỷ đồng'
