"""The search index: one row per registered object, plus what filters and visibility need.

The full-text part lives next to it in a table of the database's own kind (an FTS5 virtual table
on SQLite, tsvector columns on PostgreSQL), created by the migrations and written by the backend.
"""

from __future__ import annotations

import zlib
from typing import Any

from django.db import models

DEFLATED = b"\xff"  # first byte of a deflated text: never the first byte of UTF-8 text
PACK_FROM = 64  # bytes: a shorter text is stored as it is (deflate would not shrink it)
PACK_LEVEL = 9


def pack_text(value: str) -> bytes:
    """A text as ``PackedTextField`` stores it: its UTF-8, deflated (zlib's raw deflate, no
    header, behind ``DEFLATED``) when that is shorter."""
    raw = value.encode()
    if len(raw) < PACK_FROM:
        return raw
    deflate = zlib.compressobj(PACK_LEVEL, zlib.DEFLATED, -15)
    packed = DEFLATED + deflate.compress(raw) + deflate.flush()
    return packed if len(packed) < len(raw) else raw


def unpack_text(data: Any) -> str:
    """The text of ``pack_text``'s bytes (a text stored before it was packed: as it is)."""
    if isinstance(data, str):
        return data
    data = bytes(data)
    if data[:1] == DEFLATED:
        return zlib.decompress(data[1:], -15).decode()
    return data.decode()


class PackedTextField(models.Field):
    """Text stored compressed (``pack_text``) in a binary column, read back as text: the
    documents' bodies, kept only for snippets and to derive their words again. Equality
    lookups work (the same text packs to the same bytes); no other text lookup does."""

    description = "Text stored compressed"

    def get_internal_type(self) -> str:
        return "BinaryField"  # BLOB on SQLite, bytea on PostgreSQL

    def get_placeholder(self, value: Any, compiler: Any, connection: Any) -> str:
        return connection.ops.binary_placeholder_sql(value)

    def get_prep_value(self, value: Any) -> Any:
        value = super().get_prep_value(value)
        return None if value is None else pack_text(str(value))

    def get_db_prep_value(self, value: Any, connection: Any, prepared: bool = False) -> Any:
        if not prepared:
            value = self.get_prep_value(value)
        return None if value is None else connection.Database.Binary(value)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> str | None:
        return None if value is None else unpack_text(value)

    def to_python(self, value: Any) -> str | None:
        return None if value is None else unpack_text(value)

    def value_to_string(self, obj: Any) -> str:
        return self.value_from_object(obj)


class Document(models.Model):
    """What the index knows of one object of a registered model."""

    model = models.CharField(max_length=100)  # "app_label.modelname"
    object_id = models.CharField(max_length=64)
    kind = models.CharField(max_length=40)
    title = models.TextField()  # Vietnamese (or the one language the object has)
    body = PackedTextField(
        blank=True
    )  # kept (capped, compressed) for snippets; text of no language too
    title_en = models.TextField(blank=True)  # English, shown on English pages
    body_en = PackedTextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    date = models.DateField(null=True, blank=True)
    public = models.BooleanField(default=False)
    length = models.PositiveIntegerField(default=0)  # words indexed, for length normalisation
    title_length = models.PositiveIntegerField(default=0)  # words of the title (title signal)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["model", "object_id"], name="search_document_unique")
        ]

    def __str__(self) -> str:
        return f"{self.kind}: {self.title}"


class DocumentLocality(models.Model):
    """A locality the document is about (filter). Keyed by the pair, no surrogate id: the key
    (document first) serves the document's deletion, the locality's index the filter."""

    pk = models.CompositePrimaryKey("document", "locality_id")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    locality_id = models.IntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.document_id} @ {self.locality_id}"


class DocumentField(models.Model):
    """A cooperation field the document belongs to (filter), keyed as ``DocumentLocality``."""

    pk = models.CompositePrimaryKey("document", "field_id")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    field_id = models.IntegerField(db_index=True)

    def __str__(self) -> str:
        return f"{self.document_id} in {self.field_id}"


class DocumentReader(models.Model):
    """A locality whose members may read the document when it is not public. Keyed by the
    pair (document first, for its deletion); read by locality (``search_reader_idx``)."""

    pk = models.CompositePrimaryKey("document", "locality_id")
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="+", db_index=False
    )
    locality_id = models.IntegerField()

    class Meta:
        indexes = [models.Index(fields=["locality_id", "document"], name="search_reader_idx")]

    def __str__(self) -> str:
        return f"{self.document_id} read by {self.locality_id}"


class Posting(models.Model):
    """One word's packed posting list (``postings.py``): its documents' ids (sorted, as gaps) and
    its occurrences in the title and in the whole document, compressed. A term of two words
    (``postings.pair_term``) is a pair side by side: its documents and its occurrences in the
    title. A few rows whose term starts with a space are not words: the documents' own arrays
    (length, kind, visibility), a long word's block bounds, the documents holding three words
    side by side that the counts do not prove (``postings.unproven_term``)."""

    term = models.CharField(max_length=255, primary_key=True)
    data = models.BinaryField()

    def __str__(self) -> str:
        return self.term


class PostingDelta(models.Model):
    """A word of a document written after the packed lists were built (merged by a rebuild)."""

    document_id = models.IntegerField()
    term = models.CharField(max_length=255, db_index=True)
    title_tf = models.IntegerField()
    tf = models.IntegerField()

    def __str__(self) -> str:
        return f"{self.document_id}: {self.term}"


class PostingDeleted(models.Model):
    """A document of the packed lists deleted since they were built (masked when reading)."""

    document_id = models.IntegerField(primary_key=True)

    def __str__(self) -> str:
        return str(self.document_id)


class PostingState(models.Model):
    """The packed lists' build number and the generation every write bumps: a process reuses
    what it read while both are unchanged (one cheap query per search)."""

    built = models.IntegerField(default=0)
    generation = models.IntegerField(default=0)
    # Builds: each scan takes the next number; a scan's lists replace the packed ones only if no
    # later scan's already did (two packs at once never go back in time).
    scan = models.IntegerField(default=0)
    merged = models.IntegerField(default=0)
    scan_started = models.DateTimeField(null=True, blank=True)  # of a scan not merged yet

    def __str__(self) -> str:
        return f"build {self.built}, generation {self.generation}"
