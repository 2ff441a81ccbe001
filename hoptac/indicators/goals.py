"""Indicator targets: the trend of a city's indicator against its target, on the target's page
and, through ``hoptac.core.linkable.register_report_lines``, under the commitment that names it
in the programmes' periodic review report."""

from __future__ import annotations

import datetime as dt

from django.db.models import QuerySet

from hoptac.core.models import Locality
from hoptac.core.numbers import number

from . import index766, keys
from .models import IndexResult, IndicatorGoal, Score


def goals_visible_to(user) -> QuerySet[IndicatorGoal]:
    """A city's targets are public statements: everyone reads them (the figures under them keep
    their own audience)."""
    return IndicatorGoal.objects.select_related("locality")


def component_of(goal: IndicatorGoal) -> str | None:
    """The 766 component a target is set on, or None for an indicator without monthly scores."""
    prefix = "766:"
    return goal.indicator[len(prefix) :] if goal.indicator.startswith(prefix) else None


def trend(
    goal: IndicatorGoal,
    audience: str,
    start: dt.date | None = None,
    end: dt.date | None = None,
) -> list[Score]:
    """The city's monthly score on the target's component, oldest first (one query)."""
    component = component_of(goal)
    if component is None:
        return []
    qs = IndexResult.objects.filter(
        version=index766.DEFAULT,
        locality_id=goal.locality_id,
        agency="",
        audience=audience,
    ).order_by("month")
    if start is not None:
        qs = qs.filter(month__gte=start.replace(day=1))
    if end is not None:
        qs = qs.filter(month__lte=end)
    scores = (result.score(component) for result in qs)
    return [s for s in scores if s is not None]


def audience_for(user, locality: Locality) -> str:
    """ "all" for the city, its partners and superusers; "public" for everyone else."""
    return (
        "all"
        if user is not None and user.has_perm("indicators.read_all_figures", locality)
        else "public"
    )


def _percent(score: Score) -> str:
    """Rounded half up, in Vietnamese whatever the reader's page (the report is Vietnamese)."""
    rate = score.rate
    return "—" if rate is None else f"{number(rate * 100, 1, language='vi')}%"


def report_lines(user, obj, start: dt.date, end: dt.date) -> list[str]:
    """The sentence under a commitment that names ``obj`` (an indicator target), in Vietnamese
    as the report is: the indicator at the first and last month of the period and the target."""
    if not isinstance(obj, IndicatorGoal):
        return []
    label = keys.label(obj.indicator, "vi")
    city = obj.locality.name_vi
    target = f"{number(obj.target, 1, language='vi')}% đến ngày {obj.due:%d/%m/%Y}"
    scores = [
        s for s in trend(obj, audience_for(user, obj.locality), start, end) if s.rate is not None
    ]
    if not scores:
        return [f"Chỉ số “{label}” của {city}: chưa có số liệu trong kỳ (mục tiêu {target})."]
    first, last = scores[0], scores[-1]
    if first == last:
        change = f"tháng {last.month:%m/%Y} đạt {_percent(last)}"
    else:
        change = (
            f"từ {_percent(first)} (tháng {first.month:%m/%Y}) "
            f"lên {_percent(last)} (tháng {last.month:%m/%Y})"
            if last.rate >= first.rate
            else f"từ {_percent(first)} (tháng {first.month:%m/%Y}) "
            f"xuống {_percent(last)} (tháng {last.month:%m/%Y})"
        )
    reached = "đã đạt mục tiêu" if last.rate * 100 >= obj.target else "chưa đạt mục tiêu"
    return [f"Chỉ số “{label}” của {city}: {change}; {reached} {target}."]
