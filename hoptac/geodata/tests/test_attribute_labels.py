"""Each layer names its attributes (vi/en) and their units; the map's pop-ups and the planning
figures use them, never the raw names, codes or JSON."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from hoptac.geodata.attributes import describe, field_labels, value_text

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def labelled(load):
    job = load(
        geojson_upload(
            fc(feature(square(105.8, 21.0), so_tang=12, dt_san=1234.5, chu_dau_tu={"ten": "ABC"}))
        )
    )
    layer = job.layer
    layer.style = {
        "fields": {
            "so_tang": {"vi": "Số tầng", "en": "Storeys", "unit": "tầng"},
            "dt_san": {"vi": "Diện tích sàn", "en": "Floor area", "unit": "m²"},
        }
    }
    layer.save()
    return layer


def test_labels_follow_the_page_language_and_unlabelled_names_become_words(labelled):
    names = ["so_tang", "dt_san", "chu_dau_tu"]
    with translation.override("vi"):
        assert field_labels(labelled, names) == {
            "so_tang": "Số tầng",
            "dt_san": "Diện tích sàn",
            "chu_dau_tu": "Chu dau tu",
        }
    with translation.override("en"):
        assert field_labels(labelled, names)["dt_san"] == "Floor area"


def test_values_are_written_in_the_page_format_with_their_unit_never_json(labelled):
    with translation.override("vi"):
        assert value_text(labelled, "dt_san", 1234.5) == "1.234,5 m²"
        assert value_text(labelled, "chu_dau_tu", {"ten": "ABC"}) == "Ten: ABC"
        text = describe(labelled, {"dt_san": 1234.5, "chu_dau_tu": {"ten": "ABC"}})
        assert text == "Diện tích sàn 1.234,5 m² · Chu dau tu Ten: ABC"
        assert "{" not in text
    with translation.override("en"):
        assert value_text(labelled, "dt_san", 1234.5) == "1,234.5 m²"


def test_the_map_gives_each_layer_its_labels_and_units(client, labelled):
    for lang, label in (("vi", "Số tầng"), ("en", "Storeys")):
        client.cookies["django_language"] = lang
        r = client.get(reverse("geodata:map_layers"), HTTP_ACCEPT_LANGUAGE=lang)
        row = next(x for x in r.json()["layers"] if x["id"] == labelled.slug)
        assert row["field_labels"]["so_tang"] == label
        assert row["field_units"] == {"so_tang": "tầng", "dt_san": "m²"}


def test_the_owner_names_the_attributes_in_the_layer_form(client, member, labelled):
    client.force_login(member("officer", "own"))
    url = reverse("geodata:layer_edit", args=[labelled.slug])
    page = client.get(url).content.decode()
    assert "fields-vi_0" in page and "chu_dau_tu" in page
    data = {
        "name_vi": labelled.name_vi,
        "name_en": labelled.name_en,
        "organisation": labelled.organisation_id,
        "theme": labelled.theme,
        "visibility": labelled.visibility,
    }
    names = sorted(labelled.current_version.fields)
    for i, name in enumerate(names):
        data[f"fields-vi_{i}"] = {"chu_dau_tu": "Chủ đầu tư"}.get(name, "")
        data[f"fields-en_{i}"] = {"chu_dau_tu": "Investor"}.get(name, "")
        data[f"fields-unit_{i}"] = ""
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    labelled.refresh_from_db()
    assert labelled.style["fields"] == {"chu_dau_tu": {"vi": "Chủ đầu tư", "en": "Investor"}}


def test_a_too_long_unit_is_refused_and_nothing_changes(client, member, labelled):
    client.force_login(member("officer", "own"))
    url = reverse("geodata:layer_edit", args=[labelled.slug])
    data = {
        "name_vi": labelled.name_vi,
        "organisation": labelled.organisation_id,
        "theme": labelled.theme,
        "visibility": labelled.visibility,
        "fields-unit_0": "x" * 21,
    }
    r = client.post(url, data)
    assert r.status_code == 200
    labelled.refresh_from_db()
    assert "chu_dau_tu" not in labelled.style["fields"]


def test_a_coordinator_of_the_city_labels_a_layer_another_body_owns(client, member, labelled):
    """The coordinator may change the city's layers; the form must offer the layer's own owner
    (chosen, as it is), not only the coordinator's office, or saving the labels would need the
    layer to change hands."""
    coordinator = member("coordinator", "own")
    assert labelled.organisation_id not in set(
        coordinator.memberships.values_list("organisation_id", flat=True)
    )
    client.force_login(coordinator)
    url = reverse("geodata:layer_edit", args=[labelled.slug])
    page = client.get(url).content.decode()
    assert f'<option value="{labelled.organisation_id}" selected>' in page
    data = {
        "name_vi": labelled.name_vi,
        "name_en": labelled.name_en,
        "organisation": labelled.organisation_id,
        "theme": labelled.theme,
        "visibility": labelled.visibility,
    }
    for i, name in enumerate(sorted(labelled.current_version.fields)):
        data[f"fields-vi_{i}"] = {"chu_dau_tu": "Chủ đầu tư"}.get(name, "")
        data[f"fields-en_{i}"] = {"chu_dau_tu": "Investor"}.get(name, "")
    r = client.post(url, data)
    assert r.status_code == 302, r.content.decode()[:2000]
    owner = labelled.organisation_id
    labelled.refresh_from_db()
    assert labelled.organisation_id == owner
    assert labelled.style["fields"] == {"chu_dau_tu": {"vi": "Chủ đầu tư", "en": "Investor"}}


def test_another_city_s_body_is_still_not_offered_as_owner(client, member, labelled, world):
    client.force_login(member("coordinator", "own"))
    page = client.get(reverse("geodata:layer_edit", args=[labelled.slug])).content.decode()
    assert f'value="{world.department["partner"].pk}"' not in page
