"""The same figure reads the same wherever it is shown: on the 766 page, in its detail, in the
prefilled "ask the partner how" request and in the exports (rounded, never truncated; thousands
grouped as Vietnamese write them)."""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

import pytest
from django.urls import reverse
from django.utils import translation

from hoptac.indicators import actions, statistics
from hoptac.indicators.models import Score

from .test_statistics import TODAY, monthly


def _score(numerator: int, denominator: int) -> Score:
    return Score(
        version="766/2022",
        locality_id=1,
        agency="",
        month=dt.date(2026, 10, 1),
        audience="public",
        component="on_time",
        numerator=numerator,
        denominator=denominator,
        points=None,
        max_points=None,
        is_demo=False,
    )


@pytest.mark.parametrize(
    ("numerator", "denominator", "vi", "en"),
    [
        (4955, 6734, "73,6%", "73.6%"),
        (2850, 6335, "45,0%", "45.0%"),
        (6075, 6335, "95,9%", "95.9%"),
    ],
)
def test_a_rate_is_rounded_not_truncated(numerator, denominator, vi, en):
    with translation.override("vi"):
        assert _score(numerator, denominator).percent == vi
    with translation.override("en"):
        assert _score(numerator, denominator).percent == en


@pytest.fixture
def big_figures(world):
    """Own lags its partner on the on-time rate, with points whose third decimal rounds up and
    counts in thousands."""
    own, partner = world.localities["own"], world.localities["partner"]
    for city, on_time, late in ((own, 6075, 260), (partner, 6740, 125)):
        parsed = statistics.parse_monthly(
            "m.csv",
            monthly(f"10/2026,Sở Xây dựng,1.001612,7000,100,{on_time},{late},0,0,0,0,0,0,0,0,0"),
            TODAY,
        )
        assert parsed.errors == []
        actions.import_statistics(city, parsed, by=None, is_public=True)
    return own, partner


def _question(page: str) -> str:
    ask = reverse("exchange:request_create")
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', page)]
    url = next(h for h in hrefs if h.startswith(ask + "?"))
    return parse_qs(urlsplit(url).query)["question"][0]


def test_the_prefilled_request_quotes_the_figures_as_the_page_shows_them(
    client, big_figures, member
):
    own, partner = big_figures
    client.force_login(member("officer", "own"))
    page = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    page = page.content.decode()
    assert "19,18 / 20,00" in page and "19,64 / 20,00" in page and "95,9%" in page
    question = _question(page)
    assert "19,18" in question and "(6.075 / 6.335)" in question, question
    assert "19,64" in question and "(6.740 / 6.865)" in question, question


def test_the_detail_leads_back_to_the_same_pair_of_cities(client, big_figures):
    own, partner = big_figures
    url = reverse("indicators:index766_detail")
    page = client.get(url, {"city": partner.code, "component": "on_time"}).content.decode()
    assert "98,2%" in page  # 6740 / 6865, rounded
    back = reverse("indicators:index766") + f"?a={partner.code}&amp;month=2026-10"
    assert back in page
    # the numbers are named as the city's own export names its columns, not by field names
    assert "“Trước hạn, đúng hạn” + “Quá hạn”" in page
    assert "finished_on_time" not in page


def test_the_export_names_the_source_status_in_the_page_language(client, big_figures):
    import io

    from openpyxl import load_workbook

    own, partner = big_figures
    response = client.get(
        reverse("indicators:index766"), {"a": own.code, "b": partner.code, "format": "xlsx"}
    )
    rows = list(load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    statuses = {row[2] for row in rows[3:]}
    assert statuses <= {"đã đọc", "chưa kiểm chứng"}, statuses


@pytest.mark.parametrize(
    ("days", "vi", "en"),
    [
        ("5.0", "5 ngày làm việc", "5 working days"),
        ("2.5", "2,5 ngày làm việc", "2.5 working days"),
        ("1.0", "1 ngày làm việc", "1 working day"),
    ],
)
def test_processing_times_read_as_people_write_them(days, vi, en):
    from hoptac.indicators import views
    from hoptac.indicators.models import Procedure

    procedure = Procedure(processing_days=Decimal(days))
    with translation.override("vi"):
        assert views.working_days(procedure) == vi  # in the prefilled request
        assert procedure.processing_time == vi  # on the page
    with translation.override("en"):
        assert procedure.processing_time == en
    assert views.working_days(None) == "—"


def test_ask_how_goes_to_the_counterpart_department_of_the_leading_city(
    client, big_figures, world, member
):
    """The issue's "an experience request to the counterpart department": the officer's own
    department asks, its counterpart in the leading city is chosen on the form."""
    from hoptac.core.tests.factories import CounterpartLinkFactory

    own, partner = big_figures
    CounterpartLinkFactory(
        organisation_a=world.department["partner"], organisation_b=world.department["own"]
    )
    client.force_login(member("officer", "own"))
    page = client.get(reverse("indicators:index766"), {"a": own.code, "b": partner.code})
    ask = reverse("exchange:request_create")
    url = next(
        html.unescape(h)
        for h in re.findall(r'href="([^"]+)"', page.content.decode())
        if html.unescape(h).startswith(ask + "?")
    )
    query = parse_qs(urlsplit(url).query)
    assert query["organisation"] == [str(world.department["own"].pk)]
    assert query["counterpart"] == [str(world.department["partner"].pk)]
    form = client.get(url).content.decode()
    for field, org in (("organisation", "own"), ("counterpart", "partner")):
        selected = re.search(
            rf'<select name="{field}".*?<option value="{world.department[org].pk}" selected',
            form,
            re.S,
        )
        assert selected, field
