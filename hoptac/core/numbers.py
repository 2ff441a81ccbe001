"""Numbers and money as people read them: the one formatter for every page, export and report.

Vietnamese notation groups thousands with a dot and marks decimals with a comma (1.234,5);
English the other way round (1,234.5). Every function follows the active language unless it is
given one (`language="vi"` for a document that is Vietnamese whatever the reader's page, such as
the review report), so that all figures on one page, and on one line, read alike.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.utils.translation import gettext_lazy

from .bilingual import is_english

DASH = "–"


def _separators(language: str | None) -> tuple[str, str]:
    """(thousands, decimal) for the language."""
    return (",", ".") if is_english(language) else (".", ",")


def group(value: Any, language: str | None = None) -> str:
    """A whole number with its thousands grouped: 1234567 → "1.234.567" ("1,234,567" in English)."""
    thousands, _ = _separators(language)
    whole = int(Decimal(value))
    sign = "-" if whole < 0 else ""
    return sign + f"{abs(whole):,}".replace(",", thousands)


def number(value: Any, places: int = 0, language: str | None = None) -> str:
    """A number with `places` decimals (rounded half up): 1234.56 → "1.234,6" at one place;
    "" for None or ""."""
    if value in (None, ""):
        return ""
    thousands, decimal = _separators(language)
    amount = Decimal(str(value)).quantize(Decimal(1).scaleb(-int(places)), rounding=ROUND_HALF_UP)
    text = f"{amount:,.{int(places)}f}"
    return text.replace(",", "\0").replace(".", decimal).replace("\0", thousands)


def percent(ratio: float | Decimal | None, digits: int = 1, language: str | None = None) -> str:
    """A ratio as a percentage with at most `digits` decimals, trailing zeros dropped:
    0.857 → "85,7%", 1.0 → "100%"; None → "–"."""
    if ratio is None:
        return DASH
    text = f"{float(ratio) * 100:.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    whole, _, fraction = text.partition(".")
    _, decimal = _separators(language)
    grouped = group(int(whole), language)
    if whole.startswith("-") and not grouped.startswith("-"):  # "-0.4" keeps its sign
        grouped = "-" + grouped
    return f"{grouped}{decimal}{fraction}%" if fraction else f"{grouped}%"


# --- Money -------------------------------------------------------------------------------------


def vnd(value: Any, language: str | None = None) -> str:
    """1234567 → "1.234.567 ₫" ("1,234,567 ₫" on an English page, like the US$ amount beside it)."""
    if value in (None, ""):
        return ""
    return f"{group(value, language)} ₫"


def usd(value: Any, language: str | None = None) -> str:
    """98425197 → "US$ 98,425,197" on an English page ("US$ 98.425.197" on a Vietnamese one)."""
    if value in (None, ""):
        return ""
    return f"US$ {group(value, language)}"


SCALES = (
    (10**12, gettext_lazy("VND %(amount)s trillion")),
    (10**9, gettext_lazy("VND %(amount)s billion")),
    (10**6, gettext_lazy("VND %(amount)s million")),
)


def vnd_in_words(amount: Any, language: str | None = None) -> tuple[str, str]:
    """A large amount the way people say it, as words with an %(amount)s placeholder and the
    amount (at most two decimals, rounded half up, trailing zeros dropped): "%(amount)s nghìn tỷ
    đồng" and "10,35". Below a million, the exact amount as `vnd` writes it."""
    amount = Decimal(amount)
    for unit, words in SCALES:
        scaled = (amount / unit).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
        if abs(scaled) >= 1:  # 999,999,999,999 is "1 trillion", not "1,000 billion"
            places = 0 if scaled == scaled.to_integral() else (1 if scaled * 10 % 1 == 0 else 2)
            return str(words), number(scaled, places, language)
    return "%(amount)s ₫", group(amount, language)


def vnd_words(value: Any, language: str | None = None) -> str:
    """ "10,35 nghìn tỷ đồng", "VND 10.35 trillion"; "" for None or ""."""
    if value in (None, ""):
        return ""
    words, amount = vnd_in_words(value, language)
    return words % {"amount": amount}
