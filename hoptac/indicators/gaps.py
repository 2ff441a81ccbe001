"""Each gap between two cities linked to the leading city's practice: on a component of the 766
index where one city lags, the leader's practices and policies tagged with it (through
``hoptac.core.linkable``, so this app imports no exchange model) and "ask the partner how", an
experience request prefilled with the indicator and the figures (``hoptac.core.intents``)."""

from __future__ import annotations

from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import pgettext

from hoptac.core import intents
from hoptac.core.models import CounterpartLink, Locality
from hoptac.core.numbers import group, number
from hoptac.core.queries import scope_for

from . import keys, queries


def in_words(
    a: object, b: object, gap, places: int = 2, points: bool = True, short: bool = False
) -> str:
    """The gap ``a`` − ``b`` said in words, in the active language, so that its sign needs no
    reading: "Đà Nẵng cao hơn Hà Nội 3,20 điểm", "Hà Nội thấp hơn Đà Nẵng 0,46 điểm", or level
    when it rounds to nothing at ``places``. ``short``: for a table's cell, the leader only
    ("Đà Nẵng cao hơn 0,46"). ``points``: the figures are points (else the framework's own
    unit, not named). "—" without a gap."""
    if gap is None:
        return "—"
    amount = Decimal(str(gap)).quantize(Decimal(1).scaleb(-places))
    if not amount:
        if short:
            return pgettext("a gap", "level")
        return _("%(a)s and %(b)s are level") % {"a": a, "b": b}
    text = number(abs(amount), places)
    if short:
        return _("%(city)s ahead by %(amount)s") % {
            "city": a if amount > 0 else b,
            "amount": text,
        }
    if points:
        message = (
            _("%(a)s is %(amount)s points higher than %(b)s")
            if amount > 0
            else _("%(a)s is %(amount)s points lower than %(b)s")
        )
    else:
        message = (
            _("%(a)s is %(amount)s higher than %(b)s")
            if amount > 0
            else _("%(a)s is %(amount)s lower than %(b)s")
        )
    return message % {"a": a, "b": b, "amount": text}


def addressing(user, ahead: Locality) -> dict[str, str]:
    """Who asks and whom: the user's organisation (when they act for exactly one) and its
    counterpart department in the leading city, as prefill for the experience request (one
    query; nothing when the user acts for several organisations or has no counterpart there)."""
    orgs = list(scope_for(user).org_roles)
    if len(orgs) != 1:
        return {}
    (org,) = orgs
    link = (
        CounterpartLink.objects.filter(
            Q(organisation_a_id=org, organisation_b__locality=ahead)
            | Q(organisation_b_id=org, organisation_a__locality=ahead)
        )
        .order_by("field__order", "pk")
        .values_list("organisation_a_id", "organisation_b_id")
        .first()
    )
    prefill = {"organisation": str(org)}
    if link:
        prefill["counterpart"] = str(link[1] if link[0] == org else link[0])
    return prefill


def link(user, lang: str, comparison: queries.IndexComparison) -> None:
    """On each component where one city lags, the leading city's practices and policies tagged
    with it, and "ask the partner how" prefilled with the figures for the lagging city's members
    (one query for the tags, one per kind of tagged item)."""
    a, b = comparison.a, comparison.b
    rows = [r for g in comparison.groups for r in g.components if r.gap]
    for row in rows:
        row.ahead = a if row.gap > 0 else b
    found = queries.tagged_items(
        user,
        {
            city: [keys.component_key(r.component.key) for r in rows if r.ahead == city]
            for city in (a, b)
        },
    )
    mine = askers(user)
    to: dict[int, dict[str, str]] = {}  # the leading city's pk → the request's addressing
    for row in rows:
        row.practices = found.get((row.ahead.pk, keys.component_key(row.component.key)), [])
        behind = b if row.ahead == a else a
        if behind.pk not in mine:
            continue
        ahead_s, behind_s = (row.a, row.b) if row.ahead == a else (row.b, row.a)
        if row.ahead.pk not in to:
            to[row.ahead.pk] = addressing(user, row.ahead)
        row.ask_url = ask_url(
            lang,
            row.component,
            comparison.month,
            comparison.version.key,
            (row.ahead, ahead_s),
            (behind, behind_s),
            to[row.ahead.pk],
        )


def askers(user) -> set[int]:
    """The cities for which ``user`` may ask a partner how it does better: their own, when they
    may send an experience request (a leader, who may not, was offered the link: a 403)."""
    if not intents.offered_to("ask_experience", user):
        return set()
    return set(scope_for(user).localities)


def ask_url(
    lang: str,
    component,
    month,
    version: str,
    ahead: tuple[Locality, object],
    behind: tuple[Locality, object],
    to: dict[str, str],
    *,
    by_rate: bool = False,
) -> str:
    """ "Ask the partner how": the experience request's form prefilled with the component, the
    month and both cities' figures as the page shows them: points (the 766 page) or, with
    ``by_rate``, the rate in per cent (a component's page over time, whose gap is on the rate).
    ``ahead`` and ``behind`` are (city, score); ``to`` is `addressing`'s for the city ahead."""
    (city_a, score_a), (city_b, score_b) = ahead, behind
    figures = {
        "indicator": component.name(lang),
        "month": f"{month:%m/%Y}",
        "version": version,
        "ahead": city_a.name,
        "ahead_n": group(score_a.numerator),
        "ahead_d": group(score_a.denominator),
        "behind": city_b.name,
        "behind_n": group(score_b.numerator),
        "behind_d": group(score_b.denominator),
    }
    if by_rate:
        figures["ahead_rate"] = number(Decimal(score_a.numerator) * 100 / score_a.denominator, 1)
        figures["behind_rate"] = number(Decimal(score_b.numerator) * 100 / score_b.denominator, 1)
        question = _(
            "On the Decision 766 indicator “%(indicator)s” (%(month)s, index version "
            "%(version)s), %(ahead)s reaches %(ahead_rate)s%% (%(ahead_n)s / %(ahead_d)s) "
            "and %(behind)s %(behind_rate)s%% (%(behind_n)s / %(behind_d)s). Could you share "
            "how you reached it: the steps, the systems and the rules you changed?"
        )
    else:
        # as the page shows them: rounded (not cut) to 2 places, thousands grouped
        figures["ahead_points"] = number(score_a.points, 2)
        figures["behind_points"] = number(score_b.points, 2)
        question = _(
            "On the Decision 766 indicator “%(indicator)s” (%(month)s, index version "
            "%(version)s), %(ahead)s scores %(ahead_points)s points "
            "(%(ahead_n)s / %(ahead_d)s) and %(behind)s %(behind_points)s "
            "(%(behind_n)s / %(behind_d)s). Could you share how you reached it: the steps, "
            "the systems and the rules you changed?"
        )
    return intents.url(
        "ask_experience",
        subject=_("How %(city)s does better on “%(indicator)s”")
        % {"city": city_a.name, "indicator": component.name(lang)},
        question=question % figures,
        **to,
    )
