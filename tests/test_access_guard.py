"""The cross-city access guard, generated from the URLconf and the registry of visible kinds.

Hanoi (`own`) holds one private object of every kind that a URL can name — all with the same
primary key, so that every route taking an integer id names one of them whatever model it looks
up — and their titles carry one marker. Every route taking an id or key is then requested with
those keys, by GET and by POST, as an officer and a coordinator of Da Nang (the partner city,
the strongest case: partners see what Hanoi publishes to them) and anonymously. Each answer must
refuse (403, 404, 405 to a POST, or for the anonymous a redirect to sign in), nothing may be
written, and the marker may appear in no answer; the pages without parameters are read too and
must not print it either.

A new route is covered as soon as it exists. A route that may answer with something (a public
directory, a capability URL) needs a decision: it is listed below with its reason, and a route
for which no URL can be built fails until someone adds values or a decision.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

import pytest
from django.apps import apps
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone

from hoptac.core import linkable

MAGIC = 4_242_421  # the primary key of every private object
MARK = "Zqxkin"  # in the title or name of every private object

# Routes whose answer is not a refusal, each with the reason; they are still requested, and
# must still write nothing and print no private title.
ANSWERS_BY_DESIGN = {
    "core:organisation_detail": "the directory of organisations is public",
    "investment:event_detail": "B2B events are public (no private state)",
    "investment:event_detail_en": "B2B events are public (no private state)",
    "password_reset_confirm": "answers every visitor with 'this link is no longer valid'",
}

# Routes not requested at all, each with the reason.
NOT_REQUESTED = {
    "admin:?catch_all": "the admin's catch-all redirects every unknown address",
}

# Values tried for a URL parameter, by name; other string parameters get every string key.
INT_VALUE = str(MAGIC)
VALUES_BY_NAME = {
    "kind": ["project", "enterprise"],
    "z": ["0"],
    "x": ["0"],
    "y": ["0"],
    "app_label": ["exchange"],
    "object_id": [INT_VALUE],
    "uidb64": ["MQ"],
}


@pytest.fixture
def private(world, member):
    """Hanoi's private object of every kind, all with the primary key MAGIC."""
    from hoptac.core.tests.factories import OrganisationFactory
    from hoptac.exchange.models import Addressee, Adoption, Attachment
    from hoptac.exchange.tests.factories import (
        ActivityFactory,
        ExperienceRequestFactory,
        PolicyFactory,
        PracticeFactory,
    )
    from hoptac.geodata.models import ImportJob, Layer
    from hoptac.investment.demo import tax_code
    from hoptac.investment.models import Event, ProjectAttachment
    from hoptac.investment.tests.factories import (
        EnquiryFactory,
        EnterpriseFactory,
        ParkFactory,
        ProjectFactory,
    )
    from hoptac.programmes.models import Evidence, ExtensionRequest, ProgressReport
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory, TaskFactory

    own, unrelated = world.localities["own"], world.localities["unrelated"]
    dept = world.department["own"]
    hanoi_officer = member("officer", "own")
    objs: dict[str, object] = {}
    agreement = AgreementFactory(
        pk=MAGIC, issuer=world.office["own"], parties=[own], title=f"{MARK} thông báo"
    )
    commitment = CommitmentFactory(pk=MAGIC, agreement=agreement, text=f"{MARK} cam kết")
    task = TaskFactory(pk=MAGIC, commitment=commitment, lead=dept, title=f"{MARK} nhiệm vụ")
    objs |= {"agreement": agreement, "commitment": commitment, "task": task}
    objs["extension"] = ExtensionRequest.objects.create(
        pk=MAGIC,
        task=task,
        requested_by=hanoi_officer,
        current_due=task.due_date,
        new_due=task.due_date + dt.timedelta(days=30),
        reason=f"{MARK} lý do",
    )
    report = ProgressReport.objects.create(
        pk=MAGIC,
        task=task,
        author=hanoi_officer,
        reported_on=timezone.localdate(),
        progress=40,
        text=f"{MARK} báo cáo",
    )
    objs["report"] = report
    objs["evidence"] = Evidence.objects.create(
        pk=MAGIC,
        report=report,
        file=ContentFile(b"%PDF-1.4 private", name="kin.pdf"),
        name=f"{MARK}.pdf",
        size=16,
        content_type="application/pdf",
    )
    practice = PracticeFactory(
        pk=MAGIC, organisation=dept, status="draft", title_vi=f"{MARK} thực tiễn"
    )
    objs["practice"] = practice
    objs["policy"] = PolicyFactory(
        pk=MAGIC, organisation=dept, status="draft", title_vi=f"{MARK} chính sách"
    )
    objs["activity"] = ActivityFactory(
        pk=MAGIC, organisation=dept, status="draft", title_vi=f"{MARK} hoạt động"
    )
    request = ExperienceRequestFactory(pk=MAGIC, organisation=dept, subject=f"{MARK} câu hỏi")
    objs["request"] = request
    objs["addressee"] = Addressee.objects.create(pk=MAGIC, request=request, locality=unrelated)
    objs["adoption"] = Adoption.objects.create(
        pk=MAGIC,
        practice=practice,
        organisation=dept,
        locality=own,
        plan=f"{MARK} kế hoạch",
        created_by=hanoi_officer,
    )
    objs["attachment"] = Attachment.objects.create(
        pk=MAGIC,
        practice=practice,
        file=ContentFile(b"%PDF-1.4 private", name="kin.pdf"),
        name=f"{MARK}.pdf",
        kind="pdf",
        size=16,
        uploaded_by=hanoi_officer,
    )
    layer = Layer.objects.create(
        pk=MAGIC,
        slug="zqxkin-lop",
        name_vi=f"{MARK} lớp",
        organisation=dept,
        locality=own,
        theme="land_use",
        visibility="owner",
    )
    objs["layer"] = layer
    objs["import"] = ImportJob.objects.create(
        pk=MAGIC,
        layer=layer,
        file=ContentFile(b"{}", name="kin.geojson"),
        original_name=f"{MARK}.geojson",
        status="needs_crs",
    )
    project = ProjectFactory(
        pk=MAGIC, code="ZQXKIN-01", locality=own, status="draft", title_vi=f"{MARK} dự án"
    )
    objs["project"] = project
    objs["project_attachment"] = ProjectAttachment.objects.create(
        pk=MAGIC,
        project=project,
        title=f"{MARK} tài liệu",
        file=ContentFile(b"%PDF-1.4 private", name="kin.pdf"),
        uploaded_by=hanoi_officer,
    )
    objs["park"] = ParkFactory(
        pk=MAGIC, slug="zqxkin-khu", locality=own, published=False, name_vi=f"{MARK} khu"
    )
    objs["enterprise"] = EnterpriseFactory(
        pk=MAGIC,
        tax_code=tax_code("01", 9_876_543),
        locality=own,
        verification="pending",
        name_vi=f"{MARK} công ty",
    )
    objs["enquiry"] = EnquiryFactory(pk=MAGIC, locality=own, company=f"{MARK} nhà đầu tư")
    objs["event"] = Event.objects.create(
        pk=MAGIC, locality=own, name_vi="Ngày B2B", venue="Hà Nội", day=timezone.localdate()
    )
    objs["organisation"] = OrganisationFactory(pk=MAGIC, locality=own)
    from hoptac.investment.models import GuideStep

    objs["guide_step"] = GuideStep.objects.create(
        pk=MAGIC, locality=own, title_vi=f"{MARK} bước", body_vi=MARK, published=False
    )
    from hoptac.programmes.models import WebhookDelivery, WebhookSubscription

    webhook = WebhookSubscription.objects.create(
        pk=MAGIC,
        owner=hanoi_officer,
        url=f"https://{MARK}.example.vn/hook",
        secret=f"{MARK}-secret",
        events=["task.done"],
    )
    objs["webhook"] = webhook
    objs["delivery"] = WebhookDelivery.objects.create(
        pk=MAGIC,
        subscription=webhook,
        event="task.done",
        task=task,
        for_date=timezone.localdate(),
        payload={"title": MARK},
        state="failed",
    )
    return objs


def _string_keys(objs: dict) -> list[str]:
    """Every string key a URL may carry: the lookup field of each registered kind's object."""
    keys = {INT_VALUE}
    for k in linkable.kinds():
        for obj in objs.values():
            if isinstance(obj, k.model) and k.lookup != "pk":
                keys.add(str(getattr(obj, k.lookup)))
    return sorted(keys)


def _routes() -> Iterator[tuple[str, str, object]]:
    """(name, route text, callback) of every pattern, namespaces joined."""

    def walk(patterns, prefix: str, ns: str | None):
        for p in patterns:
            if isinstance(p, URLResolver):
                inner = ":".join(x for x in (ns, p.namespace) if x) or None
                yield from walk(p.url_patterns, prefix + str(p.pattern), inner)
            elif isinstance(p, URLPattern):
                name = p.name or "?"
                if ns:
                    name = f"{ns}:{name}"
                yield name, prefix + str(p.pattern), p.callback

    yield from walk(get_resolver().url_patterns, "", None)


PARAM = re.compile(r"<(?:(?P<conv>\w+):)?(?P<name>\w+)>|\(\?P<(?P<rname>\w+)>[^)]*\)")


def _decision_key(name: str, route: str) -> str:
    if name == "admin:?" and route.endswith("(?P<url>.*)$"):
        return "admin:?catch_all"
    return name


def _urls(route: str, string_keys: list[str]) -> list[str]:
    """Concrete paths for a route with parameters: the product of the values of each."""
    text = route.replace("^", "").replace("$", "").replace("\\.", ".")
    params = list(PARAM.finditer(text))
    if not params:
        return []
    choices = []
    for m in params:
        name = m.group("name") or m.group("rname")
        if name in VALUES_BY_NAME:
            choices.append(VALUES_BY_NAME[name])
        elif m.group("conv") == "int" or name.endswith(("pk", "_id", "number")):
            choices.append([INT_VALUE])
        else:
            choices.append(string_keys)
    last = 0
    pieces = []
    for m in params:
        pieces.append(text[last : m.start()])
        last = m.end()
    tail = text[last:]
    combos: list[list[str]] = [[]]
    for values in choices:
        combos = [c + [v] for c in combos for v in values]
    out = []
    for combo in combos:
        path = "".join(p + v for p, v in zip(pieces, combo, strict=True)) + tail
        out.append("/" + path)
    return out


def _params_routes():
    return [(n, r, cb) for n, r, cb in _routes() if PARAM.search(r)]


def _snapshot(objs: dict, rows: bool = True) -> tuple:
    """Row counts of every table (history tables included, so an update of a tracked model
    counts) and, unless `rows` is false, the rows of the private objects themselves."""
    tables = sorted(
        m._meta.db_table
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table not in IGNORED_TABLES
    )
    qn = connection.ops.quote_name
    # Table names come from the models, not from input.
    sql = "SELECT " + ", ".join(f"(SELECT COUNT(*) FROM {qn(t)})" for t in tables)  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql)
        counts = dict(zip(tables, cursor.fetchone(), strict=True))
    if not rows:
        return counts, {}
    return counts, {
        key: tuple(sorted(type(o).objects.filter(pk=o.pk).values().first().items()))
        for key, o in objs.items()
    }


# Tables that change on any request, whoever asks.
IGNORED_TABLES = {
    "django_session",  # the session of the signed-in client
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def _diff(before: tuple, after: tuple) -> str:
    counts = [t for t in before[0] if before[0][t] != after[0][t]]
    rows = [k for k in before[1] if before[1][k] != after[1][k]]
    return ", ".join(counts + rows)


def _refused(response, user, name: str) -> bool:
    if response.status_code in (401, 403, 404):
        return True
    if name.startswith("api:") and response.status_code in (400, 422):
        # The API checks the body against its schema before it looks anything up, so an empty
        # form gets a JSON error that names no object; the same routes with valid bodies are
        # refused per role in hoptac/programmes/tests/test_api_write.py.
        return response.get("Content-Type", "").startswith("application/json")
    if response.status_code == 405:  # a POST-only route read, or a read-only route posted to
        return True
    if response.status_code in (301, 302):
        location = response.get("Location", "")
        to_login = "dang-nhap" in location or "login" in location
        return to_login and (not user.is_authenticated or name.startswith("admin:"))
    return False


@pytest.fixture
def readers(member):
    return {
        "anonymous": None,
        "officer of Da Nang": member("officer", "partner"),
        "coordinator of Da Nang": member("coordinator", "partner"),
    }


def test_every_route_with_parameters_has_urls_or_a_decision():
    keys = ["k"]
    missing = [
        f"{name} {route}"
        for name, route, _cb in _params_routes()
        if _decision_key(name, route) not in NOT_REQUESTED
        and not [u for u in _urls(route, keys) if _resolves(u)]
    ]
    assert not missing, "no URL could be built; add parameter values or a decision:\n" + "\n".join(
        missing
    )


def _resolves(path: str) -> bool:
    try:
        resolve(path)
    except Resolver404:
        return False
    return True


def test_the_decisions_name_routes_that_exist():
    names = {_decision_key(n, r) for n, r, _cb in _routes()}
    assert set(ANSWERS_BY_DESIGN) <= names
    assert set(NOT_REQUESTED) <= names


# Kinds that have no private object by design, each with the reason (its visibility query returns
# every row; a test of the kind's own app says so).
PUBLIC_KINDS = {
    "indicators.IndicatorGoal": "a city's targets are public statements (indicators.goals)",
}


def test_every_registered_kind_has_a_private_object_in_the_guard(private):
    covered = {type(o)._meta.label for o in private.values()} | set(PUBLIC_KINDS)
    assert {k.model._meta.label for k in linkable.kinds()} <= covered


def test_the_kinds_public_by_design_show_every_row_to_anyone(db):
    for label in PUBLIC_KINDS:
        kind = next(k for k in linkable.kinds() if k.model._meta.label == label)
        assert not kind.visible_to(AnonymousUser()).query.where, label  # no condition at all


@pytest.mark.parametrize("who", ["anonymous", "officer of Da Nang", "coordinator of Da Nang"])
def test_no_route_gives_another_city_s_private_object_away(client, private, readers, who):
    user = readers[who]
    if user is not None:
        client.force_login(user)
    string_keys = _string_keys(private)
    failures = []
    requested = 0
    for name, route, _cb in _params_routes():
        decision = _decision_key(name, route)
        if decision in NOT_REQUESTED:
            continue
        for url in _urls(route, string_keys):
            if not _resolves(url):
                continue
            for method in ("GET", "POST"):
                # A read is checked by the row counts; a post also by the objects' rows.
                before = _snapshot(private, rows=method == "POST")
                response = client.get(url) if method == "GET" else client.post(url, {})
                requested += 1
                after = _snapshot(private, rows=method == "POST")
                body = b"" if response.streaming else response.content
                problems = []
                if MARK.encode() in body:
                    problems.append("prints a private title")
                if before != after:
                    problems.append(f"writes ({_diff(before, after)})")
                if decision not in ANSWERS_BY_DESIGN and not _refused(
                    response, user or AnonymousUser(), name
                ):
                    problems.append(f"answers {response.status_code}")
                if problems:
                    failures.append(f"{method} {url} [{name}]: {'; '.join(problems)}")
    assert requested > 100
    assert not failures, f"{who}:\n" + "\n".join(failures)


def _query_naming_every_kind(objs: dict) -> str:
    """A query string naming each kind's private object the way filters name them
    (`?project=ZQXKIN-01&layer=zqxkin-lop&agreement=4242421…`)."""
    from urllib.parse import urlencode

    params = {}
    for k in linkable.kinds():
        obj = next((o for o in objs.values() if isinstance(o, k.model)), None)
        if obj is None:  # a kind public by design (PUBLIC_KINDS): nothing private to name
            continue
        params[k.model._meta.model_name] = str(getattr(obj, k.lookup))
    params |= {"commitment": INT_VALUE, "pk": INT_VALUE, "id": INT_VALUE}
    return urlencode(params)


def test_no_page_without_parameters_prints_another_city_s_private_object(client, private, readers):
    """Lists, dashboards, feeds and the API lists, plain and with a filter naming every private
    object by its key (a filter must not select what its reader may not see)."""
    query = _query_naming_every_kind(private)
    for who, user in readers.items():
        client.logout()
        if user is not None:
            client.force_login(user)
        failures = []
        for name, route, _cb in _routes():
            if PARAM.search(route) or name.startswith("admin:"):
                continue
            url = "/" + route.replace("^", "").replace("$", "")
            if not _resolves(url):
                continue
            for full in (url, f"{url}?{query}"):
                before = _snapshot(private, rows=False)
                response = client.get(full)
                body = b"" if response.streaming else response.content
                if MARK.encode() in body:
                    failures.append(f"GET {full} [{name}]: prints a private title")
                if response.status_code >= 500:
                    failures.append(f"GET {full} [{name}]: answers {response.status_code}")
                if _snapshot(private, rows=False) != before:
                    failures.append(f"GET {full} [{name}]: writes")
        assert not failures, f"{who}:\n" + "\n".join(failures)


@pytest.mark.parametrize("who", ["officer of Da Nang", "coordinator of Da Nang"])
def test_no_commitment_links_to_another_city_s_private_object(client, private, readers, who, world):
    """The route that takes its ids in the body: Da Nang's own commitment, Hanoi's objects."""
    from hoptac.programmes.tests.factories import AgreementFactory, CommitmentFactory

    danang = world.localities["partner"]
    own_commitment = CommitmentFactory(
        agreement=AgreementFactory(issuer=world.office["partner"], parties=[danang])
    )
    client.force_login(readers[who])
    failures = []
    for kind in linkable.kinds():
        before = _snapshot(private)
        response = client.post(
            reverse("programmes:link_commitment"),
            {"target": kind.key, "object_id": MAGIC, "commitment": own_commitment.pk},
        )
        if response.status_code not in (400, 403, 404) or _snapshot(private) != before:
            failures.append(f"{kind.key}: {response.status_code}")
    assert not failures, failures


def test_the_guard_sees_the_marker_when_the_owner_reads(client, private, member):
    """The guard is not blind: Hanoi's own officer does see the private titles."""
    client.force_login(member("officer", "own"))
    page = client.get(linkable.kind("exchange.practice").url(private["practice"]))
    assert page.status_code == 200
    assert MARK.encode() in page.content
