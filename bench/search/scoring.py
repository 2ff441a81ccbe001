"""The search benchmark's queries and measures: the latency set, the judged keyword queries
(nDCG@10, MRR), the natural questions and their quality, timing."""

from __future__ import annotations

import json
import math
import os
import random
import re
import statistics
import time
import unicodedata
from pathlib import Path

from common import HERE, QUESTIONS, XQUAD, K


# --- queries ------------------------------------------------------------------------------
def fold(text: str) -> str:
    text = text.lower().replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text) if not unicodedata.combining(c))


def latency_queries() -> list[tuple[str, str]]:
    """300 (mode, query): 150 typed with accents, the same 150 without."""
    v = json.loads((HERE / "vocabulary.json").read_text(encoding="utf-8"))
    rnd = random.Random(300)
    phrases = v["topics"] + v["bodies"] + v["provinces"]
    words = sorted({w for p in phrases for w in re.findall(r"\w+", p.lower())})
    picked: list[tuple[str, str]] = []
    picked += [("search", rnd.choice(words)) for _ in range(50)]
    for n, count in ((2, 40), (3, 30)):
        for _ in range(count):
            ws = re.findall(r"\w+", rnd.choice(phrases).lower())
            if len(ws) < n:
                ws = ws + re.findall(r"\w+", rnd.choice(v["provinces"]).lower())
            start = rnd.randint(0, max(0, len(ws) - n))
            picked.append(("search", " ".join(ws[start : start + n])))
    for _ in range(15):
        ws = re.findall(r"\w+", rnd.choice(v["topics"]).lower())
        picked.append(("search", '"' + " ".join(ws[:3]) + '"'))
    for _ in range(15):
        ws = re.findall(r"\w+", rnd.choice(v["topics"] + v["bodies"]).lower())
        n = rnd.randint(1, min(2, len(ws)))
        partial = ws[n - 1][: max(1, len(ws[n - 1]) - 1)]
        picked.append(("prefix", " ".join([*ws[: n - 1], partial])))
    return picked + [(mode, fold(q)) for mode, q in picked]


HELDOUT = "heldout"  # the held-out sets' split: scored only with ``run.py --score-heldout``
HELDOUT2 = "heldout2"  # the second held-out keyword set's, scored with the first (never alone)
KEYWORDS_HELDOUT = HERE / "judged_heldout.json"
KEYWORDS_HELDOUT2 = HERE / "judged_heldout2.json"  # the second, written 2026-12-07
CORPUS_HELDOUT = QUESTIONS / "corpus_heldout.json"
CORPUS_HELDOUT2 = QUESTIONS / "corpus_heldout2.json"  # the second, written 2026-12-06 evening
CORPUS_HELDOUT3 = QUESTIONS / "corpus_heldout3.json"  # the third, written 2026-12-07 night
CORPUS_HELDOUT4 = QUESTIONS / "corpus_heldout4.json"  # the fourth, written 2026-12-07 morning
CORPUS_HELDOUT5 = QUESTIONS / "corpus_heldout5.json"  # the fifth, written 2026-12-07 (10:00)
CORPUS_HELDOUT_SETS = (  # each reported on its own
    "corpus_heldout",
    "corpus_heldout2",
    "corpus_heldout3",
    "corpus_heldout4",
    "corpus_heldout5",
)


def corpus_heldout_path(name: str) -> Path:
    """The file of a held-out set of corpus questions (read when called, so that tests can
    point the constants elsewhere)."""
    return {
        "corpus_heldout": CORPUS_HELDOUT,
        "corpus_heldout2": CORPUS_HELDOUT2,
        "corpus_heldout3": CORPUS_HELDOUT3,
        "corpus_heldout4": CORPUS_HELDOUT4,
        "corpus_heldout5": CORPUS_HELDOUT5,
    }[name]


def keywords_heldout_path(split: str) -> Path:
    """The file of a held-out keyword set (read when called, so that tests can point the
    constants elsewhere)."""
    return {HELDOUT: KEYWORDS_HELDOUT, HELDOUT2: KEYWORDS_HELDOUT2}[split]


def keyword_splits(splits: tuple[str, ...]) -> tuple[str, ...]:
    """The keyword set's splits a run scores: ``splits``, the second held-out keyword set
    (``heldout2``) after the first wherever the held-out sets are scored."""
    return tuple(
        s for split in splits for s in ((HELDOUT, HELDOUT2) if split == HELDOUT else (split,))
    )


def judged(split: str = "dev") -> list[dict]:
    """The keyword set: every query as written and folded (without accents); every third query
    (index 2, 5, 8, …) is in the test split, scored only with ``--score-test``. The splits
    ``heldout`` and ``heldout2`` are other sets, ``judged_heldout.json`` and
    ``judged_heldout2.json`` (every query that has a relevant document), scored only with
    ``--score-heldout``."""
    if split in (HELDOUT, HELDOUT2):
        path = keywords_heldout_path(split)
        data = [it for it in json.loads(path.read_text(encoding="utf-8")) if it["rel"]]
    else:
        data = json.loads((HERE / "judged.json").read_text(encoding="utf-8"))
        data = [it for i, it in enumerate(data) if _split(i) == split]
    out = []
    for item in data:
        out.append({"q": item["q"], "rel": item["rel"], "accents": True})
        out.append({"q": fold(item["q"]), "rel": item["rel"], "accents": False, "twin": item["q"]})
    return out


def ndcg(ranked: list[str], rel: dict[str, int]) -> float:
    dcg = sum((2 ** rel.get(t, 0) - 1) / math.log2(i + 2) for i, t in enumerate(ranked[:K]))
    ideal = sorted(rel.values(), reverse=True)[:K]
    idcg = sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(ideal))
    return dcg / idcg if idcg else 0.0


def mrr(ranked: list[str], rel: dict[str, int]) -> float:
    for i, t in enumerate(ranked[:K]):
        if rel.get(t, 0) > 0:
            return 1 / (i + 1)
    return 0.0


def quality(rank, split: str = "dev") -> dict:
    """nDCG@10, MRR@10 and accent agreement of a ranking function q -> list of keys, on one
    split of the keyword set: over both forms of every query (the keyword target's measure),
    as written ("with accents", whatever the query carries), as written for the queries typed
    with accents ("typed with accents"), folded ("without accents"); and the share of queries
    answered at all as written."""
    items = judged(split)
    firsts: dict[str, str | None] = {}
    nd, rr = [], []
    accented_nd, accented_rr, answered = [], [], 0
    for item in items:
        titles = rank(item["q"])
        nd.append(ndcg(titles, item["rel"]))
        rr.append(mrr(titles, item["rel"]))
        key = item.get("twin", item["q"])
        first = titles[0] if titles else None
        if item["accents"]:
            firsts[key] = first
            answered += bool(titles)
            if fold(item["q"]) != item["q"].lower():
                accented_nd.append(nd[-1])
                accented_rr.append(rr[-1])
        else:
            firsts[key + "\x00plain"] = first
    pairs = [k for k in firsts if not k.endswith("\x00plain")]
    same = sum(1 for k in pairs if firsts[k] is not None and firsts[k] == firsts[k + "\x00plain"])
    return {
        "judged_queries": len(items),
        "ndcg_at_10": round(statistics.mean(nd), 4),
        "mrr_at_10": round(statistics.mean(rr), 4),
        "ndcg_at_10_with_accents": round(statistics.mean(nd[0::2]), 4),
        "ndcg_at_10_without_accents": round(statistics.mean(nd[1::2]), 4),
        "mrr_at_10_with_accents": round(statistics.mean(rr[0::2]), 4),
        "mrr_at_10_without_accents": round(statistics.mean(rr[1::2]), 4),
        "ndcg_at_10_typed_with_accents": _mean(accented_nd),
        "mrr_at_10_typed_with_accents": _mean(accented_rr),
        "answered": round(answered / len(pairs), 4),
        "same_first_result_without_accents": round(same / len(pairs), 4),
    }


def _mean(values: list[float]) -> float | None:
    return round(statistics.mean(values), 4) if values else None


def keyword_quality(rank, splits: tuple[str, ...]) -> dict:
    """The dev split's figures at the top level (the table), every split under ``keywords``
    (both held-out keyword sets when the held-out sets are scored)."""
    per_split = {split: quality(rank, split) for split in keyword_splits(splits)}
    return {**per_split["dev"], "keywords": per_split}


def key_of(title: str, url: str) -> str:
    """What a judgement names: the url of a benchmark document (#corpus-…, #xquad-…), else
    the title (the demo's objects, whose urls depend on the database's ids)."""
    return url if url.startswith("#") else title


def _words(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", fold(text))) + " "


def _split(i: int) -> str:
    return "test" if i % 3 == 2 else "dev"


def question_sets(corpus: list[tuple[str, str, str]]) -> dict[str, list[dict]]:
    """Every question set, each question with its judgements and its split (dev or test).

    ``corpus``: the public benchmark documents (title, body, url) against which the questions
    about the synthetic corpus are judged (rule: every named phrase in the title = the answer,
    2; in the title and body = related, 1)."""
    sets: dict[str, list[dict]] = {}
    site = json.loads((QUESTIONS / "site.json").read_text(encoding="utf-8"))
    sets["site"] = [
        {"q": it["q"], "rel": it["rel"], "split": _split(i)} for i, it in enumerate(site)
    ]
    folded = [(url, _words(title), _words(title + " " + body)) for title, body, url in corpus]
    corpus_q = json.loads((QUESTIONS / "corpus.json").read_text(encoding="utf-8"))
    sets["corpus"] = []
    for i, it in enumerate(corpus_q):
        sets["corpus"].append(
            {"q": it["q"], "rel": judge_need(it["need"], folded), "split": _split(i)}
        )
    typed = json.loads((QUESTIONS / "xquad" / "typed.json").read_text(encoding="utf-8"))
    for name in CORPUS_HELDOUT_SETS:
        heldout = json.loads(corpus_heldout_path(name).read_text(encoding="utf-8"))
        sets[name] = [
            {"q": it["q"], "rel": judge_need(it["need"], folded), "split": HELDOUT}
            for it in heldout
        ]
    sets["xquad_typed"] = [
        {"q": it["q"], "rel": {f"#xquad-{it['rel']}": 2}, "split": _split(i)}
        for i, it in enumerate(typed)
    ]
    every = int(os.environ.get("BENCH_SEARCH_XQUAD_EVERY", "1"))  # a sample, for big corpora
    sets["xquad_original"] = [
        {"q": q, "rel": {f"#xquad-{p['id']}": 2}, "split": _split(i)}
        for i, p in enumerate(json.loads(XQUAD.read_text(encoding="utf-8")))
        for q in p["questions"]
    ][::every]
    return sets


def judge_need(need: list[str], folded: list[tuple[str, str, str]]) -> dict[str, int]:
    """The corpus questions' rule: every phrase of ``need`` in the title (folded) = the answer,
    2; in the title and body = related, 1. ``folded``: (url, title's words, title and body's)."""
    phrases = [_words(n) for n in need]
    rel = {}
    for url, t, tb in folded:
        if all(n in t for n in phrases):
            rel[url] = 2
        elif all(n in tb for n in phrases):
            rel[url] = 1
    return rel


def question_quality(rank, sets: dict[str, list[dict]], splits: tuple[str, ...]) -> dict:
    """Per set and split: nDCG@10 and MRR@10 as typed, with accents (the questions typed with
    them) and without (every question folded), and the share of questions answered at all."""
    out: dict[str, dict] = {}
    for name, items in sets.items():
        for split in splits:
            chosen = [it for it in items if it["split"] == split and it["rel"]]
            if not chosen:
                continue
            typed_nd, typed_rr, acc_nd, acc_rr, plain_nd, plain_rr = [], [], [], [], [], []
            answered = 0
            for it in chosen:
                ranked = rank(it["q"])
                answered += bool(ranked)
                typed_nd.append(ndcg(ranked, it["rel"]))
                typed_rr.append(mrr(ranked, it["rel"]))
                plain = fold(it["q"])
                if plain != it["q"].lower():
                    acc_nd.append(typed_nd[-1])
                    acc_rr.append(typed_rr[-1])
                    ranked = rank(plain)
                    plain_nd.append(ndcg(ranked, it["rel"]))
                    plain_rr.append(mrr(ranked, it["rel"]))
                else:
                    plain_nd.append(typed_nd[-1])
                    plain_rr.append(typed_rr[-1])
            out[f"{name}/{split}"] = {
                "questions": len(chosen),
                "ndcg_at_10": round(statistics.mean(typed_nd), 4),
                "mrr_at_10": round(statistics.mean(typed_rr), 4),
                "ndcg_at_10_with_accents": round(statistics.mean(acc_nd), 4) if acc_nd else None,
                "ndcg_at_10_without_accents": round(statistics.mean(plain_nd), 4),
                "mrr_at_10_with_accents": _mean(acc_rr),
                "mrr_at_10_without_accents": round(statistics.mean(plain_rr), 4),
                "answered": round(answered / len(chosen), 4),
            }
    return out


def question_latency_set(sets: dict[str, list[dict]]) -> list[tuple[str, str]]:
    """200 natural questions (dev, as typed), for the latency of question-like queries."""
    qs = [it["q"] for name in ("site", "corpus", "xquad_typed") for it in sets[name]]
    qs += [it["q"] for it in sets["xquad_original"][::10]]
    return [("search", q) for q in qs[:200]]


def timed(run, qs) -> dict:
    for _, q in qs[:20]:  # warm the caches
        run(_, q)
    times = []
    for mode, q in qs:
        started = time.perf_counter()
        run(mode, q)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    return {
        "queries": len(times),
        "p50_ms": round(times[len(times) // 2], 2),
        "p95_ms": round(times[int(len(times) * 0.95) - 1], 2),
        "max_ms": round(times[-1], 2),
    }


def cpu_sets(every: int = 3) -> dict[str, list[str]]:
    """The query sets the CPU scripts time (`cpu_ab.py`, `cpu_cold.py`): one in `every` of the
    latency keyword queries and of the natural questions, in the same order each run."""
    return {
        "keywords": [q for m, q in latency_queries() if m == "search"][::every],
        "questions": [q for _m, q in question_latency_set(question_sets([]))][::every],
    }
