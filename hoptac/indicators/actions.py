"""Writes of the indicators app: every one here, atomic, with history."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.db.models import Count, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from hoptac.core import searchable
from hoptac.core.models import Locality, User

from . import index766, trees
from .catalogue import Parsed
from .models import (
    COUNTS,
    OPTIONAL,
    DossierMonth,
    FrameworkIndicator,
    IndexResult,
    IndicatorFramework,
    IndicatorGoal,
    IndicatorTag,
    Procedure,
)
from .statistics import ParsedStatistics

COMPARED = (
    "full_code",
    "name",
    "field_name",
    "agency_level",
    "agency",
    "online_level",
    "processing_days",
    "fee",
    "fee_vnd",
)


@dataclass
class ImportResult:
    added: int = 0
    changed: int = 0
    unchanged: int = 0
    abolished: int = 0


def import_catalogue(
    locality: Locality,
    parsed: Parsed,
    *,
    by: User,
    today: dt.date,
    complete: bool = False,
    source: str = "",
) -> ImportResult:
    """Save a checked catalogue for ``locality``: new codes are added, a changed procedure gets a
    new version (the old one closed the day before), and with ``complete`` the codes absent from
    the file are closed as abolished. All or nothing; refuses a file with errors."""
    if parsed.errors:
        raise ValueError("a catalogue with errors is never saved")
    result = ImportResult()
    # the search index follows in one write per few hundred procedures, not one per save
    with transaction.atomic(), searchable.batch():
        current = {
            p.code: p
            for p in Procedure.objects.select_for_update().filter(
                locality=locality, valid_to__isnull=True
            )
        }
        for row in parsed.rows:
            values = dict(row.values)
            starts = values.pop("valid_from", None) or today
            existing = current.pop(values["code"], None)
            if existing is not None:
                if all(getattr(existing, f) == values.get(f) for f in COMPARED):
                    result.unchanged += 1
                    continue
                existing.valid_to = max(
                    starts - dt.timedelta(days=1), existing.valid_from or starts
                )
                existing._history_user = by
                existing.save(update_fields=["valid_to"])
                result.changed += 1
            else:
                result.added += 1
            procedure = Procedure(locality=locality, valid_from=starts, source=source, **values)
            procedure._history_user = by
            procedure.full_clean(validate_constraints=False)
            procedure.save()
        if complete:
            for procedure in current.values():
                procedure.valid_to = today - dt.timedelta(days=1)
                procedure._history_user = by
                procedure.save(update_fields=["valid_to"])
                result.abolished += 1
    return result


@dataclass
class StatisticsResult:
    rows: int = 0
    replaced: int = 0
    months: int = 0
    records: int = 0  # dossier records read (a records file), from which the rows were summed
    whole_months: bool = False
    # The months of a records file that held figures before, all of them replaced.
    replaced_months: list[dt.date] = field(default_factory=list)
    # The monthly rows saved without a count the file has a column for (a blank cell: not
    # given), per count: not reported, never 0.
    unreported: dict[str, int] = field(default_factory=dict)

    def said(self, city: str) -> str:
        """What was imported, as the importer reads it: dossier records summed into monthly
        rows, or monthly rows as the file gave them (numbers in the page's notation)."""
        from hoptac.core.numbers import group

        figures = {
            "city": city,
            "records": group(self.records),
            "rows": group(self.rows),
            "replaced": group(self.replaced),
            "months": group(self.months),
        }
        if self.whole_months:
            said = _(
                "%(city)s: %(records)s dossier records imported and summed into "
                "%(rows)s monthly rows (per month, agency and procedure) for %(months)s "
                "months; the %(replaced)s rows these months held before were replaced, and "
                "the 766 index was recomputed."
            )
        else:
            said = _(
                "%(city)s: %(rows)s rows of monthly figures saved (%(replaced)s replaced) "
                "for %(months)s months; the 766 index was recomputed."
            )
        months = []
        if self.whole_months and self.replaced_months:
            months = [
                _("Every figure held before for these months was replaced: %(months)s.")
                % {"months": ", ".join(month_name(m) for m in self.replaced_months)}
            ]
        return " ".join([said % figures, *months, *self._blanks()])

    def _blanks(self) -> list[str]:
        """What blank cells left not reported, said once per count."""
        from hoptac.core.numbers import group

        from .statistics import MONTHLY_LABELS

        return [
            _(
                "%(n)s monthly rows have no “%(column)s” figure: blank cells, not reported "
                "(write 0 or “Không” where there are none); the components that need it are "
                "not computed for them."
            )
            % {"n": group(n), "column": MONTHLY_LABELS[count]}
            for count, n in self.unreported.items()
            if n
        ]


def unreported(rows: list[dict], given: set[str]) -> dict[str, int]:
    """Per optional count the file has a column for, the rows that do not give it."""
    found = {c: sum(1 for row in rows if row.get(c) is None) for c in OPTIONAL if c in given}
    return {c: n for c, n in found.items() if n}


REPLACE_MONTHS_LABEL = gettext_lazy(
    "The file is every dossier of the months it covers: replace every figure held for those months"
)


def month_name(month: dt.date) -> str:
    return f"{month.month:02d}/{month.year}"


@dataclass
class Dropped:
    """What replacing a whole month would delete that the file does not hold."""

    month: dt.date
    agencies: int
    procedures: int  # (agency, procedure) figures
    dossiers: int  # dossiers received


class MonthsNotWhole(Exception):
    """A records file would delete figures it does not hold: nothing was written."""

    def __init__(self, messages: list[str]) -> None:
        super().__init__(messages)
        self.messages = messages


def figures_dropped(
    locality: Locality, months: list[dt.date], kept: Callable[[], set[tuple]]
) -> tuple[list[Dropped], list[dt.date]]:
    """The figures held for ``locality`` in ``months`` that a file holding the (month, agency,
    procedure code) keys ``kept()`` would delete, per month; and the months that hold figures.
    Call it in the transaction that replaces them: it locks the city's row (FOR NO KEY UPDATE:
    two imports of one city wait for each other, nothing else does), so that no figure is
    added between the check and the delete; locking the held rows instead took some 0.3 s
    more wall clock per 194,508 rows (PostgreSQL, load 6). ``kept`` is only asked for when
    the months hold figures (an import into empty months reads one index range)."""
    list(Locality.objects.select_for_update(no_key=True).filter(pk=locality.pk).values("pk"))
    held = list(
        DossierMonth.objects.filter(locality=locality, month__in=months).values_list(
            "month", "agency", "procedure_code", "received"
        )
    )
    if not held:
        return [], []
    keys = kept()
    lost: dict[dt.date, list[tuple[str, int]]] = {}
    for month, agency, code, received in held:
        if (month, agency, code) not in keys:
            lost.setdefault(month, []).append((agency, received or 0))
    dropped = [
        Dropped(
            month=month,
            agencies=len({agency for agency, _n in rows}),
            procedures=len(rows),
            dossiers=sum(n for _a, n in rows),
        )
        for month, rows in sorted(lost.items())
    ]
    return dropped, sorted({row[0] for row in held})


def months_not_whole(dropped: list[Dropped]) -> list[str]:
    """The refusal of a records file that would delete ``dropped``: one line per month, then
    what to do."""
    from hoptac.core.numbers import group

    lines = [
        _(
            "Month %(month)s: the figures of %(agencies)s agencies (%(procedures)s procedures, "
            "%(dossiers)s dossiers) that the file does not hold would be deleted."
        )
        % {
            "month": month_name(d.month),
            "agencies": group(d.agencies),
            "procedures": group(d.procedures),
            "dossiers": group(d.dossiers),
        }
        for d in dropped
    ]
    lines.append(
        _(
            "Nothing was imported: a records file replaces every figure held for the months it "
            "covers. If the file holds every dossier of these months, tick “%(box)s” and import "
            "it again; otherwise import a file that also holds these agencies and procedures."
        )
        % {"box": REPLACE_MONTHS_LABEL}
    )
    return lines


def import_statistics(
    locality: Locality,
    parsed: ParsedStatistics,
    *,
    by: User | None,
    is_public: bool = True,
    is_demo: bool = False,
    source: str = "",
    replace_months: bool = False,
) -> StatisticsResult:
    """Save checked monthly figures for ``locality``: a row of a monthly table replaces the
    figures already held for its month, agency and procedure code, nothing else; figures
    computed from dossier records replace every figure of their months (see ``statistics``),
    and when that would delete figures of agencies or procedures the file does not hold, only
    with ``replace_months`` (else ``MonthsNotWhole``, nothing written). Then the index is
    recomputed for those months. All or nothing. ``by`` is kept for the audit trail of the
    request (the figures carry no personal data). Refuses a file with errors."""
    if parsed.errors:
        raise ValueError("figures with errors are never saved")
    rows = parsed.rows
    result = StatisticsResult(
        rows=len(rows),
        records=parsed.records,
        whole_months=parsed.whole_months,
        unreported=unreported(rows, parsed.given),
    )
    months = sorted({row["month"] for row in rows})
    keys = {(row["month"], row["agency"], row["procedure_code"]) for row in rows}
    with transaction.atomic():
        if parsed.whole_months:
            dropped, result.replaced_months = figures_dropped(locality, months, lambda: keys)
            if dropped and not replace_months:
                raise MonthsNotWhole(months_not_whole(dropped))
        existing = DossierMonth.objects.select_for_update().filter(
            locality=locality, month__in=months
        )
        stale = [
            pk
            for pk, month, agency, code in existing.values_list(
                "pk", "month", "agency", "procedure_code"
            )
            if parsed.whole_months or (month, agency, code) in keys
        ]
        if stale:
            result.replaced = DossierMonth.objects.filter(pk__in=stale).delete()[0]
        DossierMonth.objects.bulk_create(
            [
                DossierMonth(
                    locality=locality,
                    is_public=is_public,
                    is_demo=is_demo,
                    source=source[:255],
                    **{k: v for k, v in row.items() if k in {"month", "agency", "procedure_code"}},
                    # a count the file had no column for is not reported (NULL), not 0
                    **{k: row.get(k, 0 if k not in OPTIONAL else None) for k in COUNTS},
                )
                for row in rows
            ],
            batch_size=2000,
        )
        result.months = len(months)
        compute_index(locality, months)
    return result


def compute_index(
    locality: Locality, months: list[dt.date] | None = None, version: str | None = None
) -> int:
    """Recompute every component of index ``version`` (every version when None: the pages
    offer each) for ``locality`` and ``months``: by one SQL statement on PostgreSQL
    (``index_sql.compute_index_sql``) and on SQLite (``index_sql.compute_index_sqlite``, for a
    version whose shares it computes exactly), in Python elsewhere (the same figures: a test
    compares them on each backend). Returns the results saved."""
    from django.db import connection

    from . import index_sql

    def compute(key: str) -> int:
        if connection.vendor == "postgresql":
            return index_sql.compute_index_sql(locality, months, key)
        if connection.vendor == "sqlite" and index_sql.sqlite_computes(key):
            return index_sql.compute_index_sqlite(locality, months, key)
        return compute_index_python(locality, months, key)

    keys = list(index766.VERSIONS) if version is None else [version]
    return sum(compute(key) for key in keys)


def compute_index_python(
    locality: Locality, months: list[dt.date] | None = None, version: str = index766.DEFAULT
) -> int:
    """Recompute every component of index ``version`` for ``locality``, per agency and for the
    city, for ``months`` (every month held when None): the sums are done by the database (two
    grouped queries per audience), the results replace the old ones. Returns the results saved
    (one per agency or city, month and audience, holding every component's score)."""
    spec = index766.version(version)
    base = DossierMonth.objects.filter(locality=locality)
    if months is not None:
        base = base.filter(month__in=months)
    else:
        months = list(base.values_list("month", flat=True).distinct())
    # A count a file may leave out sums to None unless every row has it (``index_sql``'s rule)
    # (the counts first: an annotation named as the field would hide it from them)
    sums = {f"k_{f}": Count(f) for f in OPTIONAL} | {"n_rows": Count("pk")}
    sums |= {f: Sum(f) for f in COUNTS}
    results: list[IndexResult] = []
    with transaction.atomic():
        IndexResult.objects.filter(version=spec.key, locality=locality, month__in=months).delete()
        for audience, rows in (("all", base), ("public", base.filter(is_public=True))):
            demo = set(rows.filter(is_demo=True).values_list("month", flat=True).distinct())
            groups = [
                *rows.values("month", "agency").annotate(**sums).order_by(),
                *({**r, "agency": ""} for r in rows.values("month").annotate(**sums).order_by()),
            ]
            for figures in groups:
                for f in OPTIONAL:
                    if figures.pop(f"k_{f}") != figures["n_rows"]:
                        figures[f] = None
                scores = {}
                for component in spec.computed:
                    numerator, denominator = component.fraction(figures)
                    points = component.points(numerator, denominator)
                    scores[component.key] = [
                        numerator,
                        denominator,
                        None if points is None else float(points),
                    ]
                results.append(
                    IndexResult(
                        version=spec.key,
                        locality=locality,
                        agency=figures["agency"],
                        month=figures["month"],
                        audience=audience,
                        scores=scores,
                        is_demo=figures["month"] in demo,
                    )
                )
        IndexResult.objects.bulk_create(results, batch_size=2000)
    return len(results)


def tag(obj, indicator: str, *, by: User | None) -> bool:
    """Tag ``obj`` (a practice or policy) with ``indicator``; False when it already was."""
    ct = ContentType.objects.get_for_model(obj)
    _, created = IndicatorTag.objects.get_or_create(
        indicator=indicator,
        content_type=ct,
        object_id=obj.pk,
        defaults={"locality_id": obj.locality_id, "tagged_by": by},
    )
    return created


def untag(obj, indicator: str) -> bool:
    """Remove the tag; False when there was none."""
    ct = ContentType.objects.get_for_model(obj)
    deleted, _ = IndicatorTag.objects.filter(
        indicator=indicator, content_type=ct, object_id=obj.pk
    ).delete()
    return bool(deleted)


def set_goal(
    locality: Locality, indicator: str, target, due: dt.date, *, note: str = "", by: User | None
) -> IndicatorGoal:
    """Record a city's target on an indicator (a new target never rewrites an old one)."""
    return IndicatorGoal.objects.create(
        locality=locality, indicator=indicator, target=target, due=due, note=note, created_by=by
    )


def create_framework(
    locality: Locality,
    rows: list[dict],
    *,
    name_vi: str,
    name_en: str = "",
    source: str = "",
    is_public: bool = False,
    by: User | None,
) -> IndicatorFramework:
    """Save a checked framework of ``locality`` with its indicators, in the file's order, each
    a part of the one its row names (``parent``: a code of the rows; "" at the top). All or
    nothing: one indicator the model refuses saves none of them."""
    if not rows:
        raise ValueError("a framework has at least one indicator")
    with transaction.atomic():
        framework = IndicatorFramework(
            locality=locality,
            name_vi=name_vi,
            name_en=name_en,
            source=source,
            is_public=is_public,
            created_by=by,
        )
        framework._history_user = by
        framework.full_clean()
        framework.save()
        indicators, parents = [], []
        for position, values in enumerate(rows, start=1):
            values = dict(values)
            parents.append(values.pop("parent", "") or "")
            indicator = FrameworkIndicator(framework=framework, position=position, **values)
            indicator.full_clean(exclude=["framework", "parent"], validate_constraints=False)
            indicators.append(indicator)
        codes = [i.code.casefold() for i in indicators]
        if len(set(codes)) != len(codes):
            raise ValueError("a framework's codes are unique")
        by_code = dict(zip(codes, indicators, strict=True))
        parent_of = {c: (p.casefold() or None) for c, p in zip(codes, parents, strict=True)}
        if any(p is not None and p not in by_code for p in parent_of.values()):
            raise ValueError("a parent is a code of the framework")
        if trees.has_loop(parent_of):
            raise ValueError("an indicator is not a part of itself")
        FrameworkIndicator.objects.bulk_create(indicators)
        # the parts point at their parents once every indicator has its key
        linked = []
        for indicator, parent in zip(indicators, parent_of.values(), strict=True):
            if parent is not None:
                indicator.parent = by_code[parent]
                linked.append(indicator)
        FrameworkIndicator.objects.bulk_update(linked, ["parent"])
        # bulk_create skips the history: one "created" entry per indicator, by the importer.
        FrameworkIndicator.history.bulk_history_create(indicators, default_user=by)
        # and the signals: the search index is told here
        searchable.reindex(indicators)
    return framework


def change_indicator(indicator: FrameworkIndicator, *, by: User | None, **values) -> bool:
    """Change an indicator's names, unit, direction, group, source or the indicator it is part
    of (with history; the model refuses a loop); False when nothing changed."""
    allowed = {"name_vi", "name_en", "unit", "direction", "group", "source", "parent"}
    if set(values) - allowed:
        raise ValueError(f"not editable: {sorted(set(values) - allowed)}")
    changed = [name for name, value in values.items() if getattr(indicator, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(indicator, name, values[name])
    indicator.full_clean(validate_constraints=False)
    indicator._history_user = by
    indicator.save(update_fields=changed)
    return True


def add_indicator(
    framework: IndicatorFramework, *, by: User | None, **values
) -> FrameworkIndicator:
    """Add one indicator by hand, after the framework's last one (with history)."""
    with transaction.atomic():
        last = (
            FrameworkIndicator.objects.select_for_update()
            .filter(framework=framework)
            .order_by("-position")
            .values_list("position", flat=True)
            .first()
        )
        indicator = FrameworkIndicator(framework=framework, position=(last or 0) + 1, **values)
        indicator.full_clean()
        indicator._history_user = by
        indicator.save()
    return indicator


def change_framework(framework: IndicatorFramework, *, by: User | None, **values) -> bool:
    """Change a framework's names, source or who reads it (with history); False when nothing
    changed."""
    allowed = {"name_vi", "name_en", "source", "is_public"}
    if set(values) - allowed:
        raise ValueError(f"not editable: {sorted(set(values) - allowed)}")
    changed = [name for name, value in values.items() if getattr(framework, name) != value]
    if not changed:
        return False
    for name in changed:
        setattr(framework, name, values[name])
    framework.full_clean()
    framework._history_user = by
    framework.save(update_fields=changed)
    return True
