"""Judging rules of judged_heldout2.json, written per query before the pool existed
(judging-2026-12-07-heldout2.md): ``judge(q, key, title, text, model)`` gives a pair's grade
and reason. Applied to the shuffled pool of ``pool.py pool --set keywords_heldout2`` and to every
demo document (the rules also grade demo documents no system found).

A rule reads the document's title (folded), its kind (synthetic report, XQuAD passage, demo) and,
for procedures and published indices, the first line of their text (sector, index). No system,
rank or score is read.
"""

from __future__ import annotations

import json
import re
import unicodedata
from pathlib import Path

VOCAB = json.loads((Path(__file__).resolve().parent / "vocabulary.json").read_text("utf-8"))


def fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


TOPICS = sorted((fold(t) for t in VOCAB["topics"]), key=len, reverse=True)
PROVINCES = sorted((fold(p) for p in VOCAB["provinces"]), key=len, reverse=True)
DOCTYPES = [fold(d) for d in VOCAB["doctypes"]]
VARIANT = r"(cap lai|cap doi|gia han|dieu chinh|thu hoi)"


def parse_report(title: str) -> tuple[str | None, str | None, str | None]:
    """(doctype, topic, province) of a synthetic report's title."""
    t = fold(title)
    doctype = next((d for d in DOCTYPES if t.startswith(d + " ")), None)
    topic = next((x for x in TOPICS if x in t), None)
    province = next((p for p in PROVINCES if t.endswith(" " + p)), None)
    return doctype, topic, province


# --- rule constructors --------------------------------------------------------------------
def D(pattern: str, grade: int, reason: str):
    """A demo document whose folded title matches ``pattern``."""
    return ("demo", re.compile(pattern), grade, reason)


def SECTOR(sector: str, grade: int, reason: str):
    """A procedure whose text names ``sector`` (folded) on its second line."""
    return ("sector", fold(sector), grade, reason)


def INDEX(index: str, grade: int, reason: str):
    """A published index item whose text (its first line) is ``index``."""
    return ("index", index, grade, reason)


def MODEL(model: str, grade: int, reason: str):
    return ("model", model, grade, reason)


def TEXT(pattern: str, grade: int, reason: str):
    """A demo document whose folded text matches ``pattern``."""
    return ("text", re.compile(pattern), grade, reason)


def S(topics, grade: int, reason: str, provinces=None, doctypes=None):
    """A synthetic report whose title's topic is one of ``topics`` (and province, doctype)."""
    return (
        "syn",
        {fold(t) for t in topics},
        None if provinces is None else {fold(p) for p in provinces},
        None if doctypes is None else {fold(d) for d in doctypes},
        grade,
        reason,
    )


def PROC(base: str, what: str):
    """The procedure named: the first grant 2, its variants 1."""
    b = re.escape(fold(base))
    return [
        D(rf"^cap {b}$", 2, f"the procedure named ({what})"),
        D(rf"^{VARIANT} {b}$", 1, f"a variant of the procedure named ({what})"),
    ]


def FAMILY(base: str, what: str):
    """Another procedure of the same licence family: 1 (first grant and variants)."""
    b = re.escape(fold(base))
    return [D(rf"^(cap|{VARIANT}) {b}$", 1, f"the same licence family ({what})")]


def BODY(title: str, other: str | None):
    t = re.escape(fold(title))
    rules = [D(rf"^{t}$", 2, "the body named")]
    if other:
        rules.append(D(rf"^{re.escape(fold(other))}$", 1, "the same body in the other city"))
    return rules


PARKS_FIELD = "^khu cong nghiep, khu cong nghe cao va nganh cong nghe cao uu tien$"
PARKS_COMMITMENT = "^hop tac trong keu goi dau tu vao cac khu cong nghiep"
INVEST_FIELD = "^xuc tien dau tu va thuong hieu chung$"
NOTICE = r"^2138-tb/tu"
URBAN_FIELD = "^mo hinh chinh quyen do thi va to chuc bo may co so$"
SMART_FIELD = "^do thi thong minh – chinh quyen dien tu$"

R: dict[str, list] = {}

# --- officials: bodies (synthetic reports 0: their titles name a topic, never the body) -----
R["sở tài chính đà nẵng"] = [
    *BODY("Sở Tài chính Đà Nẵng", "Sở Tài chính Hà Nội"),
    D("^so ke hoach va dau tu da nang$", 1, "merged into the body named (1/3/2025)"),
]
R["so xay dung ha noi"] = [
    *BODY("Sở Xây dựng Hà Nội", "Sở Xây dựng Đà Nẵng"),
    D("^so giao thong van tai ha noi$", 1, "merged into the body named (1/3/2025)"),
    SECTOR("Hoạt động xây dựng", 1, "a procedure of the construction sector the body handles"),
]
R["ban to chuc thanh uy ha noi"] = [
    *BODY("Ban Tổ chức Thành ủy Hà Nội", "Ban Tổ chức Thành ủy Đà Nẵng"),
    D("^thanh uy ha noi$", 1, "the party committee the board belongs to"),
]
R["văn phòng ubnd hà nội"] = [
    *BODY(
        "Văn phòng Ủy ban nhân dân thành phố Hà Nội",
        "Văn phòng Ủy ban nhân dân thành phố Đà Nẵng",
    ),
    D("^uy ban nhan dan thanh pho ha noi$", 1, "the people's committee the office serves"),
    D("^so ngoai vu ha noi$", 1, "merged into the office named (Hanoi, 1/3/2025)"),
]
R["thành ủy đà nẵng"] = [
    *BODY("Thành ủy Đà Nẵng", "Thành ủy Hà Nội"),
    D("^(van phong|ban .*|uy ban kiem tra) thanh uy da nang$", 1, "an office or board of it"),
    D(NOTICE, 1, "the notice of its standing board's conference with Hanoi's"),
]
R["sở nông nghiệp và phát triển nông thôn"] = [
    D("^so nong nghiep va phat trien nong thon (ha noi|da nang)$", 2, "the body named"),
    D("^so nong nghiep va moi truong (ha noi|da nang)$", 1, "the body it merged into (1/3/2025)"),
]
R["so tu phap da nang"] = [
    *BODY("Sở Tư pháp Đà Nẵng", "Sở Tư pháp Hà Nội"),
    SECTOR("Hộ tịch", 1, "a civil-status procedure, the sector the body handles"),
]
R["ban nội chính thành ủy đà nẵng"] = [
    *BODY("Ban Nội chính Thành ủy Đà Nẵng", "Ban Nội chính Thành ủy Hà Nội"),
    D("^thanh uy da nang$", 1, "the party committee the board belongs to"),
]
R["uỷ ban nhân dân đà nẵng"] = [
    *BODY("Ủy ban nhân dân thành phố Đà Nẵng", "Ủy ban nhân dân thành phố Hà Nội"),
    D("^van phong uy ban nhan dan thanh pho da nang$", 1, "its office"),
    D("^uy ban nhan dan tinh quang nam$", 1, "merged into it (Quang Nam into Da Nang, 1/7/2025)"),
]
R["sở lđtbxh đà nẵng"] = [
    *BODY(
        "Sở Lao động - Thương binh và Xã hội Đà Nẵng", "Sở Lao động - Thương binh và Xã hội Hà Nội"
    ),
    D("^so noi vu da nang$", 1, "the body it merged into (1/3/2025)"),
]
R["sở văn hóa thể thao và du lịch đà nẵng"] = [
    D("^so van hoa, the thao va du lich da nang$", 2, "the body named"),
    D("^so (van hoa va the thao|du lich) da nang$", 1, "merged into the body named (2025)"),
    D("^so (van hoa va the thao|du lich) ha noi$", 1, "the same kind of body in the other city"),
]
R["ipa da nang"] = [
    D("^ban xuc tien va ho tro dau tu thanh pho da nang$", 2, "the body named (IPA Da Nang)"),
    D("^trung tam xuc tien dau tu, thuong mai, du lich thanh pho ha noi$", 1, "same kind, Hanoi"),
    D(INVEST_FIELD, 1, "the cooperation field the body serves"),
    D("^phoi hop to chuc cac hoat dong xuc tien dau tu", 1, "the commitment on its work"),
]
R["ban quản lý các khu công nghiệp hà nội"] = [
    *BODY(
        "Ban Quản lý các khu công nghiệp và chế xuất Hà Nội",
        "Ban Quản lý Khu công nghệ cao và các khu công nghiệp Đà Nẵng",
    ),
    D(PARKS_FIELD, 1, "the cooperation field the board serves"),
    D("^khu cong nghiep (thang long|hoa khanh)$", 1, "an industrial park (the board's kind)"),
]
R["sở giáo dục đà nẵng"] = BODY("Sở Giáo dục và Đào tạo Đà Nẵng", "Sở Giáo dục và Đào tạo Hà Nội")
R["sở y tế hà nội"] = [
    *BODY("Sở Y tế Hà Nội", "Sở Y tế Đà Nẵng"),
    SECTOR("Khám bệnh, chữa bệnh", 1, "a health procedure, the sector the body handles"),
]
R["chi cuc qltt da nang"] = [
    *BODY(
        "Chi cục Quản lý thị trường thành phố Đà Nẵng",
        "Chi cục Quản lý thị trường thành phố Hà Nội",
    ),
    D("^cuc quan ly thi truong thanh pho da nang$", 1, "the body it became (Cục QLTT)"),
]
R["ban dân vận thành ủy hà nội"] = [
    *BODY("Ban Dân vận Thành ủy Hà Nội", "Ban Dân vận Thành ủy Đà Nẵng"),
    D("^ban tuyen giao va dan van thanh uy (ha noi|da nang)$", 1, "the board it merged into"),
    D("^thanh uy ha noi$", 1, "the party committee the board belongs to"),
]
R["sở giao thông đà nẵng"] = [
    *BODY("Sở Giao thông vận tải Đà Nẵng", "Sở Giao thông vận tải Hà Nội"),
    D("^so xay dung da nang$", 1, "the body it merged into (1/3/2025)"),
    SECTOR("Đường bộ", 1, "a road procedure, the sector the body handles"),
]
R["so cong thuong da nang"] = [
    *BODY("Sở Công Thương Đà Nẵng", "Sở Công Thương Hà Nội"),
    SECTOR("Lưu thông hàng hóa trong nước", 1, "a domestic-trade licence the body issues"),
]

# --- officials: fields and topics -----------------------------------------------------------
R["thu tuc hanh chinh"] = [
    D("^thu tuc hanh chinh( cong)?$", 2, "the index dimension named so"),
    D("^cai cach thu tuc hanh chinh$", 1, "the index dimension on reforming them"),
    D("^cai cach hanh chinh$", 1, "the field listing administrative procedures"),
    D("^cac so, nganh .* ve cai cach hanh chinh", 1, "the commitment on administrative reform"),
    MODEL("indicators.index766", 1, "a Decision 766 measure of handling procedures"),
    S(["cải cách thủ tục hành chính"], 1, "a report on reforming administrative procedures"),
]
R["an toàn thông tin mạng"] = [
    D("^an toan thong tin mang$", 2, "the DTI component named"),
    D(r"^chi so danh gia chuyen doi so cap tinh \(dti\)$", 1, "the index it belongs to"),
    D("^ung dung cong nghe thong tin$", 1, "the field listing network security"),
    TEXT("an toan thong tin", 1, "an enterprise whose services include information security"),
]
R["hiện đại hóa hành chính"] = [
    D("^hien dai hoa hanh chinh$", 2, "the PAR index component named"),
    D(r"^chi so cai cach hanh chinh \(par index\)$", 1, "the index it belongs to"),
    D("^cai cach hanh chinh$", 1, "the field of administrative reform"),
]
R["nong thon moi"] = [S(["phát triển nông thôn mới"], 1, "a report on new rural development")]
R["kinh tế số"] = [
    D("^hoat dong kinh te so$", 2, "the DTI pillar named"),
    D(r"^chi so danh gia chuyen doi so cap tinh \(dti\)$", 1, "the index of that pillar"),
    S(["kinh tế số"], 1, "a report on the digital economy"),
]
R["thương mại điện tử"] = [S(["thương mại điện tử"], 1, "a report on e-commerce")]
R["phòng chống tham nhũng"] = [
    D("^kiem soat tham nhung trong khu vuc cong$", 1, "the PAPI dimension on corruption control"),
    D("^so vu ket an tham nhung", 1, "the ISO 37120 indicator of corruption convictions"),
    S(["phòng chống tham nhũng"], 1, "a report on fighting corruption"),
]
R["nha o xa hoi"] = [S(["xây dựng nhà ở xã hội"], 1, "a report on social housing")]
R["giải phóng mặt bằng"] = [
    D("^quan ly dat dai$", 1, "the field listing site clearance"),
    D("^cac so, nganh .* ve quan ly dat dai", 1, "the commitment on land management"),
    S(["giải phóng mặt bằng"], 1, "a report on site clearance"),
]
R["bien doi khi hau"] = [
    D("^phat thai khi nha kinh", 1, "the greenhouse-gas indicator"),
    S(["ứng phó biến đổi khí hậu"], 1, "a report on climate change"),
]
R["tinh giản biên chế"] = [
    D(URBAN_FIELD, 1, "the field listing staff streamlining"),
    D("^cai cach to chuc bo may hanh chinh$", 1, "the PAR dimension on the apparatus"),
    S(["tinh giản biên chế"], 1, "a report on staff streamlining"),
]
R["sắp xếp đơn vị hành chính"] = [
    D(URBAN_FIELD, 1, "the field listing administrative units"),
    S(["sắp xếp đơn vị hành chính"], 1, "a report on rearranging administrative units"),
]
R["năng lượng tái tạo"] = [
    D("^ty le nang luong tu nguon tai tao", 1, "the ISO 37120 renewable-energy indicator"),
    S(["năng lượng tái tạo"], 1, "a report on renewable energy"),
]
R["cai cach tai chinh cong"] = [
    D("^cai cach tai chinh cong$", 2, "the PAR index component named"),
    D(r"^chi so cai cach hanh chinh \(par index\)$", 1, "the index it belongs to"),
    D("^quan ly tai chinh ngan sach$", 1, "the field of public finance"),
    S(["tài chính công"], 1, "a report on public finance"),
]
R["nuôi trồng thuỷ sản"] = [S(["nuôi trồng thuỷ sản"], 1, "a report on aquaculture")]

# --- officials: the notice and its commitments ----------------------------------------------
R["thong bao 2138"] = [
    D(NOTICE, 2, "the notice named"),
    MODEL("programmes.commitment", 1, "one of the notice's commitments (its content)"),
]
R["quán triệt nghị quyết"] = [
    D("nhat la trong viec quan trie", 2, "the commitment naming it"),
    D("^xay dung dang va he thong chinh tri$", 1, "the field listing the centre's resolutions"),
]
R["ngành công nghệ cao ưu tiên"] = [
    D(PARKS_FIELD, 2, "the field named"),
    D("^phoi hop xac dinh nganh, linh vuc cong nghe cao uu tien", 2, "the commitment naming it"),
    MODEL("investment.prioritysector", 1, "a priority high-tech sector"),
]
R["doanh nghiep hai ben gap go"] = [
    D("^tao dieu kien de cac doanh nghiep hai ben gap go", 2, "the commitment named"),
    D(INVEST_FIELD, 1, "the field listing the two sides' firms"),
]
R["chương trình xúc tiến đầu tư chung"] = [
    D("^xay dung cac chuong trinh, ke hoach xuc tien dau tu chung", 2, "the commitment named"),
    D(INVEST_FIELD, 1, "the field of joint investment promotion"),
    D("^phoi hop to chuc cac hoat dong xuc tien dau tu", 1, "the commitment on promotion work"),
]
R["chia se kinh nghiem to chuc bo may cap co so"] = [
    D("^chia se kinh nghiem to chuc bo may o cap co so", 2, "the commitment named"),
    D(URBAN_FIELD, 1, "the field of the grassroots apparatus"),
    D("^thi diem mo hinh chinh quyen do thi tai da nang", 1, "the practice on the same apparatus"),
]

# --- officials: practices, policies, events -------------------------------------------------
R["nghị quyết 97 chính quyền đô thị hà nội"] = [
    D("^97/2019/qh14", 2, "the resolution named"),
    D("^119/2020/qh14", 1, "the same pilot's resolution for Da Nang"),
    D(URBAN_FIELD, 1, "the field of urban government"),
    D("^doan cong tac ha noi nghien cuu mo hinh chinh quyen do thi", 1, "Hanoi's study visit"),
    D("^thi diem mo hinh chinh quyen do thi tai da nang", 1, "the pilot's practice"),
    D("^chia se kinh nghiem trong trien khai thi diem", 1, "the commitment on the pilot"),
]
R["mô hình chính quyền đô thị đà nẵng"] = [
    D("^thi diem mo hinh chinh quyen do thi tai da nang", 2, "the practice named"),
    D("^119/2020/qh14", 2, "the resolution establishing it"),
    D(URBAN_FIELD, 1, "the field of urban government"),
    D("^97/2019/qh14", 1, "the same pilot's resolution for Hanoi"),
    D("^doan cong tac ha noi nghien cuu mo hinh chinh quyen do thi", 1, "the study visit to it"),
    D("^chia se kinh nghiem trong trien khai thi diem", 1, "the commitment on the pilot"),
]
R["dịch vụ công toàn trình"] = [
    D("^dich vu cong truc tuyen toan trinh", 2, "the practice named"),
    D("^dich vu cong truc tuyen$", 1, "the field of online public services"),
    D("^tang cuong hop tac, trao doi .* dich vu cong truc tuyen", 1, "the commitment on them"),
    D("^ty le ho so .*(truc tuyen|dien tu|so hoa)", 1, "a Decision 766 measure of them"),
    S(["dịch vụ công trực tuyến"], 1, "a report on online public services"),
]
R["co che dac thu da nang"] = [
    D("^119/2020/qh14", 2, "the resolution on Da Nang's special mechanisms"),
    D("^co che, chinh sach dac thu$", 1, "the field of special mechanisms"),
    D("^chia se kinh nghiem trong viec xay dung, de xuat cac co che", 1, "the commitment on them"),
]

# --- officials: indices ---------------------------------------------------------------------
R["par index"] = [
    D(r"^chi so cai cach hanh chinh \(par index\)$", 2, "the index named"),
    INDEX("PAR", 1, "a component of the PAR index"),
]
R["pci da nang"] = [
    D(r"^chi so nang luc canh tranh cap tinh \(pci\)$", 2, "the index named"),
    INDEX("PCI", 1, "a component of the PCI"),
    D("^cai thien moi truong dau tu kinh doanh$", 1, "the field the PCI measures"),
]
R["chỉ số hài lòng người dân"] = [
    D(r"\(sipas\)$", 2, "the satisfaction index named (SIPAS)"),
    INDEX("SIPAS", 1, "a component of SIPAS"),
    D("^ty le hai long", 1, "a Decision 766 satisfaction rate"),
]
R["iso 37120"] = [
    D("^iso 37120", 2, "the standard named"),
    INDEX("ISO37120", 1, "an indicator of ISO 37120"),
]
R["ty le that nghiep"] = [D("^ty le that nghiep", 2, "an unemployment rate indicator")]
R["nồng độ bụi pm10"] = [
    D(r"^nong do bui \(pm10\)", 2, "the indicator named"),
    D(r"^nong do bui min \(pm2\.5\)", 1, "the other dust indicator"),
    D("^iso 37120", 1, "the standard it belongs to"),
]
R["chat thai ran tai che"] = [
    D("^ty le chat thai ran cua thanh pho duoc tai che", 2, "the indicator named"),
    D("chat thai ran", 1, "another solid-waste indicator"),
    D("^ty le chat thai nguy hai .* tai che", 1, "the hazardous-waste recycling indicator"),
    S(["xử lý rác thải"], 1, "a report on waste treatment"),
]
R["tuổi thọ trung bình"] = [
    D("^tuoi tho trung binh", 2, "the indicator named"),
    D("^iso 37120", 1, "the standard it belongs to"),
]
R["chi phí không chính thức"] = [
    D("^chi phi khong chinh thuc$", 2, "the PCI component named"),
    D(r"^chi so nang luc canh tranh cap tinh \(pci\)$", 1, "the index it belongs to"),
]
R["tiep can dat dai"] = [
    D("^tiep can dat dai$", 2, "the PCI component named"),
    D(r"^chi so nang luc canh tranh cap tinh \(pci\)$", 1, "the index it belongs to"),
]
R["trách nhiệm giải trình"] = [
    D("^trach nhiem giai trinh", 2, "the PAPI dimension named"),
    D(r"\(papi\)$", 1, "the index it belongs to"),
]
R["hạ tầng số"] = [
    D("^ha tang so$", 2, "the DTI pillar named"),
    D(r"^chi so danh gia chuyen doi so cap tinh \(dti\)$", 1, "the index it belongs to"),
]
R["phản ánh kiến nghị"] = [
    D("phan anh, kien nghi", 2, "a measure of handling feedback and petitions"),
    D("^decision 766 index", 1, "the Decision 766 index of those measures"),
]

# --- investors ------------------------------------------------------------------------------
IT_PROJECTS = (
    "^(to hop phan mem va noi dung so phia tay|toa nha van phong phan mem"
    "|trung tam du lieu va dien toan dam may hoa lac)"
)
R["tổ hợp phần mềm phía tây"] = [
    D("^to hop phan mem va noi dung so phia tay$", 2, "the project named"),
    D(IT_PROJECTS, 1, "another IT and software project"),
    D("^cong nghe thong tin, phan mem va noi dung so$", 1, "the project's priority sector"),
]
CHIPS = "^(vi mach ban dan|dien tu va vi mach)$"
R["kiem thu vi mach"] = [
    D("^nha may dong goi va kiem thu vi mach ban dan$", 2, "the project named"),
    D("^cong ty tnhh (ban dan lien chieu|vi mach hoa lac)$", 1, "a chip enterprise"),
    D(CHIPS, 1, "the chip priority sector"),
]
R["sinh phẩm y tế"] = [
    D("^nha may san xuat vac xin va sinh pham y te$", 2, "the project named"),
    D("^trung tam nghien cuu va ung dung cong nghe sinh hoc$", 1, "a biologicals project"),
    D("^cong ty .*(duoc pham|sinh hoc)", 1, "an enterprise making biologicals"),
    D("^cong nghe sinh hoc phuc vu y te", 1, "the project's priority sector"),
]
R["dược phẩm ngũ hành sơn"] = [
    D("^cong ty co phan duoc pham ngu hanh son$", 2, "the enterprise named"),
    D("^cong ty .*(sinh hoc ba vi|cong nghe sinh hoc son tra)$", 1, "the same trade"),
]
R["cong ty sinh hoc ba vi"] = [
    D("^cong ty co phan sinh hoc ba vi$", 2, "the enterprise named"),
    D("^cong ty .*(duoc pham ngu hanh son|cong nghe sinh hoc son tra)$", 1, "the same trade"),
]
R["du lieu bien dong"] = [
    D("^cong ty co phan du lieu bien dong$", 2, "the enterprise named"),
    D("^cong ty tnhh du lieu thang long$", 1, "the same trade (data centres)"),
    D("^trung tam du lieu va dien toan dam may hoa lac$", 1, "a data-centre project"),
]
R["phần mềm sông hàn"] = [
    D("^cong ty co phan phan mem song han$", 2, "the enterprise named"),
    D("^cong ty .*(phan mem song hong|tri tue nhan tao)", 1, "the same trade (VSIC 6201)"),
]
R["trí tuệ nhân tạo hải vân"] = [
    D("^cong ty tnhh tri tue nhan tao hai van$", 2, "the enterprise named"),
    D("^cong ty co phan tri tue nhan tao tay ho$", 1, "the same trade (AI)"),
]
R["điện tử và vi mạch"] = [
    D("^dien tu va vi mach$", 2, "the priority sector named"),
    D("^vi mach ban dan$", 1, "the same sector in the other city"),
    D("^cong ty tnhh (ban dan lien chieu|vi mach hoa lac)$", 1, "an enterprise of the sector"),
    D("^nha may dong goi va kiem thu vi mach ban dan$", 1, "a project of the sector"),
    D(PARKS_FIELD, 1, "the field listing microchips"),
]
R["chủ trương đầu tư"] = PROC("quyết định chủ trương đầu tư", "investment policy decision")
R["xac nhan uu dai dau tu"] = [
    *PROC("văn bản xác nhận ưu đãi đầu tư", "investment incentive confirmation"),
    D(INVEST_FIELD, 1, "the field listing investment incentives"),
]
R["giấy phép văn phòng đại diện"] = PROC(
    "giấy phép thành lập văn phòng đại diện", "representative office licence"
)
R["chấp thuận nhà đầu tư"] = PROC("văn bản chấp thuận nhà đầu tư", "investor approval")
R["thuê đất khu công nghiệp"] = [
    *PROC("quyết định cho thuê đất", "land lease decision"),
    D("^khu cong nghiep (hoa khanh|thang long)$", 1, "an industrial park"),
    D(PARKS_FIELD, 1, "the field of industrial parks"),
    D("^quan ly dat dai$", 1, "the field listing land leases"),
]
R["thu hút fdi"] = [
    D(INVEST_FIELD, 1, "the field listing foreign investors"),
    D("^xay dung thuong hieu chung nham .* nha dau tu nuoc ngoai", 1, "the commitment on them"),
    D("^chia se kinh nghiem ve co che chinh sach thu hut dau tu", 1, "the commitment on it"),
    S(["thu hút vốn đầu tư trực tiếp nước ngoài"], 1, "a report on attracting FDI"),
]
R["bán dẫn liên chiểu"] = [
    D("^cong ty tnhh ban dan lien chieu$", 2, "the enterprise named"),
    D("^cong ty tnhh vi mach hoa lac$", 1, "the same trade (chips)"),
    D("^nha may dong goi va kiem thu vi mach ban dan$", 1, "a project of its trade"),
    D(CHIPS, 1, "its priority sector"),
]

# --- citizens: procedures -------------------------------------------------------------------
R["doi giay phep lai xe"] = [
    D("^cap doi giay phep lai xe$", 2, "the procedure named (exchange of a driving licence)"),
    D(f"^(cap|{VARIANT}) giay phep lai xe$", 1, "another procedure on driving licences"),
]
R["đăng ký khai tử"] = PROC("đăng ký khai tử", "death registration")
R["xác nhận tình trạng hôn nhân"] = PROC(
    "giấy xác nhận tình trạng hôn nhân", "marital status certificate"
)
R["trich luc ho tich"] = PROC("trích lục hộ tịch", "civil status extract")
R["đăng ký nhận cha mẹ con"] = PROC("đăng ký nhận cha, mẹ, con", "parentage registration")
R["ban le xang dau"] = PROC(
    "giấy chứng nhận đủ điều kiện bán lẻ xăng dầu", "petrol retail certificate"
)
R["giấy phép kinh doanh vận tải"] = [
    *PROC("giấy phép kinh doanh vận tải bằng xe ô tô", "transport business licence"),
    *FAMILY("phù hiệu xe ô tô kinh doanh vận tải", "transport business badges"),
]
R["chuyen muc dich su dung dat"] = PROC(
    "quyết định chuyển mục đích sử dụng đất", "land use change decision"
)
R["giấy phép phòng khám đa khoa"] = [
    *PROC("giấy phép hoạt động phòng khám đa khoa", "general clinic licence"),
    *FAMILY("giấy phép hoạt động phòng khám chuyên khoa", "clinic licences"),
    *FAMILY("giấy phép hoạt động khám bệnh, chữa bệnh", "clinic licences"),
]
R["chứng chỉ năng lực xây dựng"] = [
    *PROC("chứng chỉ năng lực hoạt động xây dựng", "construction capacity certificate"),
    *FAMILY("chứng chỉ hành nghề hoạt động xây dựng", "construction certificates"),
]
R["giay phep hoat dong in"] = PROC("giấy phép hoạt động in", "printing licence")
R["lương y"] = PROC("giấy chứng nhận lương y", "traditional medicine practitioner")

# --- planners -------------------------------------------------------------------------------
R["quy hoạch sử dụng đất"] = [
    D("^quan ly dat dai$", 1, "the field of land management"),
    S(["quy hoạch sử dụng đất"], 1, "a report on land-use planning"),
]
R["co so du lieu dan cu"] = [S(["cơ sở dữ liệu dân cư"], 1, "a report on the population database")]
R["diện tích cây xanh"] = [
    D("^dien tich cay xanh", 2, "the indicator named"),
    D("^so cay duoc trong", 1, "the tree-planting indicator"),
    D("^iso 37120", 1, "the standard it belongs to"),
]
R["chỉnh trang đô thị"] = [
    D("^quy hoach, phat trien va quan ly do thi$", 1, "the field listing urban embellishment"),
    D("^cac so, nganh .* ve quy hoach, phat trie", 1, "the commitment on urban management"),
    D("^trao doi kinh nghiem, ho tro nhau trong cong tac quy hoach", 1, "the same"),
    S(["chỉnh trang đô thị"], 1, "a report on urban embellishment"),
]
R["trat tu xay dung"] = [
    S(["quản lý trật tự xây dựng"], 1, "a report on construction order"),
]

# --- typos (judged as the words meant) ------------------------------------------------------
R["an toàn thục phẩm"] = [S(["an toàn thực phẩm"], 1, "a report on food safety (typo)")]
R["bảo vệ mội trường"] = [
    D("^quan tri moi truong$", 1, "the PAPI dimension on the environment"),
    S(["bảo vệ môi trường"], 1, "a report on environmental protection (typo)"),
]
R["đô thị thôngminh"] = [
    D(SMART_FIELD, 2, "the field named (typo: thôngminh)"),
    D("^chinh quyen dien tu va trung tam giam sat, dieu hanh do thi thong minh", 1, "practice"),
    D("^hoi thao chinh quyen dien tu va do thi thong minh", 1, "the workshop on it"),
    D("^iso 37122", 1, "the smart-city indicators"),
    D("(xay dung do thi thon|chinh quyen dien tu, do thi thong minh)", 1, "the commitment on it"),
    S(["đô thị thông minh"], 1, "a report on smart cities"),
]
R["kiểm soát tham nhủng"] = [
    D("^kiem soat tham nhung trong khu vuc cong$", 2, "the PAPI dimension named (typo)"),
    D(r"\(papi\)$", 1, "the index it belongs to"),
    D("^so vu ket an tham nhung", 1, "the corruption-convictions indicator"),
    S(["phòng chống tham nhũng"], 1, "a report on fighting corruption"),
]
R["giấy phép bán buôn rựou"] = [
    *PROC("giấy phép bán buôn rượu", "alcohol wholesale licence (typo)"),
    *FAMILY("giấy phép bán lẻ rượu", "alcohol licences"),
    *FAMILY("giấy phép sản xuất rượu thủ công", "alcohol licences"),
]
R["khu công nghệ thông tin tập chung"] = [
    D("^khu cong nghe thong tin tap trung da nang$", 2, "the park named (typo: tập chung)"),
    D("^toa nha van phong phan mem khu cntt tap trung$", 1, "a project in the park"),
    D(PARKS_FIELD, 1, "the parks field"),
    D(PARKS_COMMITMENT, 1, "the commitment on investment into parks"),
]
R["đăng ký biến đông đất đai"] = PROC("đăng ký biến động đất đai", "land change registration")

# --- topic and place, with a document type --------------------------------------------------
R["kế hoạch phát triển du lịch quảng nam"] = [
    S(["phát triển du lịch"], 2, "the plan named", ["Quảng Nam"], ["Kế hoạch"]),
    S(["phát triển du lịch"], 1, "another document on tourism in Quang Nam", ["Quảng Nam"]),
]
R["bao cao giai quyet viec lam nghe an"] = [
    S(["giải quyết việc làm"], 2, "the report named", ["Nghệ An"], ["Báo cáo"]),
    S(["giải quyết việc làm"], 1, "another document on jobs in Nghe An", ["Nghệ An"]),
]
R["quyết định giảm nghèo bền vững cà mau"] = [
    S(["giảm nghèo bền vững"], 2, "the decision named", ["Cà Mau"], ["Quyết định"]),
    S(["giảm nghèo bền vững"], 1, "another document on poverty in Ca Mau", ["Cà Mau"]),
]
R["y te co so lao cai"] = [
    S(["y tế cơ sở"], 1, "a report on grassroots health care in Lao Cai", ["Lào Cai"])
]
R["chuyển đổi số bắc ninh"] = [
    S(["chuyển đổi số"], 1, "a report on digital transformation in Bac Ninh", ["Bắc Ninh"])
]
R["hoà giải ở cơ sở huế"] = [
    S(["hoà giải ở cơ sở"], 1, "a report on grassroots mediation in Hue", ["Huế"])
]
R["hà nội và đà nẵng hợp tác chuyển đổi số"] = [
    D(SMART_FIELD, 2, "the two cities' cooperation field on digital government"),
    D(NOTICE, 1, "the notice of the cooperation (it holds the commitments)"),
    D("^ung dung cong nghe thong tin$", 1, "the IT cooperation field"),
    D(
        "(xay dung do thi thon|chinh quyen dien tu, do thi thong minh|ung dung cong nghe t)",
        1,
        "a commitment on digital cooperation",
    ),
    D("^hoi thao chinh quyen dien tu va do thi thong minh", 1, "their workshop on it"),
]


# --- amended after reading the shuffled pool (no system shown), before any merge: documents
# the rules above had not foreseen, graded like their kind elsewhere in this set -------------
BIOTECH_SECTOR = r"^cong nghe sinh hoc( \(chuong trinh chung\))?$"
IT_SECTOR = "^cong nghe thong tin"
R["chương trình xúc tiến đầu tư chung"].append(
    D(r"\(chuong trinh chung\)$", 1, "a priority sector of the joint programme")
)
R["sinh phẩm y tế"].append(D(BIOTECH_SECTOR, 1, "a biotechnology priority sector"))
R["cong ty sinh hoc ba vi"] += [
    D("^nha may san xuat vac xin", 1, "a project of its trade (vaccines)"),
    D(BIOTECH_SECTOR + "|^cong nghe sinh hoc phuc vu", 1, "its priority sector (biotechnology)"),
]
R["dược phẩm ngũ hành sơn"].append(
    D(BIOTECH_SECTOR + "|^cong nghe sinh hoc phuc vu", 1, "its priority sector (biotechnology)")
)
for _q in ("du lieu bien dong", "phần mềm sông hàn", "trí tuệ nhân tạo hải vân"):
    R[_q].append(D(IT_SECTOR, 1, "its priority sector (IT)"))
R["tổ hợp phần mềm phía tây"].append(D(IT_SECTOR, 1, "an IT priority sector"))
R["kiem thu vi mach"].append(D(PARKS_FIELD, 1, "the field listing microchips"))


def judge(q: str, key: str, title: str, text: str, model: str) -> tuple[int, str]:
    """The grade and reason of one pair by the query's rules; 0 with a reason otherwise."""
    if key.startswith("#xquad-"):
        return 0, "a Wikipedia passage (XQuAD), not about this"
    t = fold(title)
    first = text.split("\n", 1)[0] if text else ""
    if key.startswith("#corpus-"):
        doctype, topic, province = parse_report(title)
        for rule in R[q]:
            if rule[0] != "syn":
                continue
            _k, topics, provinces, doctypes, grade, reason = rule
            if (
                topic in topics
                and (provinces is None or province in provinces)
                and (doctypes is None or doctype in doctypes)
            ):
                return grade, reason
        where = f" in {province}" if province else ""
        return 0, f"a report on {topic}{where}: another subject or place"
    for rule in R[q]:
        kind = rule[0]
        if kind == "demo" and rule[1].search(t):
            return rule[2], rule[3]
        if kind == "sector" and model == "indicators.procedure":
            lines = text.split("\n")
            if len(lines) > 1 and fold(lines[1]) == rule[1]:
                return rule[2], rule[3]
        if kind == "index" and model == "indicators.published" and first == rule[1]:
            return rule[2], rule[3]
        if kind == "model" and model == rule[1]:
            return rule[2], rule[3]
        if kind == "text" and model == "investment.enterprise" and rule[1].search(fold(text)):
            return rule[2], rule[3]
    return 0, "not the thing named nor closely related"
