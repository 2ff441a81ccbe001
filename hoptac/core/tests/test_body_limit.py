"""UPLOAD_MAX_BYTES caps every request body, multipart uploads included: a 413 page before the
body is read, and a multipart body counted as it is read."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart

from hoptac.core.middleware import BodyLimitMiddleware, accepts_body, parse_body_within


class Unread(io.RawIOBase):
    """A request body that fails the test if anybody reads it."""

    def read(self, *args):
        raise AssertionError("the body was read")

    readinto = read


class Counted(io.BytesIO):
    """A request body that counts the bytes read from it."""

    def __init__(self, data: bytes) -> None:
        super().__init__(data)
        self.taken = 0

    def read(self, size=-1):
        chunk = super().read(size)
        self.taken += len(chunk)
        return chunk


def view(request):
    raise AssertionError("the view ran")


def test_a_body_declared_larger_than_the_limit_gets_413_unread(rf, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    request = rf.generic("POST", "/", b"", content_type=MULTIPART_CONTENT)
    request.META["CONTENT_LENGTH"] = str(201 * 1024 * 1024)
    request.META["wsgi.input"] = Unread()
    request._stream = Unread()
    from django.contrib.auth.models import AnonymousUser

    request.user = AnonymousUser()
    response = BodyLimitMiddleware(lambda r: HttpResponse())
    answer = response.process_view(request, view, (), {})
    assert answer.status_code == 413
    assert "1000" in answer.content.decode() or "1,0" in answer.content.decode()


def test_the_form_of_the_site_answers_413_in_vietnamese_and_saves_nothing(client, member, settings):
    from hoptac.exchange.models import Practice

    settings.UPLOAD_MAX_BYTES = 2000
    client.force_login(member("officer"))
    response = client.post(
        "/trao-doi/thuc-tien/moi/",
        {"title_vi": "x", "attachments": SimpleUploadedFile("a.pdf", b"%PDF-" + b" " * 50_000)},
    )
    assert response.status_code == 413
    assert "quá lớn" in response.content.decode()
    assert Practice.objects.count() == 0


def test_a_multipart_body_is_counted_as_it_is_read_and_stopped_past_the_limit(settings):
    """What a lying or absent Content-Length would let through: the parser's own count stops it,
    long before the whole body has been read."""
    payload = encode_multipart(
        BOUNDARY, {"file": SimpleUploadedFile("a.bin", b"\1" * (4 * 1024 * 1024))}
    )
    body = Counted(payload)
    request = RequestFactory().generic("POST", "/", payload, content_type=MULTIPART_CONTENT)
    from django.core.handlers.wsgi import LimitedStream

    request._stream = LimitedStream(body, len(payload))
    assert parse_body_within(request, 256 * 1024) is False
    assert body.taken < len(payload) // 2
    assert request.FILES == {}


def test_a_multipart_body_within_the_limit_is_parsed(settings):
    data = {"file": SimpleUploadedFile("a.bin", b"\1" * 1000), "name": "a"}
    payload = encode_multipart(BOUNDARY, data)
    request = RequestFactory().generic("POST", "/", payload, content_type=MULTIPART_CONTENT)
    assert parse_body_within(request, 10_000) is True
    assert request.FILES["file"].size == 1000 and request.POST["name"] == "a"


def test_a_view_may_accept_a_larger_body(rf, settings):
    settings.UPLOAD_MAX_BYTES = 1000
    big = accepts_body(lambda: 10_000)(lambda request: HttpResponse())
    request = rf.post("/", {"file": SimpleUploadedFile("a.bin", b"\1" * 5000)})
    assert BodyLimitMiddleware(lambda r: HttpResponse()).process_view(request, big, (), {}) is None
    assert request.FILES["file"].size == 5000


@pytest.mark.parametrize("size", [500, 5000])
def test_the_layer_import_accepts_files_up_to_its_own_limit(client, world, member, settings, size):
    from hoptac.geodata.models import Layer

    settings.UPLOAD_MAX_BYTES = 1000
    settings.GEODATA_MAX_UPLOAD_BYTES = 10_000
    org = world.department["own"]
    layer = Layer.objects.create(
        slug="lop", name_vi="Lớp", organisation=org, locality=org.locality, theme="land_use"
    )
    client.force_login(member("officer", "own"))
    response = client.post(
        f"/du-lieu-khong-gian/{layer.slug}/nhap/",
        {"file": SimpleUploadedFile("a.geojson", b" " * size), "mode": "replace"},
    )
    assert response.status_code == 200  # the form answers (the file is not GeoJSON), no 413
