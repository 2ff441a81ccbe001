"""Matching that degrades gracefully, and one ranking on both backends.

``fixtures/ranking.json`` holds documents and queries; ``fixtures/ranking_expected.json`` the
order and scores every backend must give (regenerate it with
``HOPTAC_WRITE_RANKING=1 scripts/pytest -n 0 hoptac/search/tests/test_matching.py``, then check
it on the other backend: the same file must pass on SpatiaLite and on PostGIS).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.urls import reverse

from hoptac.core.text import fold
from hoptac.search import matching, queries
from hoptac.search.parsing import Filters, parse

from .helpers import add, add_all, prepared

pytestmark = pytest.mark.django_db

ANON = AnonymousUser()
FIXTURES = Path(__file__).parent / "fixtures"


def titles(q, **filters):
    return [h.document.title for h in queries.search(q, ANON, Filters(**filters)).hits]


@pytest.fixture
def shared():
    data = json.loads((FIXTURES / "ranking.json").read_text(encoding="utf-8"))
    docs = [add(title, body) for title, body in data["documents"]]
    return data["queries"], {d.pk: d.title for d in docs}


def test_both_backends_rank_the_shared_fixture_identically(shared):
    qs, title_of = shared
    got = {}
    for q in qs:
        results = queries.search(q, ANON, limit=10)
        got[q] = [[title_of[h.document.pk], round(h.score, 6)] for h in results.hits]
    path = FIXTURES / "ranking_expected.json"
    if os.environ.get("HOPTAC_WRITE_RANKING"):
        rows = [
            f" {json.dumps(q, ensure_ascii=False)}: {json.dumps(got[q], ensure_ascii=False)}"
            for q in qs
        ]
        path.write_text("{\n" + ",\n".join(rows) + "\n}\n", encoding="utf-8")
    expected = json.loads(path.read_text(encoding="utf-8"))
    for q in qs:
        assert [t for t, _ in got[q]] == [t for t, _ in expected[q]], q
        assert [s for _, s in got[q]] == pytest.approx([s for _, s in expected[q]], abs=1e-5), q


def test_a_question_finds_its_answer_though_not_every_word_is_in_it(shared):
    q = "cho tôi hỏi đăng ký khai sinh cho con ở phường thì cần mang theo giấy tờ gì"
    results = queries.search(q, ANON)
    assert results.hits[0].document.title == "Hỏi đáp về đăng ký khai sinh"
    assert results.loose
    assert len(results.query.notices) == 1


def test_question_words_do_not_have_to_match(shared):
    # "có … không", "tại sao", "bị" are function words: every content word is enough.
    results = queries.search("trẻ em có được tiêm vắc xin covid không", ANON)
    assert [h.document.title for h in results.hits][:1] == ["Tiêm vắc xin cho trẻ em"]


def test_no_notice_when_a_result_holds_every_word():
    add("Quy hoạch đô thị")
    add("Quy hoạch nông thôn")
    results = queries.search("quy hoạch đô thị", ANON)
    assert not results.loose
    assert not results.query.notices


def test_a_looser_match_still_puts_documents_with_every_word_first():
    add("Quy hoạch đô thị")
    add("Quy hoạch nông thôn")
    add("Đô thị loại một")
    found = titles("quy hoạch đô thị")
    assert found[0] == "Quy hoạch đô thị"
    assert set(found) == {"Quy hoạch đô thị", "Quy hoạch nông thôn", "Đô thị loại một"}


def test_a_title_that_is_most_of_the_question_is_found_among_many_holding_every_word():
    # The site questions' case at 100,000 documents: every word was required while that found
    # 30 documents, so reports that hold every word scattered hid the body whose title is the
    # question but one place name.
    for i in range(40):
        add(
            f"Báo cáo số {i}",
            "Đoàn kiểm tra làm việc tại Đà Nẵng. Ủy ban nhân dân thành phố chỉ đạo. "
            "Thành ủy giao nhiệm vụ tổng hợp ý kiến về nhiều nội dung.",
        )
    add("Ủy ban Kiểm tra Thành ủy Hà Nội", "Cơ quan kiểm tra của Đảng bộ thành phố.")
    assert "Ủy ban Kiểm tra Thành ủy Hà Nội" in titles("ủy ban kiểm tra thành ủy đà nẵng")[:3]


def test_every_pair_of_a_long_question_is_a_signal():
    q = parse("cho tôi hỏi sở tài chính thành phố hà nội có địa chỉ liên hệ ở đâu không vậy")
    held = {p: 3 for p in q.pairs()}
    stats = matching.Stats(documents=100, average_length=10.0, df={}, pair_df=held)
    pairs = [b.words for b in matching.plan(q, stats).bonuses if b.kind == "pair"]
    # 19 words, 18 adjacent pairs, 14 with a content word (not "tôi hỏi", "ở đâu", "đâu không",
    # "không vậy"): every one is a signal (the rarest 8 were, before)
    assert len(pairs) == 14
    assert ("dia", "chi") in pairs and ("lien", "he") in pairs
    # a pair no document holds scores nothing: not a signal
    held.pop(("dia", "chi"))
    pairs = [b.words for b in matching.plan(q, stats).bonuses if b.kind == "pair"]
    assert len(pairs) == 13 and ("dia", "chi") not in pairs


def test_function_words_alone_still_search():
    add("Tại sao phải đeo khẩu trang")
    assert titles("tại sao") == ["Tại sao phải đeo khẩu trang"]


def test_full_width_text_finds_its_ordinary_letters():
    add("Phòng chống COVID-19")
    add("Ｃｏｖｉｄ toàn cầu")
    assert set(titles("ｃｏｖｉｄ")) == {"Phòng chống COVID-19", "Ｃｏｖｉｄ toàn cầu"}
    assert set(titles("covid")) == {"Phòng chống COVID-19", "Ｃｏｖｉｄ toàn cầu"}


def test_the_best_document_is_found_among_very_many_matches():
    # Both backends used to rank only a sample of the matches (SQLite the first 1,000 above the
    # count cap, PostgreSQL the first 150 in table order): a late, better document was lost.
    add_all(
        [
            prepared(f"Văn bản {i}", "Tổng hợp ý kiến về nhiều nội dung, trong đó có tiêm chủng.")
            for i in range(queries.COUNT_CAP + 50)
        ]
    )
    add("Lịch tiêm cho trẻ em", "Tiêm chủng mở rộng: lịch tiêm chủng, điểm tiêm chủng.")
    assert titles("tiêm chủng")[0] == "Lịch tiêm cho trẻ em"


def test_no_result_says_how_to_find_more(client):
    add("Quy hoạch đô thị")
    page = client.get(reverse("search:page"), {"q": "xyzzy plugh"}).content.decode()
    assert "spelling" in page or "chính tả" in page


def test_a_looser_match_is_announced_on_the_page(client):
    add("Hỏi đáp về đăng ký khai sinh", "Cha mẹ đăng ký khai sinh cho con tại phường.")
    page = client.get(
        reverse("search:page"), {"q": "đăng ký khai sinh cần giấy tờ gì"}
    ).content.decode()
    assert "<mark>khai</mark> <mark>sinh</mark>" in page
    assert "some of them" in page or "một phần" in page


def test_plan_weights_accents_and_pairs_by_rarity():
    q = parse("thuế đất")
    stats = matching.Stats(
        documents=100, average_length=10.0, df={"thue": 5, "dat": 50}, pair_df={("thue", "dat"): 2}
    )
    p = matching.plan(q, stats)
    assert p.terms == ["thue", "dat"]
    kinds = [(b.kind, b.words) for b in p.bonuses]
    assert ("accent", ("thuế",)) in kinds
    assert ("pair", ("thue", "dat")) in kinds
    accent = {b.words[0]: b.weight for b in p.bonuses if b.kind == "accent"}
    assert accent["thuế"] > accent["đất"]


def test_a_short_title_that_is_mostly_the_query_outranks_long_titles_that_hold_it():
    # The keyword set's case at 100,000 documents: a cooperation field (short title, a body of
    # keywords) against reports that name the topic in a long title and again in the body.
    for n, city in enumerate(("Thành phố Hồ Chí Minh", "Thanh Hoá", "Lai Châu")):
        add(
            f"Chỉ thị hỗ trợ đô thị thông minh {city}",
            f"Đến hết quý {n + 1}, {city} đã thực hiện 296 nhiệm vụ về đô thị thông minh. Các "
            "đơn vị phối hợp thực hiện đô thị thông minh gắn với tiếp công dân. Đồng chí chủ "
            f"trì buổi làm việc về đô thị thông minh với Ban Quản lý. Năm 2019, {city} tiếp "
            "nhận 85 hồ sơ liên quan đến đô thị thông minh.",
        )
    add(
        "Đô thị thông minh – chính quyền điện tử",
        "đô thị thông minh\nchính quyền điện tử\nvận hành hệ thống\nthành phố thông minh\n"
        "chính quyền số\nchuyển đổi số\nđiều hành đô thị\ncông dân số\ngiao thông thông minh",
    )
    for n in range(30):  # "đô" and "thông" in most documents: FTS5's idf of them is nil
        add(f"Thông báo {n} về đồ dùng", "Kết quả thực hiện kế hoạch năm.")
    assert titles("đô thị thông minh")[0] == "Đô thị thông minh – chính quyền điện tử"
    assert titles("do thi thong minh")[0] == "Đô thị thông minh – chính quyền điện tử"


def test_title_words_and_pairs_weigh_by_their_own_rarity():
    # "lâm" and "đồng" are in 60 of 100 documents, "du" and "lịch" in 5; side by side "lâm
    # đồng" is in 2, "du lịch" in 5; "lâm" and "đồng" are in 2 titles, "du" and "lịch" in 5
    q = parse("du lịch lâm đồng")
    stats = matching.Stats(
        documents=100,
        average_length=10.0,
        df={"du": 5, "lich": 5, "lam": 60, "dong": 60},
        title_df={"du": 5, "lich": 5, "lam": 2, "dong": 2},
        pair_df={("du", "lich"): 5, ("lich", "lam"): 1, ("lam", "dong"): 2},
    )
    weight = {(b.kind, b.words): b.weight for b in matching.plan(q, stats).bonuses}
    assert weight["pair", ("lam", "dong")] > weight["pair", ("du", "lich")]
    assert weight["title_word", ("lam",)] > weight["title_word", ("du",)]
    # a pair in a title weighs as its words do, plus its own rarity: common words stay below
    assert weight["title_pair", ("lam", "dong")] < weight["title_pair", ("du", "lich")]


def test_a_place_named_by_common_syllables_counts_in_the_title():
    # The corpus questions' case at 100,000 documents: "Lâm Đồng" is two syllables found in most
    # documents ("đồng chí", "lâm thời"), whose idf is nil, but rare side by side and in titles;
    # reports on the topic in another province passed the answer.
    for i in range(30):
        add(f"Thông báo số {i}", "Đồng chí Lâm chủ trì họp về kết quả công tác lâm thời.")
    add("Kế hoạch đánh giá kết quả phát triển du lịch Quảng Nam", "Du lịch Quảng Nam.")
    add("Kế hoạch phát triển du lịch Lâm Đồng", "Du lịch Lâm Đồng.")
    q = "kết quả phát triển du lịch ở lâm đồng đạt bao nhiêu"
    assert titles(q)[0] == "Kế hoạch phát triển du lịch Lâm Đồng"
    assert titles(fold(q))[0] == "Kế hoạch phát triển du lịch Lâm Đồng"


def test_a_title_naming_the_place_by_common_syllables_outranks_rarer_words_of_another():
    # The held-out corpus questions' case at 100,000 documents: "Quảng Trị" is two syllables in
    # most documents ("Quảng Nam", "chính trị"), "bền vững" two rare ones: the title pair of the
    # place weighed by its syllables lost to a report on another topic in another province.
    for i in range(40):
        add(
            f"Thông báo số {i} Quảng Nam",
            "Trường Chính trị làm việc với doanh nghiệp công nghiệp; phát động, triển khai.",
        )
    for i in range(8):
        add(f"Báo cáo môi trường {i}", "Môi trường bền vững.")
    add(
        "Chỉ thị giảm nghèo bền vững Quảng Nam",
        "Giảm nghèo bền vững tại Quảng Nam gắn với phát triển lâm nghiệp.",
    )
    add("Kế hoạch phát triển lâm nghiệp Quảng Trị", "Phát triển lâm nghiệp Quảng Trị năm 2024.")
    q = "phát triển lâm nghiệp bền vững tại quảng trị"
    assert titles(q)[0] == "Kế hoạch phát triển lâm nghiệp Quảng Trị"
    assert titles(fold(q))[0] == "Kế hoạch phát triển lâm nghiệp Quảng Trị"


def test_an_abbreviation_finds_the_name_it_stands_for():
    # The keyword held-out set's "ubnd tp đà nẵng": the committee's title spells its name out,
    # and a document that writes "UBND" (a document number, a short name) held the typed word.
    for i in range(6):
        add(f"Cục Thuế Hải Phòng {i}", f"Thực hiện Kế hoạch số {i}/KH-UBND về thu thuế.")
    add("Ủy ban nhân dân thành phố Hải Phòng", "Cơ quan hành chính nhà nước của thành phố.")
    for q in ("ubnd tp hải phòng", "UBND TP Hai Phong"):
        assert titles(q)[0] == "Ủy ban nhân dân thành phố Hải Phòng", q


def test_an_abbreviation_still_matches_as_typed_and_is_marked_with_its_words():
    add("Tòa nhà văn phòng Khu CNTT tập trung", "Văn phòng cho doanh nghiệp phần mềm.")
    add("Khu công nghệ thông tin tập trung", "Khu tập trung doanh nghiệp công nghệ.")
    add("Điểm tập trung rác thải", "Tập trung rác thải sinh hoạt.")
    results = queries.search("khu cntt tập trung", ANON)
    assert {h.document.title for h in results.hits[:2]} == {
        "Tòa nhà văn phòng Khu CNTT tập trung",
        "Khu công nghệ thông tin tập trung",
    }
    assert not results.loose  # a document holds every word typed
    marked = " ".join(str(h.title) for h in results.hits)
    assert "<mark>công</mark> <mark>nghệ</mark> <mark>thông</mark> <mark>tin</mark>" in marked


def test_a_query_is_loose_only_when_no_document_holds_every_word_typed():
    add("Ủy ban nhân dân tỉnh Quảng Ninh")
    add("Cảng Hải Phòng")
    # no document holds "hải phòng" with "ubnd" or with the words it stands for
    assert queries.search("ubnd hải phòng", ANON).loose
    add("UBND Hải Phòng")  # the abbreviation as typed
    assert not queries.search("ubnd hải phòng", ANON).loose


def test_an_abbreviation_spelled_out_in_a_document_counts_as_held():
    # The notice must not say that no result holds every word typed when the first result is
    # the name the abbreviations stand for ("ubnd tp hải phòng").
    add("Ủy ban nhân dân thành phố Hải Phòng", "Cơ quan hành chính nhà nước của thành phố.")
    add("Cảng Hải Phòng", "Cảng biển.")
    results = queries.search("ubnd tp hải phòng", ANON)
    assert results.hits[0].document.title == "Ủy ban nhân dân thành phố Hải Phòng"
    assert not results.loose
    assert not queries.search("UBND TP Hai Phong", ANON).loose
    assert queries.search("ubnd tp hải phòng cảng biển", ANON).loose  # "cảng biển" is elsewhere


def test_parsing_keeps_what_an_abbreviation_stands_for_apart():
    query = parse("HĐND và UBND tp")
    assert [w.accented for w in query.words] == ["hđnd", "và", "ubnd", "tp"]
    assert {a: [w.accented for w in e] for a, e in query.expansions.items()} == {
        "hdnd": ["hội", "đồng", "nhân", "dân"],
        "ubnd": ["ủy", "ban", "nhân", "dân"],
        "tp": ["thành", "phố"],
    }
    assert list(query.expansions) == ["hdnd", "ubnd", "tp"]  # in the order typed
    assert ("uy", "ban") in query.pairs() and ("dan", "uy") not in query.pairs()
