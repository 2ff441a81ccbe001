"""The learned drafting detector: its fit, its shipped model, and how it reads invented text."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import call_command

from hoptac.programmes.drafting import Proposal, detector, draft, propose, training

pytestmark = pytest.mark.backend_neutral


def test_the_fit_is_deterministic_and_learns_what_separates_the_examples():
    examples = [
        (["bias", "cue:future", "w:to", "w:chuc"], True),
        (["bias", "cue:future", "w:trao", "w:doi"], True),
        (["bias", "cue:future", "w:hoi", "w:nghi"], True),
        (["bias", "cue:past", "w:to", "w:chuc"], False),
        (["bias", "cue:past", "w:ky", "w:ket"], False),
        (["bias", "cue:past", "w:hoi", "w:nghi"], False),
    ]
    first, second = training.fit(examples, l2=1.0), training.fit(list(examples), l2=1.0)
    assert first == second
    assert first["cue:future"] > 0 > first["cue:past"]
    model = detector.Model(first, 0.5)
    assert model.probability(["bias", "cue:future", "w:to"]) > 0.5
    assert model.probability(["bias", "cue:past", "w:to"]) < 0.5
    # A feature seen once is left out (MIN_COUNT), and so carries no weight.
    assert "w:trao" not in training.fit([*examples, (["bias", "w:la"], True)], l2=1.0)


def test_a_detector_blind_to_the_rules_learns_without_their_verdict():
    row = training.Candidate("dev", "dev/x", Proposal("Hai bên phối hợp.", 1), ["bias", "rule"])
    assert training.commitment_examples([row]) == [(["bias", "rule"], False)]
    assert training.commitment_examples([row], blind=True) == [(["bias"], False)]


def test_the_detector_reads_how_a_sentence_opens_and_how_dense_its_document_is():
    item = Proposal("Phối hợp tổ chức hội chợ.", 3, source="- Phối hợp tổ chức hội chợ.")
    said = Proposal(
        "Hai bên phối hợp tổ chức hội chợ.",
        3,
        source="Ông Nguyễn Văn A cho biết hai bên phối hợp tổ chức hội chợ.",
    )
    item_names = detector.features(item, 10, None)
    said_names = detector.features(said, 10, None)
    assert "item" in item_names and "item" not in said_names
    assert "S0:ong" in said_names and "S01:ong_nguyen" in said_names
    assert any(n.startswith("slen:") for n in said_names)
    # How many promises the rules read per paragraph, the finer cuts and other candidates aside.
    promises = [Proposal("A.", 1), Proposal("B.", 2), Proposal("C.", 2, rule=False)]
    assert detector.document_features(promises, 10) == ["doc_density:1"]
    assert detector.document_features([*promises, Proposal("D.", 3, fine=True)], 2) == [
        "doc_density:4"
    ]
    assert "doc_density:1" in detector.features(item, 10, None, ["doc_density:1"])


def _piece(text: str, group: int, *, fine: bool = False, rule: bool = True) -> Proposal:
    return Proposal(text, 1, group=group, fine=fine, rule=rule and not fine)


def test_a_piece_or_its_finer_cut_is_kept_whichever_gains_more():
    whole = _piece("Hợp tác trong lĩnh vực du lịch, văn hóa.", 0)
    cuts = [_piece("Hợp tác du lịch.", 0, fine=True), _piece("Hợp tác văn hóa.", 0, fine=True)]
    other = _piece("Tổ chức hội nghị sơ kết.", 1)
    proposals = [whole, *cuts, other]
    # The cut is likelier, piece by piece, than the whole: the cut is kept.
    assert detector.decide(proposals, [0.6, 0.9, 0.8, 0.7], 0.5, 0.5) == [
        False,
        True,
        True,
        True,
    ]
    # The cut is unlikely: the whole is kept. Candidates the rules did not read need ``added``.
    assert detector.decide(proposals, [0.9, 0.3, 0.2, 0.7], 0.5, 0.5) == [
        True,
        False,
        False,
        True,
    ]
    assert detector.decide(proposals, [0.9, 0.95, 0.95, 0.7], 0.5, 1.01) == [
        True,
        False,
        False,
        True,
    ]
    # Below the rules' bar a promise of the rules is dropped.
    assert detector.decide(proposals, [0.9, 0.1, 0.1, 0.1], 0.2, 1.01) == [
        True,
        False,
        False,
        False,
    ]


def test_the_shipped_model_names_its_parts_and_thresholds():
    data = json.loads(detector.MODEL.read_text(encoding="utf-8"))
    assert set(data["parts"]) >= {"dev", "test", "heldout", "heldout5"}
    for key in ("commitments", "fields"):
        assert data[key]["weights"] and 0 <= data[key]["threshold"] <= 1
    assert data["commitments"]["added"] >= data["commitments"]["threshold"]


INVENTED = """THỎA THUẬN HỢP TÁC GIỮA HAI THÀNH PHỐ

Sáng 12/3, đoàn công tác của thành phố đã thăm và làm việc tại Khu công nghệ cao.

Hai bên thống nhất hợp tác trên các lĩnh vực sau:

1. Sở Nội vụ hai thành phố phối hợp đẩy mạnh cải cách thủ tục hành chính, trao đổi kinh \
nghiệm giải quyết hồ sơ trực tuyến toàn trình trong năm 2026.

2. Sở Tài chính chủ trì xây dựng cơ chế hỗ trợ doanh nghiệp khởi nghiệp sáng tạo.

Phát biểu tại buổi lễ, Chủ tịch Ủy ban nhân dân thành phố cảm ơn sự đón tiếp chu đáo."""


@pytest.mark.django_db
def test_the_detector_reads_invented_text(vocabulary):
    proposals = propose(INVENTED)
    texts = [p.text for p in proposals]
    # The two promises of the first item apart, the second item; no news, framing or thanks.
    assert len(proposals) == 3, texts
    administrative, online, startups = proposals
    assert "cải cách thủ tục hành chính" in administrative.text
    # The second promise of the item carries the department that opens it.
    assert online.text.startswith("Sở Nội vụ hai thành phố trao đổi kinh nghiệm")
    assert online.due == dt.date(2026, 12, 31)
    assert "cai-cach-hanh-chinh" in administrative.fields
    assert "khoi-nghiep" in startups.fields or "ho-tro-doanh-nghiep" in startups.fields
    commitments = detector.model()
    for proposal in proposals:
        assert proposal.confidence >= commitments.threshold
    # Every candidate, the news and the thanks included, has a chance; those two are unlikely.
    candidates = draft(INVENTED, candidates=True).proposals
    chances = {p.text: p.confidence for p in candidates}
    news = [c for t, c in chances.items() if "đã thăm" in t]
    thanks = [c for t, c in chances.items() if "cảm ơn" in t]
    assert news and thanks
    assert max(news + thanks) < min(p.confidence for p in proposals)
    assert all(c < commitments.added for c in news + thanks)


@pytest.mark.django_db
def test_retraining_on_the_labelled_set_gives_the_shipped_model(vocabulary):
    out = StringIO()
    call_command("train_drafting_detector", "--check", stdout=out, stderr=StringIO())
    assert "gives the shipped model" in out.getvalue()


@pytest.mark.django_db
def test_refit_retrains_with_the_shipped_settings_without_cross_validating(
    vocabulary, tmp_path, monkeypatch
):
    """After a change of the candidates the models are refitted with the settings the last
    cross-validation chose (minutes), not chosen again (three quarters of an hour)."""
    from hoptac.programmes.management.commands import train_drafting_detector as command

    shipped = json.loads(detector.MODEL.read_text(encoding="utf-8"))
    stale = dict(shipped, parts=["stale"])
    stale["commitments"] = dict(shipped["commitments"], weights={"bias": 9.0})
    model = tmp_path / "drafting_detector.json"
    model.write_text(json.dumps(stale), encoding="utf-8")
    monkeypatch.setattr(detector, "MODEL", model)
    monkeypatch.setattr(command, "TRAINING_PARTS", ("dev", "test"))  # quick: two small parts
    detector.models.cache_clear()
    out = StringIO()
    call_command("train_drafting_detector", "--refit", stdout=out, stderr=StringIO())
    refitted = json.loads(model.read_text(encoding="utf-8"))
    assert refitted["parts"] == ["dev", "test"]
    for key in ("l2", "threshold", "added"):
        assert refitted["commitments"][key] == shipped["commitments"][key]
    assert refitted["fields"]["l2"] == shipped["fields"]["l2"]
    assert refitted["fields"]["threshold"] == shipped["fields"]["threshold"]
    assert refitted["commitments"]["weights"] != {"bias": 9.0}
    assert "refitted" in out.getvalue() and "Leave one part out" not in out.getvalue()
    out = StringIO()
    call_command("train_drafting_detector", "--check", stdout=out, stderr=StringIO())
    assert "gives the shipped model" in out.getvalue()
    detector.models.cache_clear()
