"""Fixtures of the geodata tests: layers owned by the `world` cities, and an import helper."""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from hoptac.geodata.imports.start import start_import
from hoptac.geodata.models import Layer

DATA = Path(__file__).parent / "data"


def fc(*features) -> dict:
    return {"type": "FeatureCollection", "features": list(features)}


def feature(geometry: dict, **props) -> dict:
    return {"type": "Feature", "geometry": geometry, "properties": props}


def square(x: float, y: float, d: float = 0.001) -> dict:
    ring = [[x, y], [x + d, y], [x + d, y + d], [x, y + d], [x, y]]
    return {"type": "Polygon", "coordinates": [ring]}


def geojson_upload(data: dict, name: str = "data.geojson") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, json.dumps(data).encode(), content_type="application/geo+json")


def zip_upload(files: dict[str, bytes], name: str = "data.zip") -> SimpleUploadedFile:
    import io

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for member, content in files.items():
            zf.writestr(member, content)
    return SimpleUploadedFile(name, buf.getvalue(), content_type="application/zip")


@pytest.fixture
def make_layer(world):
    counter = {"n": 0}

    def make(where: str = "own", visibility: str = "public", **kw) -> Layer:
        counter["n"] += 1
        org = world.department[where]
        values = {
            "slug": f"lop-{where}-{counter['n']}",
            "name_vi": f"Lớp thử {counter['n']}",
            "name_en": f"Test layer {counter['n']}",
            "organisation": org,
            "locality": org.locality,
            "theme": "land_use",
            "visibility": visibility,
        }
        values.update(kw)
        return Layer.objects.create(**values)

    return make


@pytest.fixture
def load(make_layer):
    """Import a file into a (new) layer synchronously; returns the job."""

    def run(upload, layer: Layer | None = None, **kw):
        layer = layer or make_layer()
        job = start_import(layer, upload, None, background=False, **kw)
        job.refresh_from_db()
        return job

    return run


@pytest.fixture
def parcels(load):
    """The 36 VN-2000 (EPSG:5899) demo parcels as a public layer."""
    upload = SimpleUploadedFile("parcels.zip", (DATA / "parcels_5899.zip").read_bytes())
    job = load(upload)
    assert job.status == "done", job.message
    return job.layer


@pytest.fixture(autouse=True)
def _english_messages():
    """Import messages are written in the active language; the tests read them in English."""
    from django.utils import translation

    with translation.override("en"):
        yield
