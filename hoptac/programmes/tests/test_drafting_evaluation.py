"""The labelled set and the evaluate_drafting command that scores drafting against it."""

from __future__ import annotations

import json
from datetime import date
from io import StringIO

import pytest
from django.core.management import call_command

from hoptac.core.models import CooperationField
from hoptac.programmes.drafting import Proposal
from hoptac.programmes.drafting.subjects import promise_body
from hoptac.programmes.management.commands.evaluate_drafting import (
    HELD_OUT,
    HELD_OUT_PARTS,
    PARTS,
    SEEN,
    SEGMENTER_PARTS,
    TRAINING_PARTS,
    align,
    body_similarity,
    evaluate,
    labelled_documents,
    normalised_name,
    score,
    similarity,
)

from .drafting_support import DATA, GOLD

pytestmark = [pytest.mark.django_db, pytest.mark.backend_neutral]


def test_similarity_is_a_jaccard_of_folded_syllables():
    assert similarity("Quản lý thuế.", "quan ly thue") == 1.0
    assert similarity("quản lý thuế", "quản lý đất đai") == pytest.approx(2 / 5)


def test_the_body_measure_scores_the_promise_whatever_the_subject_convention():
    # Decision 0019: the labels of heldout4 on keep the parties as subject, resolved to names;
    # the earlier ones and the proposals drop them. The same promise matches either way.
    named = (
        "Đại học Quốc gia Thành phố Hồ Chí Minh và Viện Hàn lâm Khoa học Việt Nam phối hợp tổ "
        "chức hội thảo khoa học."
    )
    for proposal in (
        "Phối hợp tổ chức hội thảo khoa học.",
        "Hai bên thống nhất phối hợp tổ chức hội thảo khoa học.",
    ):
        assert similarity(proposal, named) < 0.6  # the old measure: no match
        assert body_similarity(proposal, named) == 1.0
    assert align(["Phối hợp tổ chức hội thảo khoa học."], [named], measure="body") == [(0, 0, 1.0)]
    assert align(["Phối hợp tổ chức hội thảo khoa học."], [named]) == []


def test_the_body_measure_still_fails_a_wrong_promise():
    subject = "Sở Văn hóa, Thể thao và Du lịch hai tỉnh Bình Thuận và Tuyên Quang"
    right, wrong = f"{subject} trao đổi đoàn.", f"{subject} ký kết hợp tác."
    # Another act under the same long subject: the old measure matched it on the subject alone.
    assert similarity(wrong, right) >= 0.6
    assert body_similarity(wrong, right) < 0.6
    assert align([wrong], [right], measure="body") == []
    # A bare field for its shared head, a fragment, another act: no match either way.
    gold = "Hà Nội và Bắc Kinh tăng cường hợp tác về y tế."
    for proposal in ("Y tế.", "Hai bên tăng cường hợp tác.", "Hai bên tổ chức hội chợ y tế."):
        assert body_similarity(proposal, gold) < 0.6, proposal
    # A promise with no subject is compared as it stands, less the agreeing verb.
    assert body_similarity("Thống nhất tổ chức hội chợ.", "Tổ chức hội chợ.") == 1.0
    # A verbless list item has no subject to drop ("Văn hóa, ẩm thực và du lịch.").
    assert body_similarity("Văn hóa, ẩm thực và du lịch.", "Du lịch.") < 0.6
    # Nor the first item of a list before a comma ("Quy hoạch, kêu gọi đầu tư").
    assert promise_body("Quy hoạch, kêu gọi đầu tư.") == "Quy hoạch, kêu gọi đầu tư."
    assert promise_body(
        "UBND tỉnh Bắc Kạn, phối hợp với UBND tỉnh Tuyên Quang tiếp thu ý kiến."
    ) == ("phối hợp với UBND tỉnh Tuyên Quang tiếp thu ý kiến.")


def test_the_body_measure_drops_an_institution_named_with_an_adjective_or_of_a_place():
    # Decision 0019's measure, a bug fixed on 2026-12-07 (helper h6/draft2): an adjective inside
    # an institution's name ("hữu nghị") or "của" before a place read the subject as a clause, so
    # the label was compared whole with a proposal without its subject. Invented sentences.
    for subject in (
        "Liên hiệp Các tổ chức hữu nghị tỉnh Lào Cai",
        "Trung tâm Y tế huyện Mường Khương và bệnh viện bạn của huyện Hà Khẩu",
    ):
        label = f"{subject} tổ chức giao lưu thanh niên biên giới."
        assert promise_body(label) == "tổ chức giao lưu thanh niên biên giới."
        assert body_similarity("Tổ chức giao lưu thanh niên biên giới.", label) == 1.0
    # Still a clause, kept whole: an adjective that ends the words before the verb, an adjective
    # or "của" inside a list ("Các Sở, ban ngang Sở, đơn vị thuộc tỉnh" is read up to "thuộc").
    for sentence in (
        "Quan hệ hai bên tốt đẹp phát triển mạnh mẽ.",
        "Các Sở, ban ngang Sở, đơn vị thuộc tỉnh xây dựng kế hoạch.",
        "Các Sở, cơ quan của tỉnh Lào Cai, đơn vị thuộc tỉnh xây dựng kế hoạch.",
        "Ổn định đời sống của Nhân dân địa phương, bảo đảm yêu cầu phát triển.",
    ):
        assert promise_body(sentence) == sentence


LABELS = {"commitment", "framing", "attribute", "heading", "context"}


def test_labelled_set_has_a_development_part_and_a_held_out_test_part():
    dev, test = labelled_documents("dev"), labelled_documents("test")
    assert dev[0].gold == GOLD
    assert len(test) >= 7
    written = [p for p in (DATA / "labelled").glob("*/*.json") if "paragraphs" in p.read_text()]
    assert len(written) >= 15  # agreements labelled sentence by sentence
    for document in dev + test:
        assert document.gold
        assert all({"p", "fields", "text"} <= set(g) for g in document.gold)
    for path in written:
        labels = json.loads(path.read_text(encoding="utf-8"))
        sentences = [s for paragraph in labels["paragraphs"] for s in paragraph]
        assert {s["label"] for s in sentences} <= LABELS, path.name
        assert all(bool(s.get("commitments")) == (s["label"] == "commitment") for s in sentences)


def test_held_out_parts_are_published_text_with_their_source_and_only_scored_by_name(
    vocabulary,
):
    # Both parts in one test: the evaluation of every part is the same for both (it was run
    # once per part, drafting every document twice).
    out = StringIO()
    call_command("evaluate_drafting", "--json", "--part", "all", stdout=out)
    scored = json.loads(out.getvalue())["parts"]
    for part, documents, commitments in (("heldout", 10, 60), ("heldout2", 6, 50)):
        held_out = labelled_documents(part)
        assert len(held_out) >= documents, part
        assert sum(len(document.gold) for document in held_out) >= commitments, part
        for path in (DATA / "labelled" / part).glob("*.json"):
            assert json.loads(path.read_text(encoding="utf-8"))["source"].startswith("http")
        assert part not in scored


def test_the_new_held_out_part_shares_no_source_with_the_first():
    def sources(part):
        return {
            json.loads(p.read_text(encoding="utf-8"))["source"].split()[0]
            for p in (DATA / "labelled" / part).glob("*.json")
        }

    assert not sources("heldout") & sources("heldout2")


def test_development_part_scores_as_measured(vocabulary):
    total = evaluate(labelled_documents("dev"))["total"]
    # Measured (clause analysis, field profiles, directory, dates): P 0.956, R 0.974, exact
    # field set 0.868, lead 35/35, deadline 19/19 (keyword rules before: 0.867, 0.839, 0.777,
    # 8/21, 0/10). Since four published reports joined the part (2026-12-05, 172 commitments):
    # P 0.935, R 0.924, exact field set 0.855, lead 36/36, deadline 19/19.
    assert total["precision"] >= 0.92
    assert total["recall"] >= 0.91
    assert total["field_exact_rate"] >= 0.84
    assert total["lead_accuracy"] >= 0.95
    assert total["due_accuracy"] >= 0.95


def test_evaluate_drafting_prints_precision_and_recall(vocabulary):
    out = StringIO()
    call_command("evaluate_drafting", stdout=out)
    table = out.getvalue()
    assert "2138-TB/TU (seed)" in table
    assert "[dev]" in table and "[test]" in table
    assert "TOTAL" in table
    header = next(line for line in table.splitlines() if line.startswith("document"))
    assert " P " in header and " R " in header and "lead" in header and "due" in header
    assert "10-page agreement" in table

    out = StringIO()
    call_command("evaluate_drafting", "--json", stdout=out)
    result = json.loads(out.getvalue())
    assert result["threshold"] == 0.6
    assert set(result["parts"]) == {"dev", "test"}
    assert {
        "precision",
        "recall",
        "field_exact_rate",
        "lead_accuracy",
        "due_accuracy",
        "recurrence_accuracy",
    } <= set(result["parts"]["test"]["total"])
    assert result["timing"]["pages"] == 10


def test_evaluate_drafting_needs_the_fields():
    with pytest.raises(Exception, match="load_demo"):
        call_command("evaluate_drafting", stdout=StringIO())


def test_the_held_out_part_proper_is_read_in_the_published_format_and_never_by_default(
    vocabulary, tmp_path
):
    # A stand-in folder: the real held-out part is not read by these tests.
    if HELD_OUT is None:
        pytest.skip("no held-out part is named")
    folder = tmp_path / "labelled" / HELD_OUT
    with pytest.raises(FileNotFoundError):
        labelled_documents(HELD_OUT, data=tmp_path)
    folder.mkdir(parents=True)
    sentence = {
        "s": "Hai bên trao đổi kinh nghiệm về cải cách hành chính.",
        "label": "commitment",
        "commitments": [
            {
                "text": "Trao đổi kinh nghiệm về cải cách hành chính.",
                "fields": ["cai-cach-hanh-chinh"],
                "lead_named": "Sở Nội vụ",
            }
        ],
    }
    labels = {
        "reference": "x",
        "source": "https://example.org/x",
        "parties": [],
        "paragraphs": [
            [{"s": "Hai tỉnh ký kết thỏa thuận hợp tác.", "label": "context"}],
            [sentence],
        ],
    }
    (folder / "one.json").write_text(json.dumps(labels, ensure_ascii=False), encoding="utf-8")
    (document,) = labelled_documents(HELD_OUT, data=tmp_path)
    assert document.gold[0]["lead_named"] == "Sở Nội vụ" and document.gold[0]["p"] == 2
    assert HELD_OUT not in SEEN and "heldout2" in SEEN
    out = StringIO()
    call_command("evaluate_drafting", "--json", stdout=out)
    assert set(json.loads(out.getvalue())["parts"]) == {"dev", "test"}


# The keys a commitment label may carry (the README's format) and the rhythms it may name.
COMMITMENT_KEYS = {"text", "fields", "lead", "lead_named", "partners", "due", "recurrence"}
RECURRENCES = {"monthly", "quarterly", "half-yearly", "yearly", "biennial", "triennial"}


def _published_part_problems(folder, codes: set[str], elsewhere: set[str]) -> tuple[list, int]:
    """What is wrong with a folder of published, sentence-labelled texts, read as JSON alone
    (never split or drafted), and how many commitments it holds."""
    problems, commitments, sources = [], 0, set()
    for path in sorted(folder.glob("*.json")):
        labels = json.loads(path.read_text(encoding="utf-8"))
        if not {"reference", "source", "parties", "paragraphs"} <= set(labels):
            problems.append((path.name, "keys"))
            continue
        source = labels["source"].split()[0] if labels["source"].strip() else ""
        if not source.startswith("http") or source in elsewhere or source in sources:
            problems.append((path.name, f"source {source!r}"))
        sources.add(source)
        for sentence in (s for paragraph in labels["paragraphs"] for s in paragraph):
            if sentence["label"] not in LABELS:
                problems.append((path.name, f"label {sentence['label']!r}"))
            if bool(sentence.get("commitments")) != (sentence["label"] == "commitment"):
                problems.append((path.name, f"commitments on {sentence['label']}"))
            for commitment in sentence.get("commitments", []):
                commitments += 1
                if not commitment.get("text") or not set(commitment) <= COMMITMENT_KEYS:
                    problems.append((path.name, "commitment keys"))
                if not set(commitment.get("fields", [None])) <= codes:
                    problems.append((path.name, f"fields {commitment.get('fields')}"))
                if commitment.get("recurrence", "yearly") not in RECURRENCES:
                    problems.append((path.name, f"recurrence {commitment['recurrence']!r}"))
                try:
                    if "due" in commitment:
                        date.fromisoformat(commitment["due"])
                except ValueError:
                    problems.append((path.name, f"due {commitment['due']!r}"))
    return problems, commitments


def _sources_outside(part: str) -> set[str]:
    others = [p for p in (DATA / "labelled").glob("*/*.json") if p.parent.name != part]
    sources = (json.loads(p.read_text(encoding="utf-8")).get("source", "") for p in others)
    return {source.split()[0] for source in sources if source.strip()}


@pytest.mark.parametrize("part", HELD_OUT_PARTS)
def test_the_held_out_folder_is_in_the_published_format_read_as_json_alone(vocabulary, part):
    # Only the files' shape: the part is not loaded through the method (not split, not drafted),
    # so that nobody sees how drafting does on it before the lead scores it.
    folder = DATA / "labelled" / part
    if not folder.is_dir():
        pytest.skip(f"{part} is not committed yet")
    codes = set(CooperationField.objects.values_list("code", flat=True))
    problems, commitments = _published_part_problems(folder, codes, _sources_outside(part))
    assert problems == []
    # (25 documents until heldout12; heldout13 has 23, longer ones: 327 commitments)
    assert len(list(folder.glob("*.json"))) >= 20
    assert commitments >= 100


def test_the_published_format_check_finds_what_is_wrong(vocabulary, tmp_path):
    # The check above can fail: a reused source, an unknown label, a commitment on a context
    # sentence, a field outside the vocabulary, a date that is not ISO and an unknown rhythm.
    codes = set(CooperationField.objects.values_list("code", flat=True))
    used = sorted(_sources_outside(HELD_OUT))[0]
    wrong = {
        "reference": "x",
        "source": used,
        "parties": [],
        "paragraphs": [
            [
                {"s": "a", "label": "promise"},
                {"s": "b", "label": "context", "commitments": [{"text": "b", "fields": []}]},
                {
                    "s": "c",
                    "label": "commitment",
                    "commitments": [
                        {"text": "c", "fields": ["du-lich"], "due": "30/6/2027"},
                        {"text": "d", "fields": [], "recurrence": "sometimes"},
                    ],
                },
            ]
        ],
    }
    (tmp_path / "wrong.json").write_text(json.dumps(wrong, ensure_ascii=False), encoding="utf-8")
    problems, commitments = _published_part_problems(tmp_path, codes, {used})
    kinds = {kind.split()[0] for _, kind in problems}
    assert kinds == {"source", "label", "commitments", "fields", "due", "recurrence"}
    assert commitments == 3


def test_a_lead_the_directory_lacks_is_scored_by_its_normalised_name():
    assert (
        normalised_name("Sở Du lịch tỉnh Hà Tĩnh") == normalised_name("Sở Du lịch") == "so du lich"
    )
    assert normalised_name("Sở Nội vụ hai tỉnh") == "so noi vu"
    assert normalised_name("Sở Văn hóa, Thể thao và Du lịch") == "so van hoa the thao va du lich"
    gold = [{"text": "Trao đổi kinh nghiệm về du lịch.", "fields": [], "lead_named": "Sở Du lịch"}]
    right = Proposal("Trao đổi kinh nghiệm về du lịch.", 1, lead_name="Sở Du lịch")
    wrong = Proposal("Trao đổi kinh nghiệm về du lịch.", 1, lead_name="Sở Nội vụ")
    assert score([right], gold)["lead_named_right"] == 1
    counts = score([wrong], gold)
    assert (counts["lead_named_right"], counts["lead_named_gold"]) == (0, 1)


def test_the_third_to_seventeenth_held_out_parts_are_seen_and_the_last_three_are_held_out(
    vocabulary,
):
    seen = {f"heldout{n}" for n in range(3, 18)}
    assert seen <= set(SEEN)
    assert HELD_OUT == "heldout20"
    assert HELD_OUT_PARTS == ("heldout18", "heldout19", "heldout20")
    assert not set(HELD_OUT_PARTS) & {*SEEN, *TRAINING_PARTS}
    # The detector learns from every seen part (scored leave-one-part-out by lopo.py); the
    # segmenter from the parts it was built on.
    assert set(TRAINING_PARTS) == {*PARTS, *SEEN}
    assert "heldout6" not in SEGMENTER_PARTS and HELD_OUT not in SEGMENTER_PARTS
    for part in ("heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout16"):
        assert labelled_documents(part)  # development material now, read by name
    if not (DATA / "labelled" / HELD_OUT).is_dir():
        # Until the lead adds the blind part, asking for it says so instead of scoring nothing.
        from django.core.management.base import CommandError

        with pytest.raises(CommandError, match="no labelled part"):
            call_command("evaluate_drafting", "--part", HELD_OUT, stdout=StringIO())
