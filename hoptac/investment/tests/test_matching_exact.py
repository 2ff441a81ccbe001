"""The bounded reading of enterprises ranks exactly as scoring every candidate does (issue 19).

The yardstick, `score_every_candidate`, is the rule of the scorer before the bounded reading:
every verified enterprise of the source's VSIC divisions or high-tech item (not declined, not the
source, not an enterprise's own city), each scored by `Matcher._points`, ordered by score then id.
The fixture is a random directory with every kind of row the groups must cover: both VSIC
versions, 2-, 3-, 4- and 5-digit codes, other codes, items of one family and of another, all
sizes, an unknown size, three cities, pending and rejected rows, declined pairs both ways.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest

from hoptac.core.tests.factories import MembershipFactory, make_world
from hoptac.core.tests.module_rows import module_rows
from hoptac.investment import actions, matching
from hoptac.investment.matching import Matcher, matches_for, profile_of, score_every_candidate
from hoptac.investment.models import Enterprise, PriorityItem
from hoptac.investment.text import keywords

from .factories import (
    EnquiryFactory,
    ProjectFactory,
    make_portal_world,
    write_vocab,
)

CODES = ["6201", "6202", "6209", "62", "620", "6311", "6312", "58", "5820", "2610", "21001", "01"]
WORDS = (
    "phần mềm dữ liệu đám mây trí tuệ vi mạch bán dẫn vắc xin dược liệu logistics kho bãi "
    "software data cloud chip vaccine pharma warehouse hotel solar"
).split()


@pytest.fixture(autouse=True)
def bounded(monkeypatch):
    """The tests here read by groups: the fixture is small enough to be scored whole, which
    `test_scoring_every_reachable_row_ranks_as_the_groups_do` compares with the groups."""
    monkeypatch.setattr(matching, "DIRECT_CAP", 0)


def _directory(portal_world, officer) -> tuple[list, list]:
    """700 enterprises of every kind of row, declined pairs both ways."""
    rnd = random.Random(19)
    items = list(PriorityItem.objects.filter(code__in=["AI", "CLOUD", "IOT", "VACCINE", "GENE"]))
    cities = list(portal_world.localities.values())
    rows = []
    for n in range(700):
        code = rnd.choice(CODES)
        e = Enterprise(
            locality=rnd.choice(cities),
            tax_code=f"99{n:08d}",
            name_vi=f"Công ty {n}",
            vsic_version="2025" if rnd.random() < 0.15 else "2018",
            vsic_code=code,
            vsic_division=code[:2],
            vsic_class=code[:4],
            other_vsic_codes=" ".join(rnd.sample(CODES, 2)) if rnd.random() < 0.1 else "",
            priority_item=rnd.choice(items) if rnd.random() < 0.6 else None,
            size=rnd.choice(["micro", "small", "medium", "large", "large", "odd"]),
            verification=rnd.choice(["verified"] * 8 + ["pending", "rejected"]),
        )
        e.keywords = keywords(" ".join(rnd.sample(WORDS, rnd.randint(1, 8))))
        rows.append(e)
    Enterprise.objects.bulk_create(rows)
    firms = list(Enterprise.objects.filter(tax_code__startswith="99").order_by("pk"))
    project = portal_world.project["own"]
    for e in rnd.sample(firms, 25):  # declined both ways
        actions.record_feedback("project", project.pk, "enterprise", e.pk, "declined", officer)
    for a, b in zip(firms[:10], firms[10:20], strict=True):
        actions.record_feedback("enterprise", b.pk, "enterprise", a.pk, "declined", officer)
    return firms, items


def _sources(portal_world, firms, items) -> list:
    """Projects, enterprises and enquiries of every kind of code, item and capital."""
    rnd = random.Random(2019)
    own = portal_world.localities["own"]
    out = [portal_world.project["own"], *rnd.sample(firms, 25)]
    for code in ["6201", "6202", "62", "620", "5820", "21001", "01"]:
        for item in [None, *items[:3]]:
            for capital in [50, 300, 3000]:
                out.append(
                    ProjectFactory(
                        locality=own,
                        vsic_code=code,
                        priority_item=item,
                        capital_vnd=Decimal(capital) * 1_000_000_000,
                        title_vi=" ".join(rnd.sample(WORDS, 4)),
                        title_en="",
                    )
                )
    out.append(ProjectFactory(locality=own, vsic_version="2025", vsic_code="6201"))
    out.append(EnquiryFactory(locality=own, vsic_code="6311", message="cloud data phần mềm"))
    out.append(EnquiryFactory(locality=own, vsic_code="", message="vaccine"))
    return out


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker, shipped_vsic):
    """The directory and the sources, made once for the module (module_rows.py): every test here
    reads them, and what a test writes is rolled back after it."""
    with module_rows(django_db_blocker):
        world = make_world()
        write_vocab(shipped_vsic)
        portal = make_portal_world(world)
        officer = MembershipFactory(organisation=world.department["own"], role="officer").user
        firms, items = _directory(portal, officer)
        yield portal, (firms, items), _sources(portal, firms, items)


@pytest.fixture
def portal_world(_shared, db):
    return _shared[0]


@pytest.fixture
def directory(_shared, db):
    return _shared[1]


@pytest.fixture
def sources(_shared, db):
    return _shared[2]


# The top 20 (the default limit) is compared by
# `test_scoring_every_reachable_row_ranks_as_the_groups_do`, reasons and all.
@pytest.mark.parametrize("limit", [1, 3])
def test_bounded_reading_gives_the_top_of_every_candidate(sources, limit):
    checked = 0
    for source in sources:
        got = [(m.score, m.id) for m in matches_for(source, "enterprise", limit=limit)]
        if source.__class__.__name__ == "Enquiry" and not source.vsic_code:
            continue  # no division and no item: the first candidates by name, as before
        want = score_every_candidate(source, "enterprise", limit)
        assert got == want, (source, limit)
        checked += 1
    assert checked > 100


def test_ties_are_broken_by_id(portal_world, directory):
    project = portal_world.project["own"]
    top = matches_for(project, "enterprise", limit=20)
    keys = [(-m.score, m.id) for m in top]
    assert keys == sorted(keys)
    assert len({m.score for m in top}) < len(top)  # the fixture has ties to break


def test_groups_stop_before_reading_every_candidate(portal_world, directory, monkeypatch):
    from django.db.models.query import QuerySet

    read = []
    original = QuerySet.values_list

    def counting(self, *fields, **kw):
        qs = original(self, *fields, **kw)
        if self.model is Enterprise and "keywords" in fields:
            read.append(len(list(qs)))
        return qs

    monkeypatch.setattr(QuerySet, "values_list", counting)
    project = ProjectFactory(
        locality=portal_world.localities["own"],
        vsic_code="6201",
        priority_item=PriorityItem.objects.get(code="CLOUD"),
        capital_vnd=Decimal(50_000_000_000),
    )
    matches_for(project, "enterprise", limit=3)
    every = len(score_every_candidate(project, "enterprise", limit=10_000))
    assert 0 < sum(read) < every


def test_pending_rejected_declined_and_own_city_never_come_back(portal_world, directory):
    firms, _items = directory
    project = portal_world.project["own"]
    declined = set(Matcher()._declined(profile_of(project), "enterprise"))
    assert declined
    ids = {m.id for m in matches_for(project, "enterprise", limit=700)}
    assert not ids & declined
    assert not Enterprise.objects.filter(pk__in=ids).exclude(verification="verified").exists()
    me = firms[0]
    ids = {m.id for m in matches_for(me, "enterprise", limit=700)}
    assert me.pk not in ids
    assert not Enterprise.objects.filter(pk__in=ids, locality_id=me.locality_id).exists()


def test_outside_is_the_complement_of_the_values(portal_world, directory):
    from hoptac.investment.matching import outside

    every = Enterprise.objects.all()
    for field, values in [
        ("size", ["small"]),
        ("size", ["micro", "large", "zzz"]),
        ("locality_id", [portal_world.localities["own"].pk]),
        ("vsic_class", ["6201", "62", "2100"]),
    ]:
        kept = set(every.filter(outside(field, values)).values_list("pk", flat=True))
        assert kept == set(every.exclude(**{f"{field}__in": values}).values_list("pk", flat=True))
        assert kept and len(kept) < every.count()


def reads_of_rows(ctx) -> int:
    """Queries that read candidate rows (not the capped counts, not the top's objects)."""
    return sum('"keywords"' in q["sql"] and "verified" in q["sql"] for q in ctx.captured_queries)


def test_scoring_every_reachable_row_ranks_as_the_groups_do(sources, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    checked = 0
    for source in sources:
        if source.__class__.__name__ == "Enquiry" and not source.vsic_code:
            continue
        found = {}
        for cap in (0, 10_000):
            monkeypatch.setattr(matching, "DIRECT_CAP", cap)
            with CaptureQueriesContext(connection) as ctx:
                top = matches_for(source, "enterprise", limit=20)
            found[cap] = [
                (m.score, m.id, [(r.label, r.points, r.detail) for r in m.reasons]) for m in top
            ]
            if cap:  # every reachable row in one read
                assert reads_of_rows(ctx) == 1, source
        assert found[0] == found[10_000], source
        assert [(s, i) for s, i, _r in found[0]] == score_every_candidate(source, "enterprise")
        checked += 1
    assert checked > 100


def test_a_directory_over_the_cap_is_read_by_groups(portal_world, directory, monkeypatch):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    project = portal_world.project["own"]
    monkeypatch.setattr(matching, "DIRECT_CAP", 30)
    with CaptureQueriesContext(connection) as ctx:
        got = [(m.score, m.id) for m in matches_for(project, "enterprise")]
    assert reads_of_rows(ctx) > 1
    assert got == score_every_candidate(project, "enterprise")
