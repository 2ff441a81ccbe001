"""TrueType families that cover Vietnamese, registered once with reportlab (every PDF Hoptac draws).

Helvetica and Times, reportlab's built-in fonts, drop Vietnamese diacritics.

Liberation Serif has the metrics of Times New Roman (the font Decree 30 prescribes), so a PDF set
in it breaks lines where Word would with Times New Roman; the DOCX builder measures its short
rules with the same metrics. DejaVu Serif is the fallback (wider, but complete).
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

FAMILY = "HoptacSerif"
SANS = "HoptacSans"

_CANDIDATES = [
    (
        Path("/usr/share/fonts/truetype/liberation2"),
        {
            "": "LiberationSerif-Regular.ttf",
            "B": "LiberationSerif-Bold.ttf",
            "I": "LiberationSerif-Italic.ttf",
            "BI": "LiberationSerif-BoldItalic.ttf",
        },
    ),
    (
        Path("/usr/share/fonts/truetype/liberation"),
        {
            "": "LiberationSerif-Regular.ttf",
            "B": "LiberationSerif-Bold.ttf",
            "I": "LiberationSerif-Italic.ttf",
            "BI": "LiberationSerif-BoldItalic.ttf",
        },
    ),
    (
        Path("/usr/share/fonts/truetype/dejavu"),
        {
            "": "DejaVuSerif.ttf",
            "B": "DejaVuSerif-Bold.ttf",
            "I": "DejaVuSerif-Italic.ttf",
            "BI": "DejaVuSerif-BoldItalic.ttf",
        },
    ),
]


_SANS_CANDIDATES = [
    (Path("/usr/share/fonts/truetype/dejavu"), {"": "DejaVuSans.ttf", "B": "DejaVuSans-Bold.ttf"}),
    (
        Path("/usr/share/fonts/truetype/liberation2"),
        {"": "LiberationSans-Regular.ttf", "B": "LiberationSans-Bold.ttf"},
    ),
    (
        Path("/usr/share/fonts/truetype/liberation"),
        {"": "LiberationSans-Regular.ttf", "B": "LiberationSans-Bold.ttf"},
    ),
]


class FontMissing(RuntimeError):
    pass


class _MeasuredTTFont(TTFont):
    """A TTFont that remembers word widths.

    Line breaking measures every word; without reportlab's optional C accelerator each
    measurement walks the string in Python. Vietnamese is written in short syllables from a
    small set, so almost every measurement repeats one already made.
    """

    _LIMIT = 200_000

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._widths: dict[tuple[str, float], float] = {}

    def stringWidth(self, text, size, encoding="utf8"):  # noqa: N802 (reportlab's name)
        key = (text, size)
        width = self._widths.get(key)
        if width is None:
            if len(self._widths) > self._LIMIT:
                self._widths.clear()
            width = self._widths[key] = super().stringWidth(text, size, encoding)
        return width


def font_files(candidates: list | None = None) -> dict[str, Path]:
    """The faces of the first complete family found on this machine (serif unless told)."""
    for folder, faces in candidates or _CANDIDATES:
        paths = {style: folder / name for style, name in faces.items()}
        if all(p.is_file() for p in paths.values()):
            return paths
    raise FontMissing(
        "No TrueType serif font with Vietnamese letters was found for the PDF report. "
        "Install the Debian package fonts-liberation2 (Liberation Serif, Times-compatible) "
        "or fonts-dejavu-core (DejaVu Serif): apt-get install fonts-liberation2"
    )


@cache
def register() -> str:
    """Register the family with reportlab (once per process) and return its name."""
    paths = font_files()
    names = {
        "": FAMILY,
        "B": f"{FAMILY}-Bold",
        "I": f"{FAMILY}-Italic",
        "BI": f"{FAMILY}-BoldItalic",
    }
    for style, path in paths.items():
        pdfmetrics.registerFont(_MeasuredTTFont(names[style], str(path)))
    addMapping(FAMILY, 0, 0, names[""])
    addMapping(FAMILY, 1, 0, names["B"])
    addMapping(FAMILY, 0, 1, names["I"])
    addMapping(FAMILY, 1, 1, names["BI"])
    pdfmetrics.registerFontFamily(
        FAMILY, normal=names[""], bold=names["B"], italic=names["I"], boldItalic=names["BI"]
    )
    return FAMILY


@cache
def register_sans() -> tuple[str, str]:
    """Register the sans-serif pair (regular, bold) once per process and return their names."""
    try:
        paths = font_files(_SANS_CANDIDATES)
    except FontMissing as missing:
        raise FontMissing(
            "No TrueType sans-serif font with Vietnamese letters was found: "
            "install fonts-dejavu-core (or fonts-liberation2)."
        ) from missing
    names = (SANS, f"{SANS}-Bold")
    pdfmetrics.registerFont(_MeasuredTTFont(names[0], str(paths[""])))
    pdfmetrics.registerFont(_MeasuredTTFont(names[1], str(paths["B"])))
    addMapping(SANS, 0, 0, names[0])
    addMapping(SANS, 1, 0, names[1])
    return names


def face(bold: bool = False, italic: bool = False) -> str:
    register()
    suffix = ("Bold" if bold else "") + ("Italic" if italic else "")
    return f"{FAMILY}-{suffix}" if suffix else FAMILY


def text_width(text: str, size: float, bold: bool = False, italic: bool = False) -> float:
    """Width in points of `text` set in the family (Times metrics with Liberation Serif)."""
    return pdfmetrics.stringWidth(text, face(bold, italic), size)
