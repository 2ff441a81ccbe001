"""How a query matches and ranks, the same on every backend.

The *content words* of a query are its words less the Vietnamese function and question words
("có … không", "tại sao", "như thế nào", "bị"…). Every document that holds any content word (and
every quoted phrase) matches, and the ranking decides: a question's words are rarely all in its
answer, and a document that holds most of them side by side, or in a short title, is a better
answer than one that holds all of them scattered (measured on the dev splits of the benchmark's
natural questions and keywords, 6 December 2026: requiring every word while that found 30
documents, else 40% of them, excluded such answers). The page says when no document holds every
content word.

Ranking is BM25 over the content words as SQLite FTS5's ``bm25()`` computes it (k1 1.2, b 0.75,
the idf floored at 1e-6, the title column weighted): SQLite asks FTS5, PostgreSQL computes the
same formula from the same counts, so both order the same documents the same way. Signals added
to it: a word found with the accents the user typed; adjacent typed words found side by side
(anywhere, and again in the title); each word found in the title, divided by the title's length
as BM25 divides (FTS5's bm25() normalises by the whole row, so a short title that is mostly the
query lost to long reports that repeat it). Each is weighted by how rare what it finds is: a
word in the title by how rare the word is among titles, a pair side by side by how rare the pair
is (not its words: "lâm đồng" and "an giang" are rare names made of syllables found in most
documents, whose idf is nil), an accent by how rare its word is, a title pair by how rare its
words are and how rare the pair is. Function words do not score on their own (weight 0), only
through the pairs they form ("không gian", "có thể"). A typed abbreviation of the
administration ("ubnd", "tp": ``abbreviations``) also stands for the words it abbreviates: they
are terms and make pairs as typed words do, so that "ubnd tp đà nẵng" finds "Ủy ban nhân dân
thành phố Đà Nẵng" by its title.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from .parsing import Query, Word

K1 = 1.2  # FTS5's bm25() constants, fixed in SQLite's C code
B = 0.75
IDF_FLOOR = 1e-6
TITLE_WEIGHT = 10.0  # a title word counts ten body words (keyword dev split, 100k docs: 0.85 at 4)
ACCENT = 0.3  # x idf: the word is found with the accents the user typed
PAIR = 0.5  # x the pair's idf: two typed words found side by side
TITLE_PAIR = 2.0  # x mean idf of its words: ... and in the title
TITLE_PAIR_OWN = 1.0  # + x the pair's own idf: a title pair of common syllables ("Quảng Trị",
# "lâm nghiệp") weighs as the name it is, not as its syllables (held-out corpus questions, seen,
# 7 December 2026: 0.840 -> 0.864 as typed; bench/search/README.md "Title pairs by their own idf")
TITLE_WORD = 0.5  # x the word's idf among titles: it is in the title, over the title's length
# (dev splits at 100k documents, 6 December 2026, bench/search/README.md "Title and pair
# statistics": with the words' idf over whole documents, PAIR 1.0 and TITLE_WORD 0.25, the
# corpus questions 0.905 / 0.889 / 0.898 against tantivy OR's 0.926 / 0.899 / 0.926; with the
# title and pair statistics at 0.5 and 0.5, 0.937 / 0.914 / 0.936; 0.35–0.75 of either within
# 0.01 of it)
TITLE_AVERAGE = 10.0  # words: the length at which a title word's signal is TITLE_WORD x weight
MAX_PAIRS = 16  # the rarest pairs only (a question's pairs, nearly all): each costs a check
DECIMALS = 9  # scores are compared rounded, so that float noise never reorders ties

# Function and question words, as typed with accents. Without accents a syllable is often
# ambiguous ("thi" is "thì" but also "thị" of "đô thị", "dau" is "đâu" and "đầu" of "đầu tư"),
# so only the folded forms that are rarely anything else count as function words.
FUNCTION_WORDS = frozenset(
    """có không là gì tại sao vì như thế nào bị được của và các những cho với thì mà ở đâu ai
    khi bao nhiêu hay hoặc hỏi mình tôi bạn vậy nhé ạ à ơi nhỉ chứ đã đang sẽ rồi chưa cũng vẫn
    này đó ấy trong trên về từ đến để làm nên cần phải muốn biết xin ra vào theo tới nhất rất
    lắm hơn nhau cái điều sự nhiều giúp""".split()
)
FOLDED_FUNCTION_WORDS = frozenset(
    """gi nhieu nhung cac duoc cua voi nao sao la va o ai hay toi chua roi nhat rat ra vao
    theo nhe a u oi nhi chu nay ay trong tren""".split()
)


def is_function(word: Word) -> bool:
    """A function or question word: it matches and ranks only as part of a pair."""
    if word.has_accents:
        return word.accented in FUNCTION_WORDS
    return word.folded in FOLDED_FUNCTION_WORDS


def idf(n_docs: int, df: int) -> float:
    """FTS5's idf: log((N - n + 0.5) / (n + 0.5)), never below 1e-6."""
    value = math.log((n_docs - df + 0.5) / (df + 0.5)) if n_docs else 0.0
    return value if value > 0 else IDF_FLOOR


@dataclass
class Stats:
    """What the index knows of the corpus: documents, average length, document frequencies of
    words, of words in titles (``title_df``) and of pairs of words side by side (``pair_df``)."""

    documents: int
    average_length: float
    df: dict[str, int]
    title_df: dict[str, int] = field(default_factory=dict)
    pair_df: dict[tuple[str, str], int] = field(default_factory=dict)

    def idf(self, term: str) -> float:
        return idf(self.documents, self.df.get(term, 0))

    def weight(self, term: str) -> float:
        """A signal's weight for one word: an idf that stays positive for common words
        (log(1 + (N - n + 0.5) / (n + 0.5)), Lucene's), so that a signal never vanishes."""
        return self._weight(self.df.get(term, 0))

    def title_weight(self, term: str) -> float:
        """The same idf of the word among titles: a word common in bodies but rare in titles
        (a province named in many reports, titled in few) weighs what it tells in a title."""
        return self._weight(self.title_df.get(term, 0))

    def pair_weight(self, pair: tuple[str, str]) -> float:
        """The same idf of two words side by side, from the documents that hold the pair:
        a rare pair of common words ("lâm đồng", "an giang") weighs as the name it is."""
        return self._weight(self.pair_df.get(pair, 0))

    def _weight(self, n: int) -> float:
        return math.log(1 + (self.documents - n + 0.5) / (n + 0.5))


@dataclass
class Bonus:
    """A score added when the document matches ``kind``: ``accent`` (an accented word),
    ``pair`` (two folded words side by side), ``title_pair`` (the same, in the title) or
    ``title_word`` (one word in the title: divided by ``title_norm``, so that a short title that
    is mostly the query outranks a long one that merely holds it)."""

    kind: str
    words: tuple[str, ...]
    weight: float


@dataclass
class Plan:
    """What the backends execute: the words that score, the level of matching and the bonuses."""

    terms: list[str]  # folded content words, distinct, in the order typed: they score (BM25)
    phrases: list[list[str]]  # quoted phrases (folded words): every one is required
    need: int  # how many of ``terms`` a document must hold
    bonuses: list[Bonus] = field(default_factory=list)
    stats: Stats | None = None
    typed: int | None = None  # the first ``typed`` terms are the user's, the rest expansions

    @property
    def typed_terms(self) -> list[str]:
        """The terms the user typed (without what abbreviations stand for)."""
        return self.terms if self.typed is None else self.terms[: self.typed]

    @property
    def strict(self) -> bool:
        return self.need >= len(self.terms)

    def idf(self, term: str) -> float:
        assert self.stats is not None
        return self.stats.idf(term)

    def at(self, need: int) -> Plan:
        return Plan(self.terms, self.phrases, need, self.bonuses, self.stats, self.typed)


def typed_content_words(query: Query) -> list[Word]:
    """The typed words that must match and score; all of them when every word is a function
    word."""
    content = [w for w in query.words if not is_function(w)]
    return content or list(query.words)


def content_words(query: Query) -> list[Word]:
    """The typed content words, then the words typed abbreviations stand for."""
    return typed_content_words(query) + query.expanded


def words_needed(query: Query) -> list[str]:
    """Every folded word whose document frequency the plan needs (terms and pair words)."""
    return list(dict.fromkeys(w.folded for w in query.words + query.expanded))


def pairs_needed(query: Query) -> list[tuple[str, str]]:
    """The pairs side by side whose document frequency the plan needs: those holding a
    content word."""
    kept = {w.folded for w in content_words(query)}
    return [p for p in query.pairs() if p[0] in kept or p[1] in kept]


def accents_needed(query: Query) -> list[str]:
    """The accented forms whose lists the plan's accent signals read (``plan``)."""
    kept = {w.folded for w in content_words(query)}
    return list(
        dict.fromkeys(w.accented for w in query.words if w.has_accents and w.folded in kept)
    )


def plan(query: Query, stats: Stats) -> Plan:
    """The plan at its strictest level, with the bonuses weighted by this corpus's idf."""
    typed = list(dict.fromkeys(w.folded for w in typed_content_words(query)))
    terms = list(dict.fromkeys([*typed, *(w.folded for w in query.expanded)]))
    phrases = [[w.folded for w in p] for p in query.phrases]
    bonuses: list[Bonus] = []
    kept = set(terms)
    for accented, folded in dict.fromkeys(
        (w.accented, w.folded) for w in query.words if w.has_accents and w.folded in kept
    ):
        bonuses.append(Bonus("accent", (accented,), ACCENT * stats.weight(folded)))
    for term in terms:
        bonuses.append(Bonus("title_word", (term,), TITLE_WORD * stats.title_weight(term)))
    # a pair no document holds scores nothing: left out; the rarest first
    pairs = [p for p in dict.fromkeys(pairs_needed(query)) if stats.pair_df.get(p, 0)]
    pairs.sort(key=lambda p: -stats.pair_weight(p))
    for a, b in pairs[:MAX_PAIRS]:
        own = stats.pair_weight((a, b))
        bonuses.append(Bonus("pair", (a, b), PAIR * own))
        mean = (stats.weight(a) + stats.weight(b)) / 2
        bonuses.append(Bonus("title_pair", (a, b), TITLE_PAIR * mean + TITLE_PAIR_OWN * own))
    return Plan(terms, phrases, len(terms), bonuses, stats, len(typed))


def any_word(plan: Plan) -> Plan:
    """The plan that matches: any one of its words (and every quoted phrase)."""
    return plan.at(min(1, len(plan.terms)))


def title_norm(column: str) -> str:
    """SQL (the same on both backends) of BM25's length normalisation of a title of ``column``
    words: a title word's signal is divided by it."""
    return f"(1.0 - {B} + {B} * {column} / {TITLE_AVERAGE})"


def round_score(value: float) -> float:
    return round(value, DECIMALS)


def tf_thresholds(limit: int = 256) -> list[float]:
    """Lower bounds that turn PostgreSQL's ``ts_rank`` of one word (weights all 1, no
    normalisation: sum of 1/j² over its j occurrences, divided by pi²/6) back into the count:
    the midpoints between consecutive partial sums, for ``width_bucket``."""
    sums = [0.0]
    for j in range(1, limit + 1):
        sums.append(sums[-1] + 1 / (j * j))
    return [(sums[k - 1] + sums[k]) / 2 for k in range(1, limit + 1)]
