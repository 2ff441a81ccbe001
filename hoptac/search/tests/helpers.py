"""Documents written straight into the index, with a registered test kind."""

from __future__ import annotations

import datetime as dt
import itertools

from hoptac.core import searchable as registry
from hoptac.core.models import Partnership
from hoptac.search import index
from hoptac.search.models import Document

_ids = itertools.count(1)


def note_entry() -> registry.Entry:
    # A kind without signals: registered only for the duration of a test (see conftest).
    return registry.Entry(
        model=Partnership,
        kind="note",
        label="Note",
        title=str,
        body=str,
        url=str,
        localities=list,
        fields=list,
        date=lambda o: None,
        public=lambda o: False,
        readers=list,
        queryset=lambda: Partnership.objects.none(),
    )


def prepared(
    title: str,
    body: str = "",
    *,
    kind: str = "note",
    public: bool = True,
    readers: list[int] | None = None,
    localities: list[int] | None = None,
    fields: list[int] | None = None,
    date: dt.date | None = None,
) -> index.Prepared:
    """A document of the test kind, analysed but not yet written (`add`, `add_all`)."""
    indexed = index.analyse(title, body)
    doc = Document(
        model="test.note",
        object_id=str(next(_ids)),
        kind=kind,
        title=title,
        body=body,
        url=f"/note/{title[:10]}",
        date=date,
        public=public,
        length=indexed.length,
        title_length=len(indexed.title_folded),
    )
    return index.Prepared(doc, localities or [], fields or [], readers or [], indexed)


def add(title: str, body: str = "", **details) -> Document:
    """Write one document of the test kind into the index (`prepared`'s arguments)."""
    return add_all([prepared(title, body, **details)])[0]


def add_all(documents: list[index.Prepared]) -> list[Document]:
    """Write many documents in one batch, as a bulk load does: the same rows as `add` one by
    one, in a fraction of the time (a test of a thousand documents)."""
    index.write(documents, replace=False)
    return [p.document for p in documents]
