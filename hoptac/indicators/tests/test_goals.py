"""Targets on indicators: who sets them, bad input, the page with the trend, a commitment naming
one, and the sentence the review report writes under that commitment."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.contenttypes.models import ContentType
from django.urls import reverse

from hoptac.core import linkable
from hoptac.indicators import goals
from hoptac.indicators.models import IndicatorGoal
from hoptac.programmes.models import CommitmentLink
from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

from .test_index766 import figures  # noqa: F401 — own lags its partner on on_time

URL = "/chi-so/muc-tieu/moi/"


def _data(city, **extra):
    return {
        "locality": city.pk,
        "indicator": "766:on_time",
        "target": "95",
        "due": "31/12/2027",
        "note": "",
        **extra,
    }


def test_a_coordinator_sets_a_target_for_the_city(client, world, member):
    own = world.localities["own"]
    client.force_login(member("coordinator", "own"))
    assert client.get(URL).status_code == 200
    response = client.post(URL, _data(own))
    goal = IndicatorGoal.objects.get()
    assert response.status_code == 302 and response.url == goal.get_absolute_url()
    assert (goal.locality, goal.indicator, goal.target, goal.due) == (
        own,
        "766:on_time",
        Decimal("95"),
        dt.date(2027, 12, 31),
    )


def test_a_target_s_name_writes_its_percentage_with_a_decimal_comma(world):
    # Found walking the demo: the agreement page (Vietnamese) named the demo's target
    # "… ≥ 50.0% (31/12/2027)" while the target's own page wrote 50,0%.
    goal = IndicatorGoal.objects.create(
        locality=world.localities["own"],
        indicator="766:on_time",
        target=Decimal("66.5"),
        due=dt.date(2027, 12, 31),
    )
    assert str(goal).endswith(" ≥ 66,5% (31/12/2027)")


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"target": "120"}, "target"),
        ({"target": "-1"}, "target"),
        ({"due": "2027-12-31x"}, "due"),
        ({"indicator": "766:procedures_published_on_time"}, "indicator"),  # not computed
        ({"indicator": "766:on_time\x00"}, "indicator"),
    ],
)
def test_bad_targets_are_refused_with_the_field_named(client, world, member, extra, field):
    client.force_login(member("coordinator", "own"))
    response = client.post(URL, _data(world.localities["own"], **extra))
    assert response.status_code == 200
    assert field in response.context["form"].errors
    assert not IndicatorGoal.objects.exists()


def test_no_one_sets_a_target_for_another_city(client, world, member):
    client.force_login(member("coordinator", "partner"))
    response = client.post(URL, _data(world.localities["own"]))
    assert response.status_code == 200 and "locality" in response.context["form"].errors
    client.force_login(member("officer", "own"))  # an officer manages no city's figures
    assert client.post(URL, _data(world.localities["own"])).status_code == 403
    client.logout()
    assert client.post(URL, _data(world.localities["own"])).status_code == 302  # to the login
    assert not IndicatorGoal.objects.exists()


def test_the_target_page_shows_the_trend_and_takes_a_commitment_link(
    client,
    figures,  # noqa: F811
    world,
    member,
):
    own, partner = figures
    goal = IndicatorGoal.objects.create(
        locality=own, indicator="766:on_time", target=95, due=dt.date(2027, 12, 31)
    )
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "10/2026" in page and "117" in page and "130" in page
    # a coordinator of a party links the target to a commitment: the programmes' own form
    agreement = AgreementFactory(parties=[own, partner])
    commitment = CommitmentFactory(agreement=agreement, text="Đẩy mạnh giải quyết đúng hạn.")
    client.force_login(member("coordinator", "own"))
    page = client.get(goal.get_absolute_url()).content.decode()
    assert "Đẩy mạnh giải quyết đúng hạn." in page  # offered in the link form
    response = client.post(
        reverse("programmes:link_commitment"),
        {
            "commitment": commitment.pk,
            "target": "indicators.indicatorgoal",
            "object_id": goal.pk,
            "next": goal.get_absolute_url(),
        },
    )
    assert response.status_code == 302
    assert CommitmentLink.objects.get().target == goal


def test_the_review_report_line_gives_the_trend_and_the_target(figures):  # noqa: F811
    own, _partner = figures
    goal = IndicatorGoal.objects.create(
        locality=own, indicator="766:on_time", target=95, due=dt.date(2027, 12, 31)
    )
    lines = linkable.report_lines(None, goal, dt.date(2026, 1, 1), dt.date(2026, 12, 31))
    assert lines == [
        "Chỉ số “766 — Tiến độ, kết quả giải quyết: Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn” của "
        f"{own.name_vi}: tháng 10/2026 đạt 90,0%; chưa đạt mục tiêu 95,0% đến ngày 31/12/2027."
    ]
    none = linkable.report_lines(None, goal, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert "chưa có số liệu trong kỳ" in none[0]
    # other objects get no line from this app
    assert goals.report_lines(None, own, dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == []


def test_the_review_report_writes_the_trend_under_the_commitment(world, figures):  # noqa: F811
    from hoptac.programmes.reports import build_docx, build_pdf
    from hoptac.programmes.tests.reports_support import docx_lines, make_programme, review_of

    own, _partner = figures
    p = make_programme(world)
    goal = IndicatorGoal.objects.create(
        locality=own, indicator="766:on_time", target=95, due=dt.date(2027, 12, 31)
    )
    commitment = p.commitments[0]
    CommitmentLink.objects.create(
        commitment=commitment,
        content_type=ContentType.objects.get_for_model(goal),
        object_id=goal.pk,
    )
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    review = review_of(p, period_start=start, period_end=end, today=dt.date(2026, 12, 5))
    items = [c for s in review.sections for c in s.commitments]
    linked = next(c for c in items if c.text.startswith(commitment.text[:20]))
    assert linked.notes == [
        "Chỉ số “766 — Tiến độ, kết quả giải quyết: Tỷ lệ hồ sơ xử lý trước hạn, đúng hạn” của "
        f"{own.name_vi}: tháng 10/2026 đạt 90,0%; chưa đạt mục tiêu 95,0% đến ngày 31/12/2027."
    ]
    assert all(not c.notes for c in items if c is not linked)
    _doc, lines = docx_lines(build_docx(review))
    assert linked.notes[0] in lines
    assert build_pdf(review).startswith(b"%PDF")
