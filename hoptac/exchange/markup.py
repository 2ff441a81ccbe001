"""Markdown to safe HTML: written by users, so every tag and attribute passes an allowlist."""

from __future__ import annotations

from django.utils.safestring import SafeString, mark_safe

TAGS = {
    "p", "br", "hr", "strong", "em", "b", "i", "u", "s", "code", "pre", "blockquote",
    "ul", "ol", "li", "h2", "h3", "h4", "h5", "h6", "a", "table", "thead", "tbody", "tr", "th",
    "td", "dl", "dt", "dd", "sup", "sub",
}  # fmt: skip
ATTRIBUTES = {"a": {"href", "title"}, "th": {"scope"}, "td": {"colspan", "rowspan"}}


def render(text: str) -> SafeString:
    """Render Markdown and keep only safe HTML: no script, no event handler, no javascript: URL."""
    if not text:
        return mark_safe("")  # noqa: S308 — an empty string
    import markdown  # here, with nh3: imported by the first page that shows a text, not at start
    import nh3

    html = markdown.markdown(text, extensions=["extra", "sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=TAGS,
        attributes=ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer nofollow",
    )
    return mark_safe(clean)  # noqa: S308 — sanitised by nh3 just above


def plain(text: str) -> str:
    """The text without markup, for the search index and iCal descriptions."""
    import markdown
    import nh3

    return nh3.clean(markdown.markdown(text or ""), tags=set()).strip()
