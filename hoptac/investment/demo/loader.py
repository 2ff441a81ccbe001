"""Writes the investment demo: the brand, incentives, parks, projects, enterprises and offers, then
the B2B event and the enquiries."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.gis.geos import Point

from hoptac.core.demo import sync
from hoptac.core.models import Locality, Organisation

from .. import importers
from ..models import (
    Brand,
    Enterprise,
    Event,
    IncentiveRule,
    Offer,
    Park,
    ParkOccupancy,
    PriorityItem,
    Project,
)
from .common import BN, TZ, square, tax_code
from .enterprises import ENTERPRISES
from .events import load_enquiries, load_event
from .incentives import INCENTIVES, LEGAL_BASIS_EN, source_url
from .places import DESCRIPTIONS, PARKS, PROJECTS


def load(log: Callable[[str], None]) -> None:
    importers.import_vsic()
    importers.import_priority_items()
    localities = {loc.code: loc for loc in Locality.objects.filter(code__in=["01", "48"])}
    if len(localities) < 2:
        log("investment: skipped (Hanoi and Da Nang are missing)")
        return
    importers.import_priority_sectors()
    items = {i.code: i for i in PriorityItem.objects.all()}
    hanoi, danang = localities["01"], localities["48"]
    promoters = {
        code: Organisation.objects.filter(
            locality=loc, abbreviation__in=["HPA", "IPA Đà Nẵng"]
        ).first()
        for code, loc in localities.items()
    }

    brand = (
        sync(
            Brand,
            {"pk": Brand.objects.order_by("pk").values_list("pk", flat=True).first() or 0},
            name_vi="Hà Nội – Đà Nẵng: Điểm đến đầu tư công nghệ",
            name_en="Hanoi – Da Nang: Invest in Technology",
            tagline_vi="Hai thành phố, một chương trình xúc tiến chung cho công nghệ sinh học và công nghệ thông tin",
            tagline_en="Two cities, one joint promotion programme for biotechnology and IT",
            primary_colour="#a4161a",
            accent_colour="#0b4f9c",
            contact_email="xuctiendautu@demo.hoptac.local",
            contact_phone="",
        )
        if Brand.objects.exists()
        else Brand.objects.create(
            name_vi="Hà Nội – Đà Nẵng: Điểm đến đầu tư công nghệ",
            name_en="Hanoi – Da Nang: Invest in Technology",
            tagline_vi="Hai thành phố, một chương trình xúc tiến chung cho công nghệ sinh học và công nghệ thông tin",
            tagline_en="Two cities, one joint promotion programme for biotechnology and IT",
            contact_email="xuctiendautu@demo.hoptac.local",
            contact_phone="",
        )
    )
    if set(brand.localities.values_list("pk", flat=True)) != {hanoi.pk, danang.pk}:
        brand.localities.set([hanoi, danang])

    for row in INCENTIVES:
        code, vi, en, svi, sen, basis, start, end, prefixes, high_tech, kinds, cap, src = row
        sync(
            IncentiveRule,
            {"code": code},
            name_vi=vi,
            name_en=en,
            summary_vi=svi,
            summary_en=sen,
            legal_basis=basis,
            legal_basis_en=LEGAL_BASIS_EN.get(basis, ""),
            effective_from=start,
            effective_to=end,
            vsic_prefixes=prefixes,
            requires_high_tech=high_tech,
            park_kinds=kinds,
            min_capital_vnd=cap,
            source_url=source_url(src),
        )

    parks = {}
    for slug, city, kind, vi, en, total, leased, avail, (
        pmin,
        pmax,
    ), port, port_km, airport, air_km, lon, lat in PARKS:
        parks[slug] = sync(
            Park,
            {"slug": slug},
            kind=kind,
            locality=localities[city],
            name_vi=vi,
            name_en=en,
            description_vi=f"{vi}: hạ tầng đồng bộ, sẵn sàng đón nhà đầu tư chiến lược.",
            description_en=f"{en}: complete infrastructure, ready for strategic investors.",
            total_area_ha=Decimal(total),
            leased_area_ha=Decimal(leased),
            available_area_ha=Decimal(avail),
            land_price_min_vnd=Decimal(pmin),
            land_price_max_vnd=Decimal(pmax),
            infrastructure_vi="Điện 110 kV, cấp nước, xử lý nước thải tập trung, cáp quang.",
            infrastructure_en="110 kV power, water supply, central waste-water treatment, fibre.",
            port_name=port,
            port_distance_km=Decimal(port_km),
            airport_name=airport,
            airport_distance_km=Decimal(air_km),
            tenants="",
            demo_figures=True,
            published=True,
        )
        park = parks[slug]
        shape = square(lon, lat, 0.01 if total > 500 else 0.005)
        if park.footprint is None or not park.footprint.equals_exact(shape, 1e-9):
            park.footprint = shape
            park.save(update_fields=["footprint"])
        for year, share in ((2021, Decimal("0.6")), (2023, Decimal("0.8")), (2025, Decimal(1))):
            sync(
                ParkOccupancy,
                {"park": park, "on": dt.date(year, 12, 31)},
                leased_area_ha=(Decimal(leased) * share).quantize(Decimal("0.01")),
                tenant_count=int(leased * share / 5),
            )

    for (
        code,
        city,
        park,
        version,
        vsic,
        item,
        vi,
        en,
        capital,
        area,
        form,
        clearance,
        source,
        status,
    ) in PROJECTS:
        theme = (
            "BIO" if item in ("VACCINE", "STEMCELL", "GENE") else ("CHIP" if item == "IC" else "IT")
        )
        dvi, den = DESCRIPTIONS[theme]
        project = sync(
            Project,
            {"code": code},
            title_vi=vi,
            title_en=en,
            description_vi=dvi,
            description_en=den,
            locality=localities[city],
            organisation=promoters[city],
            vsic_version=version,
            vsic_code=vsic,
            priority_item=items[item],
            park=parks.get(park),
            land_area_ha=Decimal(str(area)),
            capital_vnd=capital * BN,
            usd_rate=Decimal("25400.00"),
            rate_date=dt.date(2025, 10, 1),
            investment_form=form,
            clearance=clearance,
            source=source,
            source_decision=(
                "Danh mục dự án kêu gọi đầu tư (dữ liệu minh họa)"
                if source == "city"
                else "Danh mục quốc gia kêu gọi đầu tư (dữ liệu minh họa)"
            ),
            status=status,
            contact_name="Phòng Xúc tiến đầu tư",
            contact_email=f"xuctien{city}@demo.hoptac.local",
        )
        if park:
            lon, lat = parks[park].footprint.centroid.coords
        else:
            lon, lat = (105.75, 21.03) if city == "01" else (108.2, 16.05)
        point = Point(round(lon, 5), round(lat, 5), srid=4326)
        if project.location is None or not project.location.equals_exact(point, 1e-9):
            project.location = point
            project.save(update_fields=["location"])

    enterprises = []
    for city, seq, vi, en, vsic, item, size, products, verification in ENTERPRISES:
        code = tax_code(city, seq)
        enterprises.append(
            sync(
                Enterprise,
                {"tax_code": code},
                locality=hanoi if city == "01" else danang,
                legal_form="company",
                name_vi=vi,
                name_en=en,
                vsic_version="2018",
                vsic_code=vsic,
                priority_item=items[item],
                size=size,
                employees={"small": 40, "medium": 180, "large": 900}[size],
                charter_capital_vnd={"small": 10, "medium": 80, "large": 600}[size] * BN,
                products=products,
                capabilities="ISO 9001, ISO/IEC 27001",
                certificates="ISO 9001:2015",
                contact_name="Phòng Kinh doanh",
                contact_email=f"lienhe{city}{seq}@demo.hoptac.local",
                verification=verification,
            )
        )
    offers = [
        (0, "tech_offer", "Nền tảng chính phủ điện tử dùng chung", "Shared e-government platform."),
        (6, "biz_request", "Tìm đối tác triển khai dự án đô thị thông minh tại Hà Nội", ""),
        (2, "rnd_request", "Hợp tác nghiên cứu vắc xin thế hệ mới", "Next-generation vaccines."),
        (7, "investment", "Gọi vốn mở rộng dây chuyền kiểm thử vi mạch", ""),
        (9, "tech_request", "Tìm công nghệ nuôi cấy tế bào gốc", ""),
        (4, "land", "Tìm 2.000 m² văn phòng trong Khu CNTT tập trung Đà Nẵng", ""),
    ]
    for index, kind, title, description in offers:
        sync(
            Offer,
            {"enterprise": enterprises[index], "title": title},
            kind=kind,
            description=description,
            active=True,
            created_at=dt.datetime(2026, 10, 1, 9, 0, tzinfo=TZ),
        )

    load_event(danang, enterprises)
    load_enquiries(hanoi, danang)
    log(
        f"investment: {Park.objects.count()} parks, {Project.objects.count()} projects, "
        f"{Enterprise.objects.count()} enterprises, {Event.objects.count()} B2B event"
    )
