"""The cases of the cross-city access guard (tests/test_access_guard.py): Hanoi's private object of
every kind, the routes of the URLconf and the URLs built for them, and snapshots of the database
that show whether a request wrote anything.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator

from django.apps import apps
from django.core.files.base import ContentFile
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone

from hoptac.core import linkable

MAGIC = 4_242_421  # the primary key of every private object
MARK = "Zqxkin"  # in the title or name of every private object

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


def private_objects(world, member) -> dict:
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


def string_keys_of(objs: dict) -> list[str]:
    """Every string key a URL may carry: the lookup field of each registered kind's object."""
    keys = {INT_VALUE}
    for k in linkable.kinds():
        for obj in objs.values():
            if isinstance(obj, k.model) and k.lookup != "pk":
                keys.add(str(getattr(obj, k.lookup)))
    return sorted(keys)


def routes() -> Iterator[tuple[str, str, object]]:
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


def decision_key(name: str, route: str) -> str:
    if name == "admin:?" and route.endswith("(?P<url>.*)$"):
        return "admin:?catch_all"
    return name


def urls_of(route: str, string_keys: list[str]) -> list[str]:
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


def params_routes():
    return [(n, r, cb) for n, r, cb in routes() if PARAM.search(r)]


def snapshot(objs: dict, rows: bool = True) -> tuple:
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


def changes() -> int:
    """Rows inserted, updated or deleted so far on the test's connection: SQLite's
    ``total_changes()``; PostgreSQL's counts of the current transaction (the test's)."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "SELECT coalesce(sum(n_tup_ins + n_tup_upd + n_tup_del), 0)"
                " FROM pg_stat_xact_user_tables"
            )
        else:
            cursor.execute("SELECT total_changes()")
        return int(cursor.fetchone()[0])


class Writes:
    """What the requests since the last look wrote, told cheaply: the database's own count of
    changed rows says whether anything was written at all; only then are the row counts of every
    table and the private objects' rows read again and compared (``snapshot``). The guard makes
    about 1,000 requests, and reading every private row around each cost most of its time."""

    def __init__(self, objs: dict, rows: bool = True) -> None:
        self.objs, self.rows = objs, rows
        self.last = snapshot(objs, rows)
        self.mark = changes()

    def since(self) -> str:
        """'' when nothing was written since the last call, else the tables whose row count
        moved and the private objects whose row changed (writes to IGNORED_TABLES don't count)."""
        if changes() == self.mark:
            return ""
        now = snapshot(self.objs, self.rows)
        found = diff(self.last, now)
        self.last, self.mark = now, changes()
        return found


# Tables that change on any request, whoever asks.
IGNORED_TABLES = {
    "django_session",  # the session of the signed-in client
    "axes_accessattempt",
    "axes_accesslog",
    "axes_accessfailurelog",
}


def diff(before: tuple, after: tuple) -> str:
    counts = [t for t in before[0] if before[0][t] != after[0][t]]
    rows = [k for k in before[1] if before[1][k] != after[1][k]]
    return ", ".join(counts + rows)


def query_naming_every_kind(objs: dict) -> str:
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
