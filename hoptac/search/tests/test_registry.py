"""The index follows what apps register with core.searchable: no app reindexes by hand."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser

from hoptac.core import searchable
from hoptac.core.tests.factories import CooperationFieldFactory
from hoptac.exchange.models import Attachment
from hoptac.exchange.tests.factories import PracticeFactory
from hoptac.programmes.tests.factories import AgreementFactory
from hoptac.search import queries
from hoptac.search.models import Document, DocumentField, DocumentReader
from hoptac.search.parsing import Filters

pytestmark = pytest.mark.django_db


def _fields_of(obj) -> set[int]:
    doc = Document.objects.get(model=obj._meta.label_lower, object_id=str(obj.pk))
    return set(DocumentField.objects.filter(document=doc).values_list("field_id", flat=True))


def test_core_registers_its_own_content():
    keys = {e.model_key for e in searchable.entries()}
    assert {"core.organisation", "core.cooperationfield"} <= keys
    assert searchable.kinds()["organisation"]


def _readers_of(obj) -> set[int]:
    doc = Document.objects.get(model=obj._meta.label_lower, object_id=str(obj.pk))
    return set(DocumentReader.objects.filter(document=doc).values_list("locality_id", flat=True))


def test_a_change_of_a_many_to_many_relation_reindexes_either_side(world):
    practice = PracticeFactory(organisation=world.department["own"])
    water, roads = CooperationFieldFactory(), CooperationFieldFactory()
    assert _fields_of(practice) == set()
    practice.fields.set([water, roads])  # the forward side
    assert _fields_of(practice) == {water.pk, roads.pk}
    practice.fields.remove(water)
    assert _fields_of(practice) == {roads.pk}
    # The reverse side: the parties of an agreement are its readers
    own, partner = world.localities["own"], world.localities["partner"]
    agreement = AgreementFactory(parties=[own])
    assert _readers_of(agreement) == {own.pk}
    partner.agreements.add(agreement)
    assert _readers_of(agreement) == {own.pk, partner.pk}
    own.agreements.clear()
    assert _readers_of(agreement) == {partner.pk}


def test_a_related_row_reindexes_the_object_it_belongs_to(world, member):
    practice = PracticeFactory(organisation=world.department["own"])
    user = member("officer", "own")
    attachment = Attachment.objects.create(
        practice=practice, file="exchange/x.pdf", name="x.pdf", kind="pdf", size=1,
        text="Biên bản nghiệm thu trạm bơm tiêu úng",
    )  # fmt: skip
    found = queries.search("tram bom tieu ung", user, Filters(kind="practice")).hits
    assert [h.document.object_id for h in found] == [str(practice.pk)]
    attachment.delete()
    assert not queries.search("tram bom tieu ung", user, Filters(kind="practice")).hits


def test_deleting_an_object_with_its_rows_leaves_nothing(world):
    practice = PracticeFactory(organisation=world.department["own"], status="published")
    Attachment.objects.create(
        practice=practice, file="exchange/y.pdf", name="y.pdf", kind="pdf", size=1, text="đê"
    )
    practice.delete()
    assert not Document.objects.filter(model="exchange.practice").exists()
    assert not queries.search("de", AnonymousUser()).hits


def test_documents_indexed_before_the_split_are_read_again_after_that_migration(world):
    from types import SimpleNamespace

    from hoptac.search.apps import _rebuild_after

    org = world.department["own"]
    key = {"model": "core.organisation", "object_id": str(org.pk)}
    Document.objects.filter(**key).update(title_en="", body=f"{org.name_en}\nmixed")
    other = SimpleNamespace(app_label="search", name="0004_sqlite_contentless")
    _rebuild_after(None, plan=[(other, False)])
    assert Document.objects.get(**key).title_en == ""
    split = SimpleNamespace(app_label="search", name="0005_document_in_two_languages")
    _rebuild_after(None, plan=[(split, False)])
    doc = Document.objects.get(**key)
    assert doc.title_en == org.name_en and "mixed" not in doc.body


def test_documents_indexed_before_the_title_length_are_read_again_after_that_migration(world):
    from types import SimpleNamespace

    from hoptac.search.apps import _rebuild_after

    org = world.department["own"]
    key = {"model": "core.organisation", "object_id": str(org.pk)}
    Document.objects.filter(**key).update(title_length=0)
    step = SimpleNamespace(app_label="search", name="0006_document_title_length")
    _rebuild_after(None, plan=[(step, False)])
    assert Document.objects.get(**key).title_length == len(org.name_vi.split())


def test_a_batch_indexes_its_saves_together_on_leaving_and_nothing_when_it_fails(world):
    from hoptac.core.models import CooperationField

    with searchable.batch():
        first = CooperationFieldFactory(name_vi="Cấp nước sạch nông thôn")
        second = CooperationFieldFactory(name_vi="Thoát nước đô thị")
        gone = CooperationFieldFactory(name_vi="Chiếu sáng công cộng")
        first.name_vi = "Cấp nước sạch vùng cao"
        first.save()
        gone.delete()
        # nothing written yet: the saves are indexed together on leaving
        assert not Document.objects.filter(model="core.cooperationfield").exists()
    titles = set(
        Document.objects.filter(model="core.cooperationfield").values_list("title", flat=True)
    )
    assert titles == {"Cấp nước sạch vùng cao", "Thoát nước đô thị"}
    assert queries.search("cap nuoc sach vung cao", AnonymousUser()).hits[0].document.object_id == (
        str(first.pk)
    )
    with pytest.raises(RuntimeError), searchable.batch():
        CooperationField.objects.filter(pk=second.pk).update(name_vi="Xử lý nước thải")
        searchable.reindex([CooperationField.objects.get(pk=second.pk)])
        raise RuntimeError("the import failed")
    # a failed batch writes nothing to the index (its transaction rolls the rows back)
    assert Document.objects.get(object_id=str(second.pk), model="core.cooperationfield").title == (
        "Thoát nước đô thị"
    )
    # outside a batch, reindex writes at once
    searchable.reindex([CooperationField.objects.get(pk=second.pk)])
    assert Document.objects.get(object_id=str(second.pk), model="core.cooperationfield").title == (
        "Xử lý nước thải"
    )
