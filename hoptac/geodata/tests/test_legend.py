"""The legend editor: the owner names and colours the categories of the style attribute; the map's
legend and pop-ups use the labels."""

from __future__ import annotations

import pytest

from hoptac.geodata.models import Layer

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db


@pytest.fixture
def coded(load, make_layer):
    """A public land-use layer coloured by `use`, whose file holds codes."""
    layer = make_layer(style={"attribute": "use"})
    load(
        geojson_upload(
            fc(
                feature(square(105.80, 21.0), use="cay_xanh"),
                feature(square(105.81, 21.0), use="cong_nghiep"),
                feature(square(105.82, 21.0), use="cay_xanh"),
            )
        ),
        layer=layer,
    )
    layer.refresh_from_db()
    return layer


def _post_data(layer: Layer, **legend) -> dict:
    data = {
        "name_vi": layer.name_vi,
        "name_en": layer.name_en,
        "organisation": layer.organisation_id,
        "theme": layer.theme,
        "visibility": layer.visibility,
        "style_attribute": (layer.style or {}).get("attribute", ""),
    }
    data.update({f"legend-{k}": v for k, v in legend.items()})
    return data


def test_owner_labels_and_colours_the_categories(client, member, coded):
    client.force_login(member("officer", "own"))
    page = client.get(f"/du-lieu-khong-gian/{coded.slug}/sua/").content.decode()
    assert "<code>cay_xanh</code>" in page and "<code>cong_nghiep</code>" in page
    assert 'type="color"' in page
    # categories are listed sorted: cay_xanh, cong_nghiep
    r = client.post(
        f"/du-lieu-khong-gian/{coded.slug}/sua/",
        _post_data(
            coded,
            label_0="Đất cây xanh",
            color_0="#2E8B57",
            label_1="",
            color_1="#aa3300",
        ),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    coded.refresh_from_db()
    assert coded.style["labels"] == {"cay_xanh": "Đất cây xanh"}
    assert coded.style["colors"] == {"cay_xanh": "#2e8b57", "cong_nghiep": "#aa3300"}
    layers = {x["id"]: x for x in client.get("/ban-do/lop.json").json()["layers"]}
    legend = layers[coded.slug]["legend"]
    assert legend["labels"] == {"cay_xanh": "Đất cây xanh"}
    assert legend["colors"]["cay_xanh"] == "#2e8b57"


def test_english_labels_of_the_categories_show_on_english_pages(client, member, coded):
    client.force_login(member("officer", "own"))
    r = client.post(
        f"/du-lieu-khong-gian/{coded.slug}/sua/",
        _post_data(
            coded,
            label_0="Đất cây xanh",
            label_en_0="Green space",
            color_0="#2e8b57",
            color_1="#aa3300",
        ),
    )
    assert r.status_code == 302, r.content.decode()[:2000]
    coded.refresh_from_db()
    assert coded.style["labels_en"] == {"cay_xanh": "Green space"}
    for lang, label in (("vi", "Đất cây xanh"), ("en", "Green space")):
        client.cookies["django_language"] = lang
        layers = {x["id"]: x for x in client.get("/ban-do/lop.json").json()["layers"]}
        assert layers[coded.slug]["legend"]["labels"] == {"cay_xanh": label}


@pytest.mark.parametrize("colour", ["red", "#12345G", "#fff", ""])
def test_a_colour_that_is_not_rrggbb_is_refused_and_nothing_saved(client, member, coded, colour):
    client.force_login(member("officer", "own"))
    before = dict(coded.style)
    data = _post_data(coded, label_0="Đất cây xanh", color_0=colour, color_1="#aa3300")
    data["name_vi"] = "Tên mới"
    r = client.post(f"/du-lieu-khong-gian/{coded.slug}/sua/", data)
    assert r.status_code == 200
    assert "#rrggbb" in r.content.decode() or "required" in r.content.decode()
    coded.refresh_from_db()
    assert coded.style == before and coded.name_vi != "Tên mới"


def test_another_citys_officer_cannot_change_the_legend(client, member, coded):
    client.force_login(member("officer", "partner"))
    before = dict(coded.style)
    r = client.post(
        f"/du-lieu-khong-gian/{coded.slug}/sua/",
        _post_data(coded, label_0="x", color_0="#000000", color_1="#000000"),
    )
    assert r.status_code == 403
    coded.refresh_from_db()
    assert coded.style == before


def test_changing_the_attribute_drops_the_old_labels(client, member, coded):
    coded.style = {"attribute": "use", "labels": {"cay_xanh": "Cây xanh"}, "colors": {}}
    coded.save()
    client.force_login(member("officer", "own"))
    data = _post_data(coded, label_0="Khác", color_0="#000000", color_1="#000000")
    data["style_attribute"] = "n"
    r = client.post(f"/du-lieu-khong-gian/{coded.slug}/sua/", data)
    assert r.status_code == 302
    coded.refresh_from_db()
    assert coded.style == {"attribute": "n"}
