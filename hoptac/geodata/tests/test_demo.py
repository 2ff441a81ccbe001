"""The geodata part of the demo (on the core's cities): its layers, their codes and legends, and
a second load that changes nothing. The part is loaded once for the module
(hoptac/core/tests/demo_module.py); each test still runs in its own savepoint."""

from __future__ import annotations

import pytest

from hoptac.core.tests.demo_module import module_demo, use_module_demo
from hoptac.geodata.models import Layer

pytestmark = pytest.mark.django_db

demo_module = module_demo(["core", "geodata"])


@pytest.fixture
def demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)


def test_demo_loads_twice_without_changes(demo):
    from hoptac.geodata.demo import load_demo
    from hoptac.geodata.models import Feature, ImportJob

    def counts():
        return (
            Layer.objects.count(),
            Feature.objects.count(),
            ImportJob.objects.count(),
            Layer.history.count(),
        )

    before = counts()
    assert before[0] == 8
    parcels = Layer.objects.get(slug="thua-dat-khu-cnc-da-nang")
    assert parcels.current_version.source_crs == 5899
    assert parcels.is_demo
    load_demo(lambda msg: None)
    assert counts() == before


def test_each_demo_layer_holds_only_its_own_city_s_features(demo):
    """A Da Nang layer ("Thành phố Đà Nẵng" in the layer list) also held Hanoi's parks."""
    from hoptac.geodata.models import Feature

    checked = 0
    for layer in Layer.objects.exclude(slug="ranh-gioi-thanh-pho").select_related("locality"):
        cities = {
            (props or {}).get("city")
            for props in Feature.objects.filter(version=layer.current_version).values_list(
                "properties", flat=True
            )
        } - {None}
        assert cities <= {layer.locality.code}, (layer.slug, cities)
        checked += bool(cities)
    assert checked == 6  # zones, parks and land use of each city


def test_the_demo_names_its_codes_and_a_reload_keeps_the_owners_labels(demo):
    from hoptac.geodata.demo import load_demo

    parcels = Layer.objects.get(slug="thua-dat-khu-cnc-da-nang")
    assert parcels.style["labels"]["cay_xanh"] == "Đất cây xanh"
    parcels.style = {**parcels.style, "labels": {"cay_xanh": "Cây xanh công cộng"}}
    parcels.save()
    load_demo(lambda msg: None)
    parcels.refresh_from_db()
    assert parcels.style["labels"] == {"cay_xanh": "Cây xanh công cộng"}
    assert parcels.style["attribute"] == "use"


def test_every_category_of_the_demo_layers_has_english_words_for_english_readers(demo):
    """An English map's legend and pop-ups name the demo's categories in English, not with the
    Vietnamese values of the files, and a code is named in both languages (the categories are
    the ones each import found)."""
    from django.utils import translation

    from hoptac.geodata.attributes import category_labels

    missing = []
    for layer in Layer.objects.select_related("current_version"):
        attribute = layer.style["attribute"]
        values = layer.current_version.report["categories"][attribute]
        assert values, layer.slug
        for lang in ("vi", "en"):
            with translation.override(lang):
                labels = category_labels(layer)
            if lang == "en":
                missing += [(layer.slug, v) for v in values if not labels.get(str(v))]
            else:  # a code has its words in Vietnamese too; Vietnamese words stand for themselves
                missing += [(layer.slug, v) for v in values if str(v).isdigit() and v not in labels]
    assert missing == []
