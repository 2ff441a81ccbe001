"""Abbreviations of Vietnamese administration that people type for names documents spell out.

A query word that is one of these (folded: "hđnd" and "hdnd" alike) also stands for the words
it abbreviates: "ubnd tp đà nẵng" ranks "Ủy ban nhân dân thành phố Đà Nẵng", which never
writes "UBND" in its title, as the answer it is. The abbreviation itself still matches and
scores (titles write "Khu CNTT tập trung"). Only abbreviations whose use for the spelled-out
name was found in public administrative texts are listed:

- UBND, HĐND: Quyết định 119/QĐ-UBND of Bắc Giang (2009) cites "Luật Tổ chức HĐND và UBND",
  the law that Quyết định 33/2009/QĐ-UBND of Tiền Giang cites as "Luật Tổ chức Hội đồng nhân
  dân và Ủy ban nhân dân" (https://vanbanphapluat.co/quyet-dinh-119-qd-ubnd-bo-sung-thu-tuc-
  hanh-chinh; https://thuvienphapluat.vn/van-ban/Cong-nghe-thong-tin/Quyet-dinh-33-2009-QD-
  UBND-quan-ly-va-khai-thac-mang-tin-hoc-dien-rong-105414.aspx);
- TTHC: the same Quyết định 119/QĐ-UBND, "04 thủ tục hành chính (TTHC)";
- TP: "UBND TP.HCM … đơn vị hành chính TP" for the city of Hồ Chí Minh (Báo Mới,
  http://m.baomoi.com/tp-hcm-de-nghi-duoc-cong-nhan-la-don-vi-hanh-chinh-cap-tinh-loai-dac-biet/c/1490938.epi);
- KCN, KKT: "các khu công nghiệp (KCN), khu kinh tế (KKT)" (Báo Kiểm toán,
  http://baokiemtoan.vn/khu-cong-nghiep-ptag.html);
- CNTT: Đà Nẵng's paper on the Law on Information Technology, "ứng dụng phát triển công nghệ
  thông tin … CNTT Đà Nẵng" (https://123docz.net/document/4705325-3-tham-luan-cua-da-nang-update2.htm).
"""

from __future__ import annotations

# folded abbreviation -> the words it stands for, as written
ABBREVIATIONS = {
    "ubnd": "ủy ban nhân dân",
    "hdnd": "hội đồng nhân dân",
    "tthc": "thủ tục hành chính",
    "tp": "thành phố",
    "cntt": "công nghệ thông tin",
    "kcn": "khu công nghiệp",
    "kkt": "khu kinh tế",
}
