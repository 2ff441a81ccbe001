"""The learned cut of sentences into commitments (``drafting.segmenter``)."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import call_command

from hoptac.programmes.drafting import propose, segmenter

pytestmark = pytest.mark.backend_neutral


def test_the_gold_tags_follow_the_labelling_convention_of_a_shared_head():
    # The labelled README: the parties as subject dropped, a shared head repeated.
    sentence = "Hai bên phối hợp: quảng bá du lịch; đào tạo nguồn nhân lực."
    tags = segmenter.gold_tags(
        sentence, ["Phối hợp quảng bá du lịch.", "Phối hợp đào tạo nguồn nhân lực."]
    )
    assert tags == ["O", "O", "H", "H", "B", "I", "I", "I", "B", "I", "I", "I", "I"]
    assert segmenter.pieces(sentence, tags) == [
        "Phối hợp quảng bá du lịch",
        "Phối hợp đào tạo nguồn nhân lực",
    ]


def test_two_promises_in_one_sentence_are_two_runs_and_no_head():
    sentence = "Sở Du lịch tổ chức hội chợ du lịch và Sở Công Thương xây dựng chợ đêm."
    tags = segmenter.gold_tags(
        sentence, ["Sở Du lịch tổ chức hội chợ du lịch.", "Sở Công Thương xây dựng chợ đêm."]
    )
    assert "H" not in tags and tags.count("B") == 2
    assert tags[tags.index("B", 1) - 1] == "O"  # "và" joins, it belongs to neither
    assert segmenter.pieces(sentence, tags) == [
        "Sở Du lịch tổ chức hội chợ du lịch",
        "Sở Công Thương xây dựng chợ đêm",
    ]


def test_shared_words_after_the_items_close_each_of_them():
    sentence = "Hai bên tổ chức hội chợ, xây dựng tour trong năm 2026."
    tags = ["O", "O", "B", "I", "I", "I", "B", "I", "I", "H", "H", "H"]
    assert segmenter.pieces(sentence, tags) == [
        "Tổ chức hội chợ trong năm 2026",
        "Xây dựng tour trong năm 2026",
    ]


def test_the_fit_is_deterministic_and_learns_the_tags():
    examples = [(["bias", f"w:{w}"], tag) for w, tag in [("a", "O"), ("b", "B"), ("c", "I")] * 20]
    first = segmenter.fit(examples, l2=0.1, steps=200)
    assert first == segmenter.fit(examples, l2=0.1, steps=200)
    model = segmenter.Segmenter(first)
    for word, tag in (("a", "O"), ("b", "B"), ("c", "I")):
        scores = model.scores(["bias", f"w:{word}"])
        assert segmenter.TAGS[scores.index(max(scores))] == tag


def test_the_uses_combine_the_rules_and_the_cut():
    ruled = {"s1": ["A và B"], "s3": ["C"]}
    cuts = {"s1": ["A", "B"], "s2": ["D"], "s3": ["C1"]}
    assert segmenter.combine("rules", ruled, cuts) == ["A và B", "C"]
    assert segmenter.combine("segmenter", ruled, cuts) == ["A", "B", "D", "C1"]
    # More pieces than the rules: the cut; as many: the rules.
    assert segmenter.combine("replace", ruled, cuts) == ["A", "B", "C"]
    assert segmenter.combine("add", ruled, cuts) == ["A và B", "D", "C"]
    assert segmenter.combine("replace+add", ruled, cuts) == ["A", "B", "D", "C"]


def test_the_shipped_segmenter_names_its_parts_and_use():
    data = json.loads(segmenter.MODEL.read_text(encoding="utf-8"))
    assert "heldout6" not in data["parts"] and "heldout5" in data["parts"]
    assert data["use"] in segmenter.USES and data["tags"] == list(segmenter.TAGS)


def test_the_shipped_segmenter_cuts_invented_sentences():
    model = segmenter._shipped()
    semicolon = (
        "Hai bên sẽ phối hợp tổ chức lễ hội ẩm thực đường phố; xây dựng bộ tiêu chí "
        "chợ đêm văn minh."
    )
    assert model.cut(semicolon) == [
        "Phối hợp tổ chức lễ hội ẩm thực đường phố",
        "Xây dựng bộ tiêu chí chợ đêm văn minh",
    ]
    news = "Sáng 12/3, đoàn công tác của thành phố đã thăm Khu công nghệ cao."
    assert model.cut(news) == []


def test_without_the_model_drafting_keeps_the_rules_cut():
    with segmenter.disabled():
        assert segmenter.model() is None
        assert segmenter.choose([("A", False)], "A; B; C.") is None
    assert segmenter.model() is not None


@pytest.mark.django_db
@pytest.mark.parametrize("joined", ["; ", " và sẽ "])
def test_two_promises_in_one_sentence_are_two_proposals(vocabulary, joined):
    text = (
        "THỎA THUẬN HỢP TÁC\n\nHai bên sẽ phối hợp tổ chức lễ hội ẩm thực đường phố hằng năm"
        f"{joined}xây dựng bộ tiêu chí chợ đêm văn minh trong năm 2026."
    )
    texts = [p.text for p in propose(text)]
    assert len(texts) == 2, texts
    assert "lễ hội ẩm thực" in texts[0] and "chợ đêm văn minh" in texts[1]


@pytest.mark.django_db
def test_retraining_gives_the_shipped_segmenter(vocabulary):
    out = StringIO()
    call_command("train_drafting_segmenter", "--check", stdout=out, stderr=StringIO())
    assert "gives the shipped segmenter" in out.getvalue()
