"""The investor's guide of the demo: each city's steps, every legal fact with its source.

Found with the project's search tool on 5 December 2026 (stored copies of public pages); the
wording below is ours, not copied. What we could not find a source for is left out, and listed at
the end of this file (NOT_FOUND) so that a city officer knows what to add after checking it.

The Law on Investment 2020 (61/2020/QH14) was replaced on 1 March 2026: its time limits (the
15 days of its Article 38, for instance) are therefore not given. The Law on Investment 2025 gives
the dossiers, order and time limits of the investment registration certificate to the Government
to set (source S_LOI2025_PROCEDURE); no source for that decree was found.
"""

from __future__ import annotations

# Sources: key → (address, what it supports, date of the page when it shows one).
SOURCES: dict[str, tuple[str, str, str]] = {
    "S_LOI2025": (
        "https://dblegal.vn/news/setting-up-a-company-in-vietnam/investment-law-2025-some-notable-new-changes-1374.html",
        "Law on Investment No. 143/2025/QH15 dated 11 December 2025, effective 1 March 2026; "
        "Law on Investment No. 61/2020/QH14 dated 17 June 2020",
        "",
    ),
    "S_LOI2025_EFFECT": (
        "https://www.nusantaradfdl.com/insights/legal-and-tax-updates/vietnam-key-highlights-of-the-new-law-on-investment-2025",
        "The 2025 law replaces the 2020 law from 1 March 2026; Article 7 and the list of "
        "conditional business lines (Appendix IV) from 1 July 2026; foreign investors may set up "
        "the company before the investment registration certificate procedure",
        "",
    ),
    "S_LOI2025_IPA": (
        "https://vir.com.vn/law-on-investment-takes-effect-147607.html",
        "Article 24 lists 20 categories of project that need investment policy approval; the "
        "chairperson of the provincial People's Committee approves 13 of them",
        "2026-03-02",
    ),
    "S_LOI2025_PROCEDURE": (
        "https://sblaw.vn/somenew-provisions-of-the-investment-law-2025",
        "Dossiers, order and procedures of the investment registration certificate are left to "
        "the Government to regulate",
        "",
    ),
    "S_DECREE168": (
        "https://www.vietlinklaw.vn/en/post/decree-no-168-2025-nd-cp-on-enterprise-registration-officially-promulgated-and-effective-from-july",
        "Decree 168/2025/NĐ-CP on enterprise registration, promulgated 30 June 2025, effective "
        "1 July 2025; the founder declares the dossier and answers for it",
        "",
    ),
    "S_DECREE168_VSIC": (
        "https://vietanlaw.com/decision-no-36-2025-qd-ttg-promulgating-vietnam-standard-industrial-classification",
        "The business lines of the enterprise registration dossier are chosen at level four of "
        "the VSIC (Article 7 of Decree 168/2025/NĐ-CP); Decision 36/2025/QĐ-TTg of 29 September "
        "2025, effective 15 November 2025, replaces Decision 27/2018/QĐ-TTg",
        "",
    ),
    "S_QD38": (
        "https://vdb.gov.vn/tin-tuc/12736/ban-hanh-danh-muc-cong-nghe-cao-duoc-uu-tien-dau-tu-phat-trien-va-duoc-khuyen-khich-phat-trien.aspx",
        "Decision 38/2020/QĐ-TTg of 30 December 2020, effective 15 February 2021: 99 high "
        "technologies prioritised for investment, 107 high-tech products encouraged",
        "2021-01-05",
    ),
    "S_DHPIZA": (
        "https://investdanang.gov.vn/chi-tiet-tin-tuc?dinhdanh=1414845",
        "Da Nang: the High-Tech Park and Industrial Park Authority (DHPIZA) receives the "
        "application for investment policy approval at its document desk (Lot A17, Central Road, "
        "Da Nang Hi-Tech Park; 0236.3666100), online at dhpiza.danang.gov.vn, or by public post; "
        "locations by its Notice 2039/TB-BQL of 7 September 2023; technologies by Decision "
        "38/2020/QĐ-TTg",
        "",
    ),
    "S_DHPIZA_2018": (
        "https://baodanang.vn/english/business/201810/authority-of-hi-tech-park-and-industrial-parks-established-3118507/",
        "The Authority of Da Nang's Hi-Tech Park and industrial parks was formed by merging the "
        "two former authorities; it provides the public administrative services for investors "
        "in the Hi-Tech Park and the industrial parks, under the city People's Committee",
        "2018-10",
    ),
    "S_IPA_DN": (
        "https://news.laodong.vn/xa-hoi/da-nang-don-doc-giai-quyet-cac-vuong-mac-cua-nha-dau-tu-1422380.ldo",
        "Da Nang: the chairman of the city People's Committee made the Investment Promotion and "
        "Support Board the focal point that follows investors' procedures and connects them with "
        "the competent agencies (the page names district People's Committees: before the 2025 "
        "reorganisation)",
        "",
    ),
    "S_HHTIP": (
        "https://vietnamnews.vn/economy/1721973/ha-noi-boosts-international-investment-promotion-in-high-tech-and-industrial-parks.html",
        "Hanoi: the Management Board of Hà Nội Hi-Tech and Industrial Parks (HHTIP) manages Hòa "
        "Lạc Hi-Tech Park and the city's industrial parks and promotes investment in them",
        "2025-07-24",
    ),
    "S_HN_DOF": (
        "https://news.laodong.vn/xa-hoi/chi-tiet-6-so-sau-sap-nhap-cua-ha-noi-1468212.ldo",
        "Hanoi: the city People's Council set up the Department of Finance by merging the "
        "Department of Planning and Investment and the Department of Finance; it advises and "
        "assists the city People's Committee in the state management of investment (domestic "
        "investment and foreign investment in the city), among other fields",
        "2025-02",
    ),
    "S_HN_DOF_2": (
        "https://vietnam.vn/en/ha-noi-chot-ten-8-so-nganh-moi-sau-hop-nhat-sap-nhap",
        "Hanoi's People's Council resolution of 25 February 2025 established the Department of "
        "Finance by merging the Department of Planning and Investment and the Department of "
        "Finance",
        "2025-02-25",
    ),
    "S_HN_FINANCE": (
        "https://english.thudo.gov.vn/deparment-district-news/hanoi-promotes-investment-support-for-businesses-2655250801002627671.htm",
        "Hanoi: the Department of Finance's Business Registration and Financial Services Division "
        "handles new business registrations",
        "2025",
    ),
}

# Steps per city (locality code → list of steps). Each step names the sources of its legal facts;
# `legal_basis` is what the page shows, `source` the address the page links to.
STEPS: dict[str, list[dict]] = {
    "01": [
        {
            "title_vi": "Kiểm tra quy định đang áp dụng",
            "title_en": "Check the rules in force",
            "body_vi": (
                "Từ ngày 01/3/2026, Luật Đầu tư số 143/2025/QH15 thay thế Luật Đầu tư số "
                "61/2020/QH14. Danh mục ngành, nghề kinh doanh có điều kiện (Phụ lục IV) áp dụng "
                "từ ngày 01/7/2026. Hồ sơ, trình tự và thời hạn cấp Giấy chứng nhận đăng ký đầu "
                "tư do Chính phủ quy định: hãy hỏi cơ quan tiếp nhận ở bước 3 trước khi nộp."
            ),
            "body_en": (
                "Since 1 March 2026 the Law on Investment No. 143/2025/QH15 replaces Law No. "
                "61/2020/QH14. Its list of conditional business lines (Appendix IV) applies from "
                "1 July 2026. The dossier, order and time limits of the investment registration "
                "certificate are set by the Government: ask the body of step 3 before you file."
            ),
            "competent_body_vi": (
                "Sở Tài chính Hà Nội (tham mưu Ủy ban nhân dân thành phố quản lý nhà nước về đầu "
                "tư, kể cả đầu tư nước ngoài trên địa bàn)"
            ),
            "competent_body_en": (
                "Hanoi Department of Finance (advises the city People's Committee on the state "
                "management of investment, foreign investment in the city included)"
            ),
            "legal_basis_vi": "Luật Đầu tư số 143/2025/QH15 ngày 11/12/2025",
            "legal_basis_en": "Law on Investment No. 143/2025/QH15 of 11 December 2025",
            "sources": [
                "S_LOI2025",
                "S_LOI2025_EFFECT",
                "S_LOI2025_PROCEDURE",
                "S_HN_DOF",
                "S_HN_DOF_2",
            ],
        },
        {
            "title_vi": "Chọn địa điểm",
            "title_en": "Choose a location",
            "body_vi": (
                "Trong Khu công nghệ cao Hòa Lạc hoặc một khu công nghiệp của Hà Nội, Ban Quản lý "
                "các khu công nghệ cao và khu công nghiệp Hà Nội là đầu mối. Xem diện tích còn "
                "trống trên trang Khu của cổng này."
            ),
            "body_en": (
                "In Hòa Lạc Hi-Tech Park or one of Hanoi's industrial parks, the Management Board "
                "of Hà Nội Hi-Tech and Industrial Parks is your counterpart. The Parks page of "
                "this portal shows the land still free."
            ),
            "competent_body_vi": "Ban Quản lý các khu công nghệ cao và khu công nghiệp Hà Nội",
            "competent_body_en": "Management Board of Hà Nội Hi-Tech and Industrial Parks (HHTIP)",
            "sources": ["S_HHTIP"],
        },
        {
            "title_vi": "Chấp thuận chủ trương đầu tư (nếu dự án thuộc diện phải có)",
            "title_en": "Investment policy approval (if your project needs one)",
            "body_vi": (
                "Điều 24 Luật Đầu tư 2025 liệt kê 20 nhóm dự án phải được chấp thuận chủ trương "
                "đầu tư; Chủ tịch Ủy ban nhân dân cấp tỉnh chấp thuận 13 nhóm trong số đó. Dự án "
                "không thuộc các nhóm này không cần bước này."
            ),
            "body_en": (
                "Article 24 of the 2025 Law on Investment lists 20 kinds of project that need "
                "investment policy approval; the chairperson of the provincial People's Committee "
                "approves 13 of them. A project outside these kinds skips this step."
            ),
            "competent_body_vi": (
                "Chấp thuận: Chủ tịch Ủy ban nhân dân thành phố Hà Nội (13 nhóm dự án); tham mưu "
                "về đầu tư: Sở Tài chính Hà Nội"
            ),
            "competent_body_en": (
                "Approval: the Chairperson of Hanoi People's Committee (13 kinds of project); "
                "advice on investment: Hanoi Department of Finance"
            ),
            "legal_basis_vi": "Luật Đầu tư số 143/2025/QH15, Điều 24",
            "legal_basis_en": "Law on Investment No. 143/2025/QH15, Article 24",
            "sources": ["S_LOI2025_IPA", "S_HN_DOF", "S_HN_DOF_2"],
        },
        {
            "title_vi": "Thành lập doanh nghiệp và Giấy chứng nhận đăng ký đầu tư",
            "title_en": "Set up the company and obtain the investment registration certificate",
            "body_vi": (
                "Theo Luật Đầu tư 2025, nhà đầu tư nước ngoài được thành lập tổ chức kinh tế để "
                "thực hiện dự án trước khi làm thủ tục cấp hoặc điều chỉnh Giấy chứng nhận đăng ký "
                "đầu tư. Hồ sơ đăng ký doanh nghiệp theo Nghị định 168/2025/NĐ-CP: người thành "
                "lập tự kê khai, chịu trách nhiệm về thông tin, và chọn ngành kinh doanh ở cấp "
                "bốn của Hệ thống ngành kinh tế Việt Nam (Quyết định 36/2025/QĐ-TTg)."
            ),
            "body_en": (
                "Under the 2025 Law on Investment a foreign investor may set up the company that "
                "carries out the project before the procedure for the investment registration "
                "certificate. The enterprise registration follows Decree 168/2025/NĐ-CP: the "
                "founder declares the dossier and answers for it, and chooses the business lines "
                "at level four of the VSIC (Decision 36/2025/QĐ-TTg)."
            ),
            "competent_body_vi": (
                "Đăng ký doanh nghiệp: Phòng Đăng ký kinh doanh và Tài chính doanh nghiệp, "
                "Sở Tài chính Hà Nội"
            ),
            "competent_body_en": (
                "Enterprise registration: Business Registration and Financial Services Division, "
                "Hanoi Department of Finance"
            ),
            "legal_basis_vi": (
                "Luật Đầu tư số 143/2025/QH15; Nghị định 168/2025/NĐ-CP, Điều 7; "
                "Quyết định 36/2025/QĐ-TTg"
            ),
            "legal_basis_en": (
                "Law on Investment No. 143/2025/QH15; Decree 168/2025/NĐ-CP, Article 7; "
                "Decision 36/2025/QĐ-TTg"
            ),
            "sources": ["S_LOI2025_EFFECT", "S_DECREE168", "S_DECREE168_VSIC", "S_HN_FINANCE"],
        },
    ],
    "48": [
        {
            "title_vi": "Kiểm tra quy định đang áp dụng",
            "title_en": "Check the rules in force",
            "body_vi": (
                "Từ ngày 01/3/2026, Luật Đầu tư số 143/2025/QH15 thay thế Luật Đầu tư số "
                "61/2020/QH14. Hồ sơ, trình tự và thời hạn cấp Giấy chứng nhận đăng ký đầu tư do "
                "Chính phủ quy định: hãy hỏi Ban Quản lý ở bước 3 trước khi nộp."
            ),
            "body_en": (
                "Since 1 March 2026 the Law on Investment No. 143/2025/QH15 replaces Law No. "
                "61/2020/QH14. The dossier, order and time limits of the investment registration "
                "certificate are set by the Government: ask the Authority of step 3 before you "
                "file."
            ),
            "legal_basis_vi": "Luật Đầu tư số 143/2025/QH15 ngày 11/12/2025",
            "legal_basis_en": "Law on Investment No. 143/2025/QH15 of 11 December 2025",
            "sources": ["S_LOI2025", "S_LOI2025_EFFECT", "S_LOI2025_PROCEDURE"],
        },
        {
            "title_vi": "Xác định công nghệ và chọn địa điểm",
            "title_en": "Place your technology and choose a location",
            "body_vi": (
                "Đối chiếu công nghệ hoặc sản phẩm của dự án với hai danh mục của Quyết định "
                "38/2020/QĐ-TTg (99 công nghệ cao ưu tiên đầu tư, 107 sản phẩm công nghệ cao "
                "khuyến khích phát triển). Chọn địa điểm trong Khu công nghệ cao hoặc các khu "
                "công nghiệp Đà Nẵng theo Thông báo 2039/TB-BQL ngày 07/9/2023 của Ban Quản lý."
            ),
            "body_en": (
                "Check your technology or product against the two lists of Decision "
                "38/2020/QĐ-TTg (99 high technologies prioritised for investment, 107 high-tech "
                "products encouraged). Choose a location in Da Nang Hi-Tech Park or an industrial "
                "park from the Authority's Notice 2039/TB-BQL of 7 September 2023."
            ),
            "competent_body_vi": "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
            "competent_body_en": "Da Nang Hi-Tech Park and Industrial Parks Authority (DHPIZA)",
            "legal_basis_vi": "Quyết định 38/2020/QĐ-TTg ngày 30/12/2020",
            "legal_basis_en": "Decision 38/2020/QĐ-TTg of 30 December 2020",
            "sources": ["S_QD38", "S_DHPIZA"],
        },
        {
            "title_vi": "Nộp hồ sơ dự án tại Ban Quản lý",
            "title_en": "File the project with the Authority",
            "body_vi": (
                "Nộp hồ sơ trực tiếp tại bộ phận tiếp nhận và trả kết quả của Ban Quản lý, trực "
                "tuyến qua dịch vụ công của Ban, hoặc qua dịch vụ bưu chính công ích. Hồ sơ chưa "
                "đầy đủ, hợp lệ sẽ được hướng dẫn bổ sung. Ban Quản lý cung cấp dịch vụ hành "
                "chính công cho nhà đầu tư trong Khu công nghệ cao và các khu công nghiệp."
            ),
            "body_en": (
                "File in person at the Authority's document desk, online through its public "
                "services, or by public post. An incomplete dossier is returned with guidance on "
                "what to add. The Authority provides the public administrative services for "
                "investors in the Hi-Tech Park and the industrial parks."
            ),
            "competent_body_vi": "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
            "competent_body_en": "Da Nang Hi-Tech Park and Industrial Parks Authority (DHPIZA)",
            "contact": "Lô A17, đường Trung tâm, Khu công nghệ cao Đà Nẵng · 0236 3666 100",
            "online_url": "http://www.dhpiza.danang.gov.vn/",
            "sources": ["S_DHPIZA", "S_DHPIZA_2018"],
        },
        {
            "title_vi": "Đăng ký doanh nghiệp",
            "title_en": "Register the enterprise",
            "body_vi": (
                "Theo Luật Đầu tư 2025, nhà đầu tư nước ngoài được thành lập tổ chức kinh tế trước "
                "khi làm thủ tục cấp Giấy chứng nhận đăng ký đầu tư. Hồ sơ đăng ký doanh nghiệp "
                "theo Nghị định 168/2025/NĐ-CP; ngành kinh doanh chọn ở cấp bốn của Hệ thống "
                "ngành kinh tế Việt Nam (Quyết định 36/2025/QĐ-TTg)."
            ),
            "body_en": (
                "Under the 2025 Law on Investment a foreign investor may set up the company before "
                "the procedure for the investment registration certificate. The enterprise "
                "registration follows Decree 168/2025/NĐ-CP; business lines are chosen at level "
                "four of the VSIC (Decision 36/2025/QĐ-TTg)."
            ),
            "legal_basis_vi": "Nghị định 168/2025/NĐ-CP, Điều 7; Quyết định 36/2025/QĐ-TTg",
            "legal_basis_en": "Decree 168/2025/NĐ-CP, Article 7; Decision 36/2025/QĐ-TTg",
            "sources": ["S_DECREE168", "S_DECREE168_VSIC", "S_LOI2025_EFFECT"],
        },
        {
            "title_vi": "Nhờ hỗ trợ trong suốt quá trình",
            "title_en": "Get support along the way",
            "body_vi": (
                "Chủ tịch Ủy ban nhân dân thành phố đã giao Ban Xúc tiến và Hỗ trợ đầu tư làm "
                "đầu mối theo dõi, đôn đốc và kết nối nhà đầu tư với các cơ quan quản lý chuyên "
                "ngành khi làm thủ tục đầu tư tại Đà Nẵng. Hãy liên hệ Ban khi hồ sơ bị chậm hoặc "
                "gặp vướng mắc."
            ),
            "body_en": (
                "The chairman of the city People's Committee made the Investment Promotion and "
                "Support Board the focal point that follows investors' procedures in Da Nang and "
                "connects them with the competent agencies. Turn to it when a file is late or "
                "stuck."
            ),
            "competent_body_vi": "Ban Xúc tiến và Hỗ trợ đầu tư thành phố Đà Nẵng",
            "competent_body_en": "Da Nang Investment Promotion and Support Board (IPA Da Nang)",
            "sources": ["S_IPA_DN"],
        },
    ],
}

# Facts the guide should give and for which no source was found (5 December 2026): left out.
NOT_FOUND = [
    "The decree that sets the dossier, order and time limits of the investment registration "
    "certificate under the Law on Investment 2025.",
    "Which Da Nang body registers enterprises since the 2025 reorganisation (the Department of "
    "Finance is likely; no source says it handles enterprise registration).",
    "Which Hanoi body receives the dossier and issues the investment registration certificate "
    "outside the parks since 2025 (the Department of Finance advises on investment: S_HN_DOF; no "
    "source names the procedure's receiving body), and whether the Management Board of the parks "
    "(HHTIP) does so inside them.",
    "The addresses and telephone numbers of Hanoi's bodies, and of Da Nang's Investment "
    "Promotion and Support Board.",
    "Land rent incentives under the laws in force in 2026 (the corporate income tax rules now "
    "cite Law No. 67/2025/QH15 with their sources: demo/incentives.py).",
]


def source_url(step: dict) -> str:
    """The address the page links to: the step's first source."""
    return SOURCES[step["sources"][0]][0] if step.get("sources") else ""
