"""Pages: the map, layers, imports through the form, permissions, planning figures, tokens."""

from __future__ import annotations

import io
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.geodata.models import ApiToken, Layer

from .conftest import fc, feature, geojson_upload, square

pytestmark = pytest.mark.django_db


def test_map_page_uses_only_local_assets(client, parcels):
    r = client.get("/ban-do/")
    assert r.status_code == 200
    html = r.content.decode()
    assert "vendor/maplibre-gl/maplibre-gl.js" in html
    assert "https://" not in html.split("<main", 1)[1].split("</main>", 1)[0]
    layers = client.get("/ban-do/lop.json").json()["layers"]
    assert [row["id"] for row in layers] == [parcels.slug]
    assert layers[0]["tiles"].endswith("{z}/{x}/{y}.mvt")
    assert layers[0]["legend"]["attribute"] is None


@pytest.mark.parametrize("n", [2, 8])
def test_layer_list_and_map_layers_take_a_fixed_number_of_queries(
    client, make_layer, load, n, django_assert_max_num_queries
):
    for _ in range(n):
        load(geojson_upload(fc(feature(square(105.8, 21.0)))))
    with django_assert_max_num_queries(8):
        assert client.get("/du-lieu-khong-gian/").status_code == 200
    with django_assert_max_num_queries(3):
        assert len(client.get("/ban-do/lop.json").json()["layers"]) == n


def test_officer_creates_a_layer_and_imports_a_file(client, member, world):
    user = member("officer", "own")
    client.force_login(user)
    r = client.post(
        "/du-lieu-khong-gian/moi/",
        {
            "name_vi": "Quy hoạch phân khu",
            "name_en": "Zoning plan",
            "organisation": world.department["own"].pk,
            "theme": "planning_zones",
            "visibility": "partners",
            "style_attribute": "zone",
        },
    )
    assert r.status_code == 302, r.content
    layer = Layer.objects.get(name_vi="Quy hoạch phân khu")
    assert layer.locality == world.localities["own"] and layer.style == {"attribute": "zone"}
    r = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": geojson_upload(fc(feature(square(105.8, 21.0), zone="A"))), "mode": "replace"},
    )
    assert r.status_code == 302
    r = client.get(r["Location"])
    assert "1" in r.content.decode()
    layer.refresh_from_db()
    assert layer.current_version.feature_count == 1
    assert client.get(f"/du-lieu-khong-gian/{layer.slug}/").status_code == 200


def test_a_new_layer_s_address_keeps_the_letter_d_of_its_vietnamese_name(client, member, world):
    # Found walking the demo: "Đường thử nghiệm" got the address
    # /du-lieu-khong-gian/uong-thu-nghiem/ (slugify drops "đ", which has no decomposition).
    client.force_login(member("officer", "own"))
    form = {
        "organisation": world.department["own"].pk,
        "theme": "transport",
        "visibility": "partners",
    }
    r = client.post("/du-lieu-khong-gian/moi/", {**form, "name_vi": "Đường đô thị"})
    assert r.status_code == 302, r.content
    assert Layer.objects.get(name_vi="Đường đô thị").slug == "duong-do-thi"


def test_upload_over_the_size_limit_is_refused_in_the_form(client, member, make_layer, settings):
    settings.GEODATA_MAX_UPLOAD_BYTES = 100
    layer = make_layer()
    client.force_login(member("officer", "own"))
    r = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": SimpleUploadedFile("big.geojson", b"x" * 500), "mode": "replace"},
    )
    assert r.status_code == 200
    assert "lớn hơn" in r.content.decode()
    assert layer.versions.count() == 0


def test_partner_city_cannot_import_into_our_layer(client, member, make_layer):
    layer = make_layer()
    client.force_login(member("coordinator", "partner"))
    r = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": geojson_upload(fc(feature(square(105.8, 21.0)))), "mode": "replace"},
    )
    assert r.status_code == 403
    assert layer.versions.count() == 0


def test_import_asking_for_crs_then_choosing_it(client, member, make_layer):
    layer = make_layer()
    client.force_login(member("officer", "own"))
    csv = b"so_hieu,x,y\nA,550175.030,1777160.451\n"
    r = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": SimpleUploadedFile("m.csv", csv), "mode": "replace"},
    )
    status_url = r["Location"]
    page = client.get(status_url).content.decode()
    assert 'name="srid"' in page
    r = client.post(status_url + "he-toa-do/", {"srid": "5899"})
    layer.refresh_from_db()
    assert layer.current_version.feature_count == 1


def test_earlier_version_can_be_made_current(client, member, load, make_layer):
    layer = make_layer()
    load(geojson_upload(fc(feature(square(105.8, 21.0)))), layer=layer)
    load(
        geojson_upload(fc(feature(square(105.9, 21.0)), feature(square(105.7, 21.0)))), layer=layer
    )
    client.force_login(member("coordinator", "own"))
    client.post(f"/du-lieu-khong-gian/{layer.slug}/phien-ban/1/dung/")
    layer.refresh_from_db()
    assert layer.current_version.number == 1


def test_planning_figures_for_a_park_with_exports(client, load, make_layer, parcels):
    park_ring = [
        [108.0395, 16.0935],
        [108.0440, 16.0935],
        [108.0440, 16.0975],
        [108.0395, 16.0975],
        [108.0395, 16.0935],
    ]
    park_layer = make_layer(theme="parks")
    load(
        geojson_upload(fc(feature({"type": "Polygon", "coordinates": [park_ring]}, name="KCNC"))),
        layer=park_layer,
    )
    land = make_layer(theme="land_use")
    load(
        geojson_upload(
            fc(
                feature(square(108.0395, 16.0935, 0.002), **{"class": "industrial"}),
                feature(square(108.0415, 16.0935, 0.002), **{"class": "green"}),
            )
        ),
        layer=land,
    )
    park_layer.refresh_from_db()
    fid = park_layer.current_version.features.get().pk
    params = {
        "area_layer": park_layer.pk,
        "area_feature": fid,
        "land_use_layer": land.pk,
        "class_attribute": "class",
        "buffer_m": "0",
    }
    r = client.get("/chi-so-quy-hoach/", params)
    assert r.status_code == 200
    result = r.context["result"]
    assert 15 < result.area_ha < 25
    assert {name for name, _ha, _pct in result.land_use} == {"industrial", "green"}
    blocks = {b["layer"].pk: b for b in result.contents}
    assert blocks[parcels.pk]["count"] >= 4
    assert any(row["inside"] for row in blocks[parcels.pk]["rows"])
    csv = client.get("/chi-so-quy-hoach/", {**params, "export": "csv"})
    assert csv["Content-Type"].startswith("text/csv") and "industrial" in csv.content.decode(
        "utf-8-sig"
    )
    xlsx = client.get("/chi-so-quy-hoach/", {**params, "export": "xlsx"})
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(xlsx.content))
    assert any("industrial" == c.value for row in wb.active.iter_rows() for c in row)
    buffered = client.get("/chi-so-quy-hoach/", {**params, "buffer_m": "100"}).context["result"]
    assert buffered.area_ha > result.area_ha


def test_planning_figures_with_a_drawn_area_and_bad_input(client, parcels):
    area = {
        "type": "Polygon",
        "coordinates": [[[108.03, 16.09], [108.06, 16.09], [108.06, 16.11], [108.03, 16.09]]],
    }
    r = client.get(
        "/chi-so-quy-hoach/", {"area_geojson": json.dumps(area), "class_attribute": "class"}
    )
    assert r.context["result"].contents
    r = client.get("/chi-so-quy-hoach/", {"area_geojson": "{oops", "class_attribute": "class"})
    assert r.status_code == 200 and r.context["result"] is None


def test_tokens_are_shown_once_and_stored_hashed(client, member):
    user = member("officer", "own")
    client.force_login(user)
    r = client.post("/ma-truy-cap/", {"name": "QGIS"})
    key = r.context["new_key"]
    token = ApiToken.objects.get(user=user)
    assert (
        key.startswith("hpt_")
        and token.key_hash == ApiToken.hash(key)
        and key not in token.key_hash
    )
    client.post("/ma-truy-cap/", {"revoke": token.pk})
    token.refresh_from_db()
    assert token.revoked


@pytest.mark.parametrize("name", ["\u200b\u200b\u200b", "\u202e\u202d\u202c"])
def test_a_layer_name_of_invisible_characters_is_refused(name):
    from django.utils import translation

    from hoptac.geodata.forms import LayerForm

    with translation.override("vi"):
        form = LayerForm(data={"name_vi": name}, user=None)
        form.is_valid()
        assert form.errors["name_vi"] == ["Hãy đặt tên bằng chữ nhìn thấy được."]
