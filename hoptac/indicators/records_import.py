"""Importing a dossier-records file, as the import page and ``manage.py import_dossier_records``
do: a CSV in UTF-8 goes the bulk path (``bulk``: DuckDB reads and sums it, only the monthly
figures are written); any other records file (a workbook, a CSV in cp1258, a CSV with a quoted
title above its header) is read row by row (``statistics.parse_records``, at
most ``statistics.MAX_RECORD_ROWS`` records). Both apply the same checks with the same messages
(tests in ``test_records_import``); both refuse a file of more records than the setting
INDICATORS_MAX_RECORDS, and a file with any error saves nothing. A records file replaces every
figure held for the months it covers; one that would so delete figures of agencies or procedures
it does not hold for one of its months is refused, each such month named, unless the importer
says it is the whole of its months (``replace_months``: the import page's box, the command's
``--replace-months``)."""

from __future__ import annotations

import datetime as dt
import shutil
import tempfile
from pathlib import Path

from hoptac.core.models import Locality, User

from . import actions, bulk, statistics
from .actions import StatisticsResult


def import_records_file(
    locality: Locality,
    path: Path,
    name: str,
    today: dt.date,
    *,
    by: User | None,
    is_public: bool = True,
    max_records: int | None = None,
    replace_months: bool = False,
) -> tuple[StatisticsResult | None, list[str]]:
    """Check and save the records file at ``path`` (``name``: the name it was given, kept as
    the figures' source) for ``locality``: the result, or the errors (and nothing saved)."""
    if bulk.reads(path):
        done = bulk.import_records(
            locality,
            path,
            today,
            is_public=is_public,
            source=name,
            max_records=max_records,
            replace_months=replace_months,
        )
        if done.errors:
            return None, done.errors
        result = StatisticsResult(
            rows=done.rows,
            replaced=done.replaced,
            months=len(done.months),
            records=done.records,
            whole_months=True,
            replaced_months=done.replaced_months,
            unreported=done.unreported,
        )
        return result, []
    with open(path, "rb") as handle:  # one byte past the cap is enough to refuse the file
        data = handle.read(statistics.MAX_RECORD_BYTES + 1)
    rows = None
    if max_records is not None:
        rows = min(max_records, statistics.MAX_RECORD_ROWS)
    parsed = statistics.parse_records(name, data, today, max_rows=rows)
    if parsed.errors:
        return None, parsed.errors
    try:
        saved = actions.import_statistics(
            locality,
            parsed,
            by=by,
            is_public=is_public,
            source=name[:255],
            replace_months=replace_months,
        )
    except actions.MonthsNotWhole as refused:
        return None, refused.messages
    return saved, []


def import_records_upload(
    locality: Locality,
    upload,
    today: dt.date,
    *,
    by: User | None,
    is_public: bool = True,
    replace_months: bool = False,
) -> tuple[StatisticsResult | None, list[str]]:
    """``import_records_file`` for an uploaded file: copied to a file of the server's own
    naming, removed once read."""
    with tempfile.NamedTemporaryFile(prefix="hoptac-records-", suffix=".csv") as copy:
        upload.seek(0)
        shutil.copyfileobj(upload, copy, length=1024 * 1024)
        copy.flush()
        return import_records_file(
            locality,
            Path(copy.name),
            upload.name,
            today,
            by=by,
            is_public=is_public,
            replace_months=replace_months,
        )
