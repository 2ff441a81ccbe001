"""The investment part of the Hanoi–Da Nang demo (paragraph 5 of Notice 2138-TB/TU).

Park figures are approximate and flagged as demonstration figures on the pages; enterprises are
fictitious (their tax codes are valid in form only). Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.contrib.gis.geos import MultiPolygon, Point, Polygon
from stdnum.vn import mst

from hoptac.core import dates
from hoptac.core.demo import sync
from hoptac.core.models import Locality, Organisation

from . import importers, scheduling
from .models import (
    Brand,
    Enquiry,
    Enterprise,
    Event,
    IncentiveRule,
    Meeting,
    MeetingRequest,
    Offer,
    Park,
    ParkOccupancy,
    Participant,
    PriorityItem,
    Project,
    Session,
    Slot,
    Table,
)

BN = Decimal(1_000_000_000)
TZ = dt.timezone(dt.timedelta(hours=7))


def tax_code(prefix: str, seq: int) -> str:
    """The first valid tax code from prefix+seq on (some sequence numbers have no check digit)."""
    while True:
        body = f"{prefix}{seq:07d}"
        check = mst.calc_check_digit(body)
        if len(check) == 1:
            return body + check
        seq += 1


def square(lon: float, lat: float, half: float) -> MultiPolygon:
    return MultiPolygon(
        Polygon.from_bbox((lon - half, lat - half * 0.8, lon + half, lat + half * 0.8)), srid=4326
    )


PARKS = [
    # slug, city, kind, vi, en, total, leased, available, price (VND/m²), port, km, airport, km, lon, lat
    (
        "hoa-lac",
        "01",
        "high_tech",
        "Khu công nghệ cao Hòa Lạc",
        "Hoa Lac Hi-Tech Park",
        1586,
        620,
        410,
        (2_500_000, 4_500_000),
        "Cảng Hải Phòng",
        150,
        "Nội Bài",
        45,
        105.52,
        21.01,
    ),
    (
        "thang-long",
        "01",
        "industrial",
        "Khu công nghiệp Thăng Long",
        "Thang Long Industrial Park",
        274,
        262,
        4,
        (3_500_000, 5_500_000),
        "Cảng Hải Phòng",
        110,
        "Nội Bài",
        16,
        105.79,
        21.11,
    ),
    (
        "da-nang-cnc",
        "48",
        "high_tech",
        "Khu công nghệ cao Đà Nẵng",
        "Da Nang High-Tech Park",
        1129,
        210,
        480,
        (1_200_000, 2_600_000),
        "Cảng Liên Chiểu",
        15,
        "Đà Nẵng",
        30,
        108.06,
        16.11,
    ),
    (
        "da-nang-it",
        "48",
        "it",
        "Khu công nghệ thông tin tập trung Đà Nẵng",
        "Da Nang IT Park",
        131,
        35,
        60,
        (1_800_000, 3_000_000),
        "Cảng Tiên Sa",
        28,
        "Đà Nẵng",
        25,
        108.12,
        16.09,
    ),
    (
        "hoa-khanh",
        "48",
        "industrial",
        "Khu công nghiệp Hòa Khánh",
        "Hoa Khanh Industrial Park",
        394,
        380,
        3,
        (1_500_000, 2_500_000),
        "Cảng Tiên Sa",
        20,
        "Đà Nẵng",
        12,
        108.15,
        16.07,
    ),
]

PROJECTS = [
    # code, city, park, vsic version, code, item, vi, en, capital bn, area ha, form, clearance, source, status
    (
        "HN-CNC-01",
        "01",
        "hoa-lac",
        "2018",
        "6311",
        "CLOUD",
        "Trung tâm dữ liệu và điện toán đám mây Hòa Lạc",
        "Hoa Lac data centre and cloud computing hub",
        2500,
        12,
        "fdi",
        "done",
        "city",
        "calling",
    ),
    (
        "HN-SH-02",
        "01",
        "hoa-lac",
        "2018",
        "21001",
        "VACCINE",
        "Nhà máy sản xuất vắc xin và sinh phẩm y tế",
        "Vaccine and biologicals plant",
        1800,
        20,
        "jv",
        "in_progress",
        "national",
        "calling",
    ),
    (
        "HN-CNTT-03",
        "01",
        None,
        "2018",
        "6201",
        "SOFTWARE",
        "Tổ hợp phần mềm và nội dung số phía Tây",
        "Western software and digital content complex",
        650,
        5,
        "any",
        "not_started",
        "city",
        "calling",
    ),
    (
        "DN-CNC-01",
        "48",
        "da-nang-cnc",
        "2018",
        "2610",
        "IC",
        "Nhà máy đóng gói và kiểm thử vi mạch bán dẫn",
        "Semiconductor assembly and test plant",
        5000,
        30,
        "fdi",
        "done",
        "national",
        "calling",
    ),
    (
        "DN-CNTT-02",
        "48",
        "da-nang-it",
        "2018",
        "6201",
        "SOFTWARE",
        "Tòa nhà văn phòng phần mềm Khu CNTT tập trung",
        "Software office building, Da Nang IT Park",
        600,
        2.5,
        "ppp",
        "done",
        "city",
        "talks",
    ),
    (
        "DN-SH-03",
        "48",
        "da-nang-cnc",
        "2018",
        "7210",
        "STEMCELL",
        "Trung tâm nghiên cứu và ứng dụng công nghệ sinh học",
        "Biotechnology research and application centre",
        400,
        6,
        "jv",
        "done",
        "city",
        "calling",
    ),
    (
        "DN-AI-04",
        "48",
        "da-nang-it",
        "2025",
        "6210",
        "AI",
        "Trung tâm nghiên cứu trí tuệ nhân tạo",
        "Artificial intelligence research centre",
        300,
        1.5,
        "any",
        "not_needed",
        "city",
        "draft",
    ),
]

DESCRIPTIONS = {
    "IT": (
        "Hạ tầng và dịch vụ công nghệ thông tin, phần mềm, dữ liệu, điện toán đám mây, trí tuệ nhân tạo.",
        "Information technology infrastructure and services: software, data, cloud computing, artificial intelligence.",
    ),
    "BIO": (
        "Công nghệ sinh học phục vụ y tế: vắc xin, sinh phẩm, tế bào gốc, nghiên cứu gen.",
        "Biotechnology for health: vaccines, biologicals, stem cells, gene research.",
    ),
    "CHIP": (
        "Sản xuất linh kiện điện tử, đóng gói và kiểm thử vi mạch bán dẫn.",
        "Electronic components: semiconductor assembly, packaging and testing of chips.",
    ),
}

ENTERPRISES = [
    # city, seq, vi, en, vsic, item, size, products (vi / en), verification
    (
        "01",
        110,
        "Công ty Cổ phần Phần mềm Sông Hồng",
        "Song Hong Software JSC",
        "6201",
        "SOFTWARE",
        "large",
        "Phần mềm quản lý, chính phủ điện tử, điện toán đám mây. Enterprise software, e-government, cloud computing.",
        "verified",
    ),
    (
        "01",
        220,
        "Công ty TNHH Dữ liệu Thăng Long",
        "Thang Long Data Co., Ltd",
        "6311",
        "BIGDATA",
        "medium",
        "Trung tâm dữ liệu, dữ liệu lớn, lưu trữ. Data centre, big data, hosting.",
        "verified",
    ),
    (
        "01",
        330,
        "Công ty Cổ phần Sinh học Ba Vì",
        "Ba Vi Biotech JSC",
        "21001",
        "VACCINE",
        "large",
        "Vắc xin, sinh phẩm, thuốc sinh học. Vaccines, biologicals, biological medicines.",
        "verified",
    ),
    (
        "01",
        440,
        "Công ty TNHH Vi mạch Hòa Lạc",
        "Hoa Lac Microchip Co., Ltd",
        "2610",
        "IC",
        "medium",
        "Thiết kế vi mạch, linh kiện điện tử. Chip design, electronic components.",
        "verified",
    ),
    (
        "01",
        550,
        "Công ty Cổ phần Trí tuệ nhân tạo Tây Hồ",
        "Tay Ho AI JSC",
        "6201",
        "AI",
        "small",
        "Trí tuệ nhân tạo, xử lý ngôn ngữ tiếng Việt. Artificial intelligence, Vietnamese language processing.",
        "verified",
    ),
    (
        "01",
        660,
        "Công ty TNHH Gen Việt",
        "Gen Viet Co., Ltd",
        "7210",
        "GENE",
        "small",
        "Giải trình tự gen, xét nghiệm sinh học phân tử. Gene sequencing, molecular testing.",
        "pending",
    ),
    (
        "04",
        110,
        "Công ty Cổ phần Phần mềm Sông Hàn",
        "Han River Software JSC",
        "6201",
        "SOFTWARE",
        "large",
        "Gia công phần mềm, chuyển đổi số, điện toán đám mây.",
        "verified",
    ),
    (
        "04",
        220,
        "Công ty TNHH Bán dẫn Liên Chiểu",
        "Lien Chieu Semiconductor Co., Ltd",
        "2610",
        "IC",
        "large",
        "Đóng gói, kiểm thử vi mạch bán dẫn. Semiconductor packaging and testing, chips.",
        "verified",
    ),
    (
        "04",
        330,
        "Công ty Cổ phần Dữ liệu Biển Đông",
        "East Sea Data JSC",
        "6311",
        "CLOUD",
        "medium",
        "Dịch vụ đám mây, trung tâm dữ liệu, an toàn thông tin. Cloud services, data centre, information security.",
        "verified",
    ),
    (
        "04",
        440,
        "Công ty TNHH Công nghệ sinh học Sơn Trà",
        "Son Tra Biotech Co., Ltd",
        "7210",
        "STEMCELL",
        "medium",
        "Tế bào gốc, sinh phẩm, nghiên cứu công nghệ sinh học. Stem cells, biologicals, biotechnology research.",
        "verified",
    ),
    (
        "04",
        550,
        "Công ty Cổ phần Dược phẩm Ngũ Hành Sơn",
        "Ngu Hanh Son Pharma JSC",
        "21001",
        "BIOPHARMA",
        "medium",
        "Thuốc, dược liệu, sinh phẩm. Medicines, botanical products, biologicals.",
        "verified",
    ),
    (
        "04",
        660,
        "Công ty TNHH Trí tuệ nhân tạo Hải Vân",
        "Hai Van AI Co., Ltd",
        "6201",
        "AI",
        "small",
        "Trí tuệ nhân tạo, thị giác máy tính, dữ liệu lớn. Artificial intelligence, computer vision, big data.",
        "verified",
    ),
]

# The legal bases of the demo incentives as English readers find them cited (the Vietnamese
# citation stays the reference; these are the same texts' English titles).
LEGAL_BASIS_EN = {
    "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13–14; Nghị định 218/2013/NĐ-CP": (
        "Law on Corporate Income Tax 2008 (amended 2013), Articles 13–14; Decree 218/2013/NĐ-CP"
    ),
    "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13; Nghị định 218/2013/NĐ-CP": (
        "Law on Corporate Income Tax 2008 (amended 2013), Article 13; Decree 218/2013/NĐ-CP"
    ),
    "Nghị định 103/2024/NĐ-CP về tiền sử dụng đất, tiền thuê đất": (
        "Decree 103/2024/NĐ-CP on land use levies and land rents"
    ),
    "Nghị định 154/2013/NĐ-CP về khu công nghệ thông tin tập trung": (
        "Decree 154/2013/NĐ-CP on concentrated information technology parks"
    ),
    "Luật Thuế xuất khẩu, thuế nhập khẩu 2016, Điều 16; Nghị định 134/2016/NĐ-CP": (
        "Law on Export and Import Duties 2016, Article 16; Decree 134/2016/NĐ-CP"
    ),
}

INCENTIVES = [
    (
        "cit-high-tech",
        "Ưu đãi thuế thu nhập doanh nghiệp cho dự án công nghệ cao",
        "Corporate income tax incentive for high-tech projects",
        "Thuế suất ưu đãi và miễn, giảm thuế có thời hạn cho dự án sản xuất sản phẩm công nghệ cao.",
        "Preferential rate and time-limited exemption and reduction for projects making high-tech products.",
        "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13–14; Nghị định 218/2013/NĐ-CP",
        dt.date(2014, 1, 1),
        None,
        "",
        True,
        "",
        None,
    ),
    (
        "land-high-tech-park",
        "Ưu đãi tiền thuê đất trong khu công nghệ cao",
        "Land rent incentive in high-tech parks",
        "Miễn, giảm tiền thuê đất cho dự án trong khu công nghệ cao theo quy định.",
        "Exemption from or reduction of land rent for projects in high-tech parks, as the rules set out.",
        "Nghị định 103/2024/NĐ-CP về tiền sử dụng đất, tiền thuê đất",
        dt.date(2024, 8, 1),
        None,
        "",
        False,
        "high_tech",
        None,
    ),
    (
        "it-park",
        "Ưu đãi cho dự án trong khu công nghệ thông tin tập trung",
        "Incentives for projects in concentrated IT parks",
        "Dự án trong khu công nghệ thông tin tập trung được hưởng ưu đãi như khu công nghệ cao.",
        "Projects in concentrated IT parks receive the incentives of high-tech parks.",
        "Nghị định 154/2013/NĐ-CP về khu công nghệ thông tin tập trung",
        dt.date(2013, 12, 25),
        None,
        "",
        False,
        "it",
        None,
    ),
    (
        "import-duty-assets",
        "Miễn thuế nhập khẩu hàng hóa tạo tài sản cố định",
        "Import duty exemption for goods forming fixed assets",
        "Hàng hóa nhập khẩu để tạo tài sản cố định của dự án thuộc ngành, nghề hoặc địa bàn ưu đãi.",
        "Imported goods that form fixed assets of projects in encouraged sectors or areas.",
        "Luật Thuế xuất khẩu, thuế nhập khẩu 2016, Điều 16; Nghị định 134/2016/NĐ-CP",
        dt.date(2016, 9, 1),
        None,
        "",
        False,
        "industrial high_tech it",
        None,
    ),
    (
        "software-production",
        "Ưu đãi cho sản xuất phần mềm",
        "Incentives for software production",
        "Sản xuất sản phẩm phần mềm thuộc diện ưu đãi thuế thu nhập doanh nghiệp.",
        "Software production qualifies for corporate income tax incentives.",
        "Luật Thuế thu nhập doanh nghiệp 2008 (sửa đổi 2013), Điều 13; Nghị định 218/2013/NĐ-CP",
        dt.date(2014, 1, 1),
        None,
        "2018:62 2018:5820 2025:62",
        False,
        "",
        None,
    ),
]


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
            contact_phone="+84 24 3825 0000",
        )
        if Brand.objects.exists()
        else Brand.objects.create(
            name_vi="Hà Nội – Đà Nẵng: Điểm đến đầu tư công nghệ",
            name_en="Hanoi – Da Nang: Invest in Technology",
            tagline_vi="Hai thành phố, một chương trình xúc tiến chung cho công nghệ sinh học và công nghệ thông tin",
            tagline_en="Two cities, one joint promotion programme for biotechnology and IT",
            contact_email="xuctiendautu@demo.hoptac.local",
            contact_phone="+84 24 3825 0000",
        )
    )
    if set(brand.localities.values_list("pk", flat=True)) != {hanoi.pk, danang.pk}:
        brand.localities.set([hanoi, danang])

    for row in INCENTIVES:
        code, vi, en, svi, sen, basis, start, end, prefixes, high_tech, kinds, cap = row
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

    _load_event(danang, enterprises)
    _load_enquiries(hanoi, danang)
    log(
        f"investment: {Park.objects.count()} parks, {Project.objects.count()} projects, "
        f"{Enterprise.objects.count()} enterprises, {Event.objects.count()} B2B event"
    )


def _load_event(danang: Locality, enterprises: list[Enterprise]) -> None:
    event = sync(
        Event,
        {"name_vi": "Ngày gặp gỡ doanh nghiệp Hà Nội – Đà Nẵng 2026"},
        name_en="Hanoi – Da Nang Business Matching Day 2026",
        locality=danang,
        venue="Trung tâm Hội chợ Triển lãm Đà Nẵng",
        venue_en="Da Nang Exhibition Centre",
        day=dt.date(2026, 12, 15),
        request_ttl_hours=72,
        open_for_registration=True,
    )
    slots = []
    for name, name_en, start_hour in (("Buổi sáng", "Morning", 8), ("Buổi chiều", "Afternoon", 14)):
        session = sync(
            Session,
            {"event": event, "name": name},
            name_en=name_en,
            venue="Sảnh A, tầng 1",
            venue_en="Hall A, ground floor",
        )
        for i in range(4):
            start = dt.datetime(2026, 12, 15, start_hour, 0, tzinfo=TZ) + dt.timedelta(
                minutes=30 * i
            )
            slots.append(
                sync(
                    Slot,
                    {"event": event, "starts_at": start},
                    session=session,
                    ends_at=start + dt.timedelta(minutes=25),
                )
            )
    tables = [sync(Table, {"event": event, "label": f"B{n:02d}"}) for n in range(1, 7)]
    participants = [
        sync(
            Participant,
            {"event": event, "enterprise": e},
            contact_name=f"Đại diện {e.name_vi.split()[-1]}",
            contact_email=e.contact_email,
            registered_at=dt.datetime(2026, 11, 10, 9, 0, tzinfo=TZ),
        )
        for e in enterprises
        if e.verification == Enterprise.Verification.VERIFIED
    ]
    # A foreign company, registered by name and country, with its profile.
    sync(
        Participant,
        {"event": event, "enterprise": None, "company_name": "Sato Semiconductors KK"},
        country="Japan",
        contact_name="Kenji Sato",
        contact_email="kenji.sato@example.jp",
        offers="Semiconductor packaging and test equipment; cleanroom know-how",
        needs="Software partners for equipment control; local electronics suppliers",
        vsic_division="26",
        consent_at=dt.datetime(2026, 11, 12, 9, 0, tzinfo=TZ),
        registered_at=dt.datetime(2026, 11, 12, 9, 0, tzinfo=TZ),
    )
    created = dt.datetime(2026, 11, 20, 9, 0, tzinfo=TZ)
    pairs = [
        (0, 6, "accepted"),
        (0, 8, "accepted"),
        (1, 8, "accepted"),
        (2, 9, "accepted"),
        (2, 10, "accepted"),
        (3, 7, "accepted"),
        (4, 10, "accepted"),
        (4, 6, "declined"),
        (1, 7, "pending"),
        (3, 9, "expired"),
        (5, 0, "accepted"),
    ]
    problem_meetings = []
    for n, (a, b, status) in enumerate(pairs):
        if a >= len(participants) or b >= len(participants):
            continue
        req = sync(
            MeetingRequest,
            {"requester": participants[a], "target": participants[b]},
            event=event,
            message="Đề nghị gặp để trao đổi hợp tác.",
            status=status,
            created_at=created + dt.timedelta(minutes=n),
            expires_at=created + dt.timedelta(hours=72 if status != "pending" else 24 * 60),
            decided_at=None
            if status in ("pending", "expired")
            else created + dt.timedelta(hours=5),
        )
        if status == "accepted":
            meeting = sync(Meeting, {"request": req}, event=event)
            problem_meetings.append(
                (meeting, scheduling.MeetingIn(meeting.pk, req.requester_id, req.target_id))
            )
    placed = scheduling.greedy(
        scheduling.Problem(
            [m for _meeting, m in problem_meetings],
            [s.pk for s in slots],
            [t.pk for t in tables],
        )
    )
    for meeting, item in problem_meetings:
        slot_id, table_id = placed.get(item.id, (None, None))
        if (meeting.slot_id, meeting.table_id) != (slot_id, table_id):
            Meeting.objects.filter(pk=meeting.pk).update(slot_id=slot_id, table_id=table_id)


def _load_enquiries(hanoi: Locality, danang: Locality) -> None:
    rows = [
        (
            danang,
            "Kenji Sato",
            "k.sato@example.jp",
            "Sato Electronics",
            "Japan",
            "2610",
            2000,
            "We plan a semiconductor test line of about 80 million USD and look for land in a high-tech park.",
            "screened",
            dt.datetime(2026, 11, 20, 10, 0, tzinfo=TZ),
        ),
        (
            hanoi,
            "Kim Min-jun",
            "mj.kim@example.kr",
            "Hanbit Bio",
            "Korea",
            "21001",
            900,
            "Interested in a joint venture for vaccine production near Hoa Lac.",
            "received",
            dt.datetime(2026, 11, 25, 15, 0, tzinfo=TZ),
        ),
        (
            hanoi,
            "Anna Müller",
            "a.mueller@example.de",
            "CloudWerk GmbH",
            "Germany",
            "6311",
            1500,
            "Data centre and cloud services: which parks have 110 kV power and fibre?",
            "answered",
            dt.datetime(2026, 11, 3, 9, 0, tzinfo=TZ),
        ),
    ]
    for locality, name, email, company, country, vsic, capital, message, status, received in rows:
        sync(
            Enquiry,
            {"email": email},
            locality=locality,
            name=name,
            company=company,
            country=country,
            vsic_code=vsic,
            capital_vnd=capital * BN,
            message=message,
            language="en",
            status=status,
            received_at=received,
            due_at=dates.add_working_time(received, 2),
            answered_at=received + dt.timedelta(hours=30) if status == "answered" else None,
        )
