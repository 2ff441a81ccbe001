"""Planning figures from the map's links: a layer by slug and a feature id, a drawn polygon;
who may use which layer; bad input; the page's map, names, numbers and queries."""

from __future__ import annotations

import json
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from hoptac.geodata.forms import FiguresForm
from hoptac.geodata.models import Feature
from hoptac.geodata.queries import published_layers

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db

URL = "/chi-so-quy-hoach/"
PARK_RING = [
    [108.0395, 16.0935],
    [108.0440, 16.0935],
    [108.0440, 16.0975],
    [108.0395, 16.0975],
    [108.0395, 16.0935],
]
DRAWN = {"type": "Polygon", "coordinates": [PARK_RING]}


@pytest.fixture
def park(load, make_layer):
    """A public layer of one planned park over the test parcels."""
    layer = make_layer(theme="parks", slug="khu-cong-nghe-cao")
    job = load(
        geojson_upload(
            fc(feature({"type": "Polygon", "coordinates": [PARK_RING]}, name="Khu CNC thử"))
        ),
        layer=layer,
    )
    assert job.status == "done", job.message
    layer.refresh_from_db()
    return layer


def park_id(layer) -> int:
    return Feature.objects.get(version_id=layer.current_version_id).pk


def test_the_map_link_by_slug_and_feature_id_gives_the_figures(client, park, parcels):
    fid = park_id(park)
    r = client.get(URL, {"area_layer": park.slug, "area_feature": fid})
    assert r.status_code == 200
    result = r.context["result"]
    assert result is not None and 15 < result.area_ha < 25
    blocks = {b["layer"].pk: b for b in result.contents}
    assert blocks[parcels.pk]["count"] >= 4
    assert park.pk not in blocks  # the park is not listed as inside itself
    assert all(row["area_ha"] > 0 for row in blocks[parcels.pk]["rows"])  # no mere neighbours
    # The page names the feature and shows the area on a map
    html = r.content.decode()
    assert r.context["chosen"].label == "Khu CNC thử"
    assert park.name in html and f"số {fid} — <strong>Khu CNC thử</strong>" in html
    assert 'id="figures-map"' in html and "/static/geodata/footprint.js" in html
    roles = [f["properties"]["role"] for f in r.context["map_data"]["features"]]
    assert roles[-1] == "area" and "inside" in roles and "buffer" not in roles
    # A cadastral parcel is named by its number and map sheet
    names = [row["name"] for row in blocks[parcels.pk]["rows"]]
    assert all(name.startswith("Parcel ") or name.startswith("Thửa") for name in names), names


def test_figures_page_speaks_vietnamese_numbers(client, park, parcels):
    r = client.get(URL, {"area_layer": park.slug, "area_feature": park_id(park), "buffer_m": "100"})
    html = r.content.decode()
    assert re.search(r"\b\d{1,3},\d{2} ha", html), "area not written as 12,34 ha"
    assert "Vùng đệm" in html
    roles = [f["properties"]["role"] for f in r.context["map_data"]["features"]]
    assert "buffer" in roles
    assert r.context["result"].area_ha > r.context["result"].source_ha


def test_the_drawn_area_link_gives_the_figures_and_the_exports_name_it(client, parcels):
    params = {"area_geojson": json.dumps(DRAWN)}
    r = client.get(URL, params)
    assert r.status_code == 200 and r.context["result"].contents
    assert r.context["chosen"].layer is None
    csv = client.get(URL, {**params, "export": "csv"}).content.decode("utf-8-sig")
    assert csv.splitlines()[0] == "Vùng tính chỉ số,Vùng đã vẽ"


def test_a_feature_collection_of_polygons_is_one_area(client, parcels):
    collection = fc(feature(square(108.0395, 16.0935, 0.002)), feature(square(108.042, 16.095)))
    r = client.get(URL, {"area_geojson": json.dumps(collection)})
    assert r.context["result"] is not None and r.context["result"].area_ha > 4


def test_the_land_use_class_attribute_defaults_to_the_layer_colouring(
    client, park, load, make_layer
):
    land = make_layer(theme="land_use", style={"attribute": "loai"})
    load(
        geojson_upload(fc(feature(square(108.0395, 16.0935, 0.002), loai="cong_nghiep"))),
        layer=land,
    )
    r = client.get(
        URL, {"area_layer": park.slug, "area_feature": park_id(park), "land_use_layer": land.slug}
    )
    assert [name for name, _ha, _pct in r.context["result"].land_use] == ["cong_nghiep"]


@pytest.mark.parametrize(
    ("who", "sees"),
    [(None, False), (("officer", "unrelated"), False), (("officer", "own"), True)],
)
def test_an_owner_only_layer_is_chosen_only_by_its_own_city(
    client, member, load, make_layer, who, sees
):
    secret = make_layer(visibility="owner", theme="parks", name_vi="Quy hoạch mật")
    load(
        geojson_upload(fc(feature(square(108.04, 16.094, 0.002), name="Khu X9 chưa công bố"))),
        layer=secret,
    )
    secret.refresh_from_db()
    if who:
        client.force_login(member(*who))
    fid = park_id(secret)
    r = client.get(URL, {"area_layer": secret.slug, "area_feature": fid})
    assert r.status_code == 200
    html = r.content.decode()
    if sees:
        assert r.context["result"] is not None and "Khu X9 chưa công bố" in html
    else:
        assert r.context["result"] is None
        assert "area_layer" in r.context["form"].errors
        assert "Quy hoạch mật" not in html and "Khu X9" not in html
    # Nor through the old number of the layer
    r = client.get(URL, {"area_layer": secret.pk, "area_feature": fid})
    assert (r.context["result"] is not None) is sees


def test_an_unknown_layer_slug_is_a_form_error(client, park):
    r = client.get(URL, {"area_layer": "khong-co-lop-nay", "area_feature": 1})
    assert r.status_code == 200 and r.context["result"] is None
    assert "area_layer" in r.context["form"].errors


def test_a_feature_of_another_version_or_layer_is_refused(client, park, parcels, load):
    old = park_id(park)
    load(geojson_upload(fc(feature(square(108.04, 16.094, 0.001), name="v2"))), layer=park)
    other = Feature.objects.filter(version_id=parcels.current_version_id).first().pk
    for fid in (old, other, 10**9):
        r = client.get(URL, {"area_layer": park.slug, "area_feature": fid})
        assert r.status_code == 200 and r.context["result"] is None
        assert "area_feature" in r.context["form"].errors


def test_a_layer_without_a_feature_number_asks_for_one(client, park):
    r = client.get(URL, {"area_layer": park.slug})
    assert r.context["result"] is None and "area_feature" in r.context["form"].errors


@pytest.mark.parametrize(
    "text",
    [
        "{oops",
        "[]",
        json.dumps({"type": "Point", "coordinates": [108.04, 16.09]}),
        json.dumps({"type": "LineString", "coordinates": [[108.04, 16.09], [108.05, 16.1]]}),
        json.dumps({"type": "Polygon", "coordinates": []}),
        json.dumps(square(530827, 1780001, 150)),  # VN-2000 metres, not degrees
        json.dumps(fc(feature({"type": "Point", "coordinates": [108.04, 16.09]}))),
    ],
    ids=["broken", "list", "point", "line", "empty", "metres", "points"],
)
def test_a_bad_drawn_area_is_a_form_error(client, text):
    r = client.get(URL, {"area_geojson": text})
    assert r.status_code == 200 and r.context["result"] is None
    assert r.context["form"].errors


def test_only_polygon_layers_may_give_the_area(client, park, load, make_layer):
    points = make_layer(theme="infrastructure")
    load(
        geojson_upload(
            fc(feature({"type": "Point", "coordinates": [108.04, 16.095]}, name="Trạm"))
        ),
        layer=points,
    )
    form = FiguresForm(layers=published_layers(None))
    slugs = {layer.slug for layer in form.fields["area_layer"].queryset}
    assert park.slug in slugs and points.slug not in slugs
    r = client.get(URL, {"area_layer": points.slug, "area_feature": 1})
    assert "area_layer" in r.context["form"].errors


def test_the_map_offers_the_figures_links(client, parcels):
    html = client.get("/ban-do/").content.decode()
    assert 'data-figures-url="/chi-so-quy-hoach/"' in html
    assert "Chỉ số quy hoạch cho đối tượng này" in html
    assert 'id="measure-figures"' in html and "Tính chỉ số cho vùng đã vẽ" in html


@pytest.mark.parametrize("n", [1, 5])
def test_the_figures_page_takes_a_fixed_number_of_queries(client, park, load, make_layer, n):
    for _i in range(n):
        layer = make_layer(theme="parcels")
        load(
            geojson_upload(
                fc(*(feature(square(108.040 + 0.0005 * j, 16.094, 0.0004), ma=j) for j in range(3)))
            ),
            layer=layer,
        )
    params = {"area_layer": park.slug, "area_feature": park_id(park), "buffer_m": "10"}
    with CaptureQueriesContext(connection) as ctx:
        r = client.get(URL, params)
    assert len(r.context["result"].contents) == n
    assert len(ctx.captured_queries) <= 8, [q["sql"][:120] for q in ctx.captured_queries]


def test_a_feature_that_is_not_a_polygon_gives_no_area(client, park):
    from django.contrib.gis.geos import Point

    point = Feature.objects.create(
        version_id=park.current_version_id, geom=Point(108.04, 16.095, srid=4326), properties={}
    )
    r = client.get(URL, {"area_layer": park.slug, "area_feature": point.pk})
    assert r.status_code == 200 and r.context["result"] is None
    assert "area_feature" in r.context["form"].errors


def test_a_feature_is_named_in_the_page_language_when_the_data_name_it_in_english(
    client, load, make_layer
):
    layer = make_layer(theme="parks", slug="khu-song-ngu")
    job = load(
        geojson_upload(
            fc(feature(DRAWN, name="Khu trung tâm Đà Nẵng", name_en="Central Da Nang", city="48"))
        ),
        layer=layer,
    )
    assert job.status == "done", job.message
    fid = Feature.objects.get(version_id=job.version.pk).pk
    from django.utils import translation

    for lang, name in (("vi", "Khu trung tâm Đà Nẵng"), ("en", "Central Da Nang")):
        with translation.override(lang):
            client.cookies["django_language"] = lang
            r = client.get(URL, {"area_layer": layer.slug, "area_feature": fid})
        assert r.context["chosen"].label == name, lang
        assert f"<strong>{name}</strong>" in r.content.decode()
