"""Pages that distribute a layer: its downloads (any version the reader may see, in five formats
and three coordinate systems) and its metadata record as ISO 19139 XML and DCAT JSON-LD."""

from __future__ import annotations

import json

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import downloads, metadata, tasks
from .forms import DownloadForm
from .views import _layer_for


def _base(request: HttpRequest) -> str:
    return f"{request.scheme}://{request.get_host()}"


@require_GET
def download(request: HttpRequest, slug: str) -> HttpResponse:
    """A version of a layer the reader may see, written in the format and system asked."""
    layer = _layer_for(request, slug)
    form = DownloadForm(request.GET, layer=layer)
    if not form.is_valid():
        return render(
            request, "geodata/download_error.html", {"layer": layer, "form": form}, status=400
        )
    version, fmt, srid = (
        form.cleaned_data["version_obj"],
        form.cleaned_data["format"],
        form.cleaned_data["crs"],
    )
    if version.feature_count > settings.GEODATA_INLINE_EXPORT_FEATURES:
        state = tasks.in_background(layer, version, fmt, srid, _base(request))
        if state != downloads.Background.READY:
            failed = state == downloads.Background.FAILED
            answer = render(
                request,
                "geodata/download_pending.html",
                {
                    "layer": layer,
                    "version": version,
                    "failed": failed,
                    "again": request.get_full_path(),
                },
                status=503 if failed else 202,
            )
            if not failed:
                answer["Retry-After"] = "5"
            return answer
    stored = downloads.export(layer, version, fmt, srid, _base(request))
    return downloads.response(layer, version, fmt, srid, stored)


@require_GET
def metadata_xml(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _layer_for(request, slug)
    xml = metadata.iso19139(metadata.record(layer, _base(request)))
    answer = HttpResponse(xml, content_type="application/xml; charset=utf-8")
    answer["Content-Disposition"] = f'inline; filename="{layer.slug}-iso19139.xml"'
    return answer


@require_GET
def metadata_dcat(request: HttpRequest, slug: str) -> HttpResponse:
    layer = _layer_for(request, slug)
    doc = metadata.dcat(metadata.record(layer, _base(request)))
    return HttpResponse(
        json.dumps(doc, ensure_ascii=False, indent=1), content_type="application/ld+json"
    )
