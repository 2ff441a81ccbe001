"""A library's error, told to a person: no server path, no Python or GDAL English.

Readers of uploaded files (GDAL, json, shapely) explain their failures in English and with the
file's path on the server ("Could not open the datasource at "/srv/…/var/media/…""). The page
shows the gist in the reader's language instead; the full text stays in the server's log.
"""

from __future__ import annotations

import json
import re

from django.utils.translation import gettext as _

_PATH = re.compile(r"""(?:[A-Za-z]:)?(?:/|\\)[^\s"'“”:,]*(?:/|\\)[^\s"'“”:,]*""")


def without_paths(text: str) -> str:
    """`text` with every absolute file path replaced by the file's own name."""

    def name(match: re.Match) -> str:
        return re.split(r"[/\\]", match.group(0).rstrip("/\\"))[-1] or "…"

    return _PATH.sub(name, text)


def explain(exc: BaseException) -> str:
    """What went wrong, in words the reader understands (never a path, never raw English)."""
    if isinstance(exc, json.JSONDecodeError):
        return _("the text is not valid JSON (line %(line)s, column %(column)s)") % {
            "line": exc.lineno,
            "column": exc.colno,
        }
    if isinstance(exc, UnicodeDecodeError):
        return _("the text is not in UTF-8")
    text = str(exc)
    if "Could not open the datasource" in text or "Invalid data source" in text:
        return _("the file is not in a format the reader knows, or it is damaged")
    name = type(exc).__name__
    if name in ("GEOSException", "ShapelyError") or "ParseException" in text:
        return _("the geometry cannot be read")
    if name == "GDALException":
        return _("the spatial data library could not read it")
    # A message of ours is already in the reader's language (Vietnamese text is not ASCII);
    # a library's English is summed up instead.
    if not text.isascii():
        return without_paths(text)
    return _("the reader stopped on an error in the file")
