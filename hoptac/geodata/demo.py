"""The geodata part of the demo: approximate geometry of the two cities, said to be such.

Each layer is imported through the same path as an upload (so the demo exercises the import);
a layer is re-imported only when its demo data changed, so loading twice changes nothing.
The Da Nang parcels come from a VN-2000 (EPSG:5899) Shapefile shipped in demo_data/.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from pathlib import Path

from django.core.files.base import ContentFile

from hoptac.core.demo import sync
from hoptac.core.models import Organisation

from .models import ImportJob, Layer, Theme, Visibility

DATA = Path(__file__).parent / "demo_data"
# What each demo layer holds (the page says besides that its geometry is approximate).
DESCRIPTIONS = {
    "ranh-gioi-thanh-pho": "Ranh giới hai thành phố Hà Nội và Đà Nẵng, dùng làm nền của bản đồ.",
    "phan-khu-quy-hoach": "Các phân khu quy hoạch chính của Hà Nội, theo định hướng phát triển "
    "đô thị.",
    "phan-khu-quy-hoach-da-nang": "Các phân khu quy hoạch chính của Đà Nẵng, theo định hướng "
    "phát triển đô thị.",
    "khu-cong-nghiep-cong-nghe-cao": "Các khu công nghệ cao, khu công nghiệp và khu công nghệ "
    "thông tin tập trung của Đà Nẵng nêu tại mục 5 của Thông báo 2138-TB/TU, kèm diện tích.",
    "khu-cong-nghiep-cong-nghe-cao-ha-noi": "Các khu công nghệ cao và khu công nghiệp của Hà Nội "
    "nêu tại mục 5 của Thông báo 2138-TB/TU, kèm diện tích.",
    "su-dung-dat": "Hiện trạng sử dụng đất của Đà Nẵng theo ô phố, chia sẻ với thành phố hợp tác.",
    "su-dung-dat-ha-noi": "Hiện trạng sử dụng đất của Hà Nội theo ô phố, chia sẻ với thành phố "
    "hợp tác.",
    "thua-dat-khu-cnc-da-nang": "Thửa đất trong Khu công nghệ cao Đà Nẵng, nhập từ tệp Shapefile "
    "VN-2000 (múi 3°, EPSG:5899) đi kèm mã nguồn.",
}


def _box(cx: float, cy: float, dx: float, dy: float) -> list:
    return [
        [
            [cx - dx, cy - dy],
            [cx + dx, cy - dy],
            [cx + dx, cy + dy],
            [cx - dx, cy + dy],
            [cx - dx, cy - dy],
        ]
    ]


def _fc(features: list[tuple[list, dict]]) -> dict:
    return {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "geometry": {"type": "Polygon", "coordinates": ring},
                "properties": props,
            }
            for ring, props in features
        ],
    }


HANOI = [[
    [105.29, 21.05], [105.35, 21.25], [105.55, 21.33], [105.78, 21.39], [105.92, 21.28],
    [106.02, 21.12], [105.98, 20.92], [105.90, 20.67], [105.72, 20.56], [105.52, 20.60],
    [105.38, 20.78], [105.29, 21.05],
]]  # fmt: skip
DANANG = [[
    [107.82, 16.10], [107.90, 16.20], [108.05, 16.21], [108.18, 16.13], [108.22, 16.09],
    [108.33, 16.10], [108.30, 16.00], [108.28, 15.93], [108.10, 15.92], [107.95, 15.95],
    [107.82, 16.10],
]]  # fmt: skip

BOUNDARIES = _fc(
    [
        (HANOI, {"code": "01", "name": "Thành phố Hà Nội", "name_en": "Hanoi"}),
        (DANANG, {"code": "48", "name": "Thành phố Đà Nẵng", "name_en": "Da Nang"}),
    ]
)
PLANNING_ZONES = _fc(
    [
        (_box(105.84, 21.03, 0.07, 0.06), {"name": "Khu vực nội đô lịch sử", "name_en": "Historic inner city", "zone": "Nội đô lịch sử", "city": "01"}),
        (_box(105.53, 21.01, 0.08, 0.06), {"name": "Đô thị vệ tinh Hòa Lạc", "name_en": "Hoa Lac satellite city", "zone": "Đô thị vệ tinh", "city": "01"}),
        (_box(105.70, 21.03, 0.06, 0.10), {"name": "Hành lang xanh phía Tây", "name_en": "Western green corridor", "zone": "Hành lang xanh", "city": "01"}),
        (_box(108.20, 16.05, 0.05, 0.05), {"name": "Khu trung tâm Đà Nẵng", "name_en": "Central Da Nang", "zone": "Trung tâm đô thị", "city": "48"}),
        (_box(108.06, 16.09, 0.06, 0.04), {"name": "Khu đô thị công nghệ phía Tây Bắc", "name_en": "North-western technology district", "zone": "Đô thị công nghệ", "city": "48"}),
        (_box(108.27, 15.99, 0.03, 0.05), {"name": "Dải ven biển du lịch", "name_en": "Coastal tourism strip", "zone": "Du lịch ven biển", "city": "48"}),
    ]
)  # fmt: skip
PARKS = _fc(
    [
        (_box(105.515, 21.005, 0.02, 0.018), {"name": "Khu công nghệ cao Hòa Lạc", "name_en": "Hoa Lac Hi-Tech Park", "kind": "Khu công nghệ cao", "area_ha": 1586, "city": "01"}),
        (_box(105.785, 21.125, 0.012, 0.008), {"name": "Khu công nghiệp Thăng Long", "name_en": "Thang Long Industrial Park", "kind": "Khu công nghiệp", "area_ha": 274, "city": "01"}),
        (_box(105.745, 21.165, 0.01, 0.008), {"name": "Khu công nghiệp Nội Bài", "name_en": "Noi Bai Industrial Park", "kind": "Khu công nghiệp", "area_ha": 114, "city": "01"}),
        (_box(108.050, 16.100, 0.018, 0.014), {"name": "Khu công nghệ cao Đà Nẵng", "name_en": "Da Nang High-Tech Park", "kind": "Khu công nghệ cao", "area_ha": 1129, "city": "48"}),
        (_box(108.135, 16.075, 0.012, 0.009), {"name": "Khu công nghiệp Hòa Khánh", "name_en": "Hoa Khanh Industrial Park", "kind": "Khu công nghiệp", "area_ha": 394, "city": "48"}),
        (_box(108.095, 16.085, 0.006, 0.005), {"name": "Khu công viên phần mềm số 2 Đà Nẵng", "name_en": "Da Nang Software Park No. 2", "kind": "Khu công nghệ thông tin tập trung", "area_ha": 13, "city": "48"}),
    ]
)  # fmt: skip


def _land_use() -> dict:
    # Land-use classes named as in the land statistics (code – name), as a Vietnamese file has them.
    classes = [
        "ODT – Đất ở tại đô thị",
        "SKK – Đất khu công nghiệp",
        "DKV – Đất khu vui chơi, giải trí công cộng",
        "LUC – Đất chuyên trồng lúa",
        "DGT – Đất giao thông",
        "TMD – Đất thương mại, dịch vụ",
        "MNC – Đất có mặt nước chuyên dùng",
    ]
    rows = []
    for city, (x0, y0) in {"01": (105.76, 20.99), "48": (108.02, 16.07)}.items():
        for i in range(6):
            for j in range(5):
                cls = classes[(i * 3 + j * 2 + (1 if city == "48" else 0)) % len(classes)]
                cx, cy = x0 + i * 0.012 + 0.006, y0 + j * 0.012 + 0.006
                rows.append(
                    (
                        _box(cx, cy, 0.006, 0.006),
                        {"class": cls, "city": city, "block": f"{city}-{i}{j}"},
                    )
                )
    return _fc(rows)


def _of_city(collection: dict, city: str) -> dict:
    """The features of one city: a layer holds the data of the body that owns it, so a Da
    Nang layer never carries Hanoi's parks (each city's part is a layer of its own)."""
    features = [f for f in collection["features"] if f["properties"].get("city") == city]
    return {**collection, "features": features}


LAYERS = [
    # slug, theme, vi, en, locality code, organisation abbreviation, visibility, data, style attribute
    ("ranh-gioi-thanh-pho", Theme.BOUNDARIES, "Ranh giới hai thành phố", "Boundaries of the two cities", "01", "SQHKT", Visibility.PUBLIC, BOUNDARIES, "code"),
    ("phan-khu-quy-hoach", Theme.PLANNING_ZONES, "Phân khu quy hoạch Hà Nội", "Hanoi planning zones", "01", "SQHKT", Visibility.PUBLIC, _of_city(PLANNING_ZONES, "01"), "zone"),
    ("phan-khu-quy-hoach-da-nang", Theme.PLANNING_ZONES, "Phân khu quy hoạch Đà Nẵng", "Da Nang planning zones", "48", "SXD", Visibility.PUBLIC, _of_city(PLANNING_ZONES, "48"), "zone"),
    ("khu-cong-nghiep-cong-nghe-cao", Theme.PARKS, "Khu công nghiệp và khu công nghệ cao Đà Nẵng", "Da Nang industrial and high-tech parks", "48", "DHPIZA", Visibility.PUBLIC, _of_city(PARKS, "48"), "kind"),
    ("khu-cong-nghiep-cong-nghe-cao-ha-noi", Theme.PARKS, "Khu công nghiệp và khu công nghệ cao Hà Nội", "Hanoi industrial and high-tech parks", "01", "HIZA", Visibility.PUBLIC, _of_city(PARKS, "01"), "kind"),
    ("su-dung-dat", Theme.LAND_USE, "Hiện trạng sử dụng đất Đà Nẵng", "Da Nang land use", "48", "SXD", Visibility.PARTNERS, "48", "class"),
    ("su-dung-dat-ha-noi", Theme.LAND_USE, "Hiện trạng sử dụng đất Hà Nội", "Hanoi land use", "01", "SQHKT", Visibility.PARTNERS, "01", "class"),
    ("thua-dat-khu-cnc-da-nang", Theme.PARCELS, "Thửa đất Khu công nghệ cao Đà Nẵng (VN-2000)", "Da Nang High-Tech Park parcels (VN-2000)", "48", "DHPIZA", Visibility.PUBLIC, "danang_hitech_parcels_vn2000.zip", "use"),
]  # fmt: skip


# The codes of the shipped Shapefile's land-use attribute, named as the legend shows them.
LABELS = {
    "ranh-gioi-thanh-pho": {"01": "Thành phố Hà Nội", "48": "Thành phố Đà Nẵng"},
    "thua-dat-khu-cnc-da-nang": {
        "cay_xanh": "Đất cây xanh",
        "cong_nghiep": "Đất công nghiệp",
        "dich_vu": "Đất dịch vụ",
        "giao_thong": "Đất giao thông",
    },
}
# The other layers' categories are Vietnamese words: an English reader gets them in English in
# the legend and the pop-ups (the Vietnamese stay as they are, the value is the label).
ZONES_EN = {
    "Nội đô lịch sử": "Historic inner city",
    "Đô thị vệ tinh": "Satellite city",
    "Hành lang xanh": "Green corridor",
    "Trung tâm đô thị": "Urban centre",
    "Đô thị công nghệ": "Technology district",
    "Du lịch ven biển": "Coastal tourism",
}
PARK_KINDS_EN = {
    "Khu công nghệ cao": "High-tech park",
    "Khu công nghiệp": "Industrial park",
    "Khu công nghệ thông tin tập trung": "Concentrated IT park",
}
LAND_USE_EN = {
    "ODT – Đất ở tại đô thị": "ODT – Urban residential land",
    "SKK – Đất khu công nghiệp": "SKK – Industrial park land",
    "DKV – Đất khu vui chơi, giải trí công cộng": "DKV – Public recreation land",
    "LUC – Đất chuyên trồng lúa": "LUC – Specialised rice land",
    "DGT – Đất giao thông": "DGT – Transport land",
    "TMD – Đất thương mại, dịch vụ": "TMD – Commercial and service land",
    "MNC – Đất có mặt nước chuyên dùng": "MNC – Special-use water surface",
}
LABELS_EN = {
    "ranh-gioi-thanh-pho": {"01": "Hanoi", "48": "Da Nang"},
    "thua-dat-khu-cnc-da-nang": {
        "cay_xanh": "Green space",
        "cong_nghiep": "Industrial land",
        "dich_vu": "Service land",
        "giao_thong": "Transport land",
    },
    "phan-khu-quy-hoach": ZONES_EN,
    "phan-khu-quy-hoach-da-nang": ZONES_EN,
    "khu-cong-nghiep-cong-nghe-cao": PARK_KINDS_EN,
    "khu-cong-nghiep-cong-nghe-cao-ha-noi": PARK_KINDS_EN,
    "su-dung-dat": LAND_USE_EN,
    "su-dung-dat-ha-noi": LAND_USE_EN,
}


def load_demo(log: Callable[[str], None]) -> None:
    imported = 0
    for slug, theme, vi, en, code, abbr, visibility, data, attr in LAYERS:
        org = (
            Organisation.objects.filter(locality__code=code, abbreviation=abbr)
            .order_by("pk")
            .first()
        )
        if org is None:
            log(f"geodata: organisation {code}:{abbr} missing, layer {slug} skipped")
            continue
        # The style an owner edited (labels, colours) stays while the attribute is the same.
        kept = Layer.objects.filter(slug=slug).values_list("style", flat=True).first() or {}
        style = (
            {**kept, "attribute": attr} if kept.get("attribute") == attr else {"attribute": attr}
        )
        if slug in LABELS and "labels" not in style:
            style["labels"] = LABELS[slug]
        if slug in LABELS_EN and "labels_en" not in style:
            style["labels_en"] = LABELS_EN[slug]
        layer = sync(
            Layer,
            {"slug": slug},
            name_vi=vi,
            name_en=en,
            theme=theme,
            organisation=org,
            locality_id=org.locality_id,
            visibility=visibility,
            description=DESCRIPTIONS.get(slug, ""),
            source="Hoptac demo",
            licence="CC BY 4.0",
            is_demo=True,
            style=style,
        )
        if data in ("01", "48"):  # the land use of this city
            data = _of_city(_land_use(), data)
        if isinstance(data, dict):
            content = json.dumps(data, ensure_ascii=False, sort_keys=True).encode()
            name = f"{slug}.geojson"
        else:
            content = (DATA / data).read_bytes()
            name = data
        checksum = hashlib.sha256(content).hexdigest()
        current = layer.current_version
        if current is not None and (current.report or {}).get("checksum") == checksum:
            continue
        job = ImportJob(layer=layer, original_name=name)
        job.file.save(name, ContentFile(content), save=False)
        job.save()
        from .imports.run import run_import  # the import pipeline: loaded by a demo load only

        run_import(job)
        if job.status != ImportJob.Status.DONE:
            raise RuntimeError(f"geodata demo layer {slug}: {job.message}")
        version = job.version
        version.report = {**version.report, "checksum": checksum}
        version.save(update_fields=["report"])
        imported += 1
    log(f"geodata: {Layer.objects.count()} layers, {imported} imported now")
