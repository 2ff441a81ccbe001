"""The indicators a practice, a policy or a commitment can name, each by a stable key.

``766:<component>`` is a component of the Decision 766 index (its current version);
``services:full_online`` is the share of procedures a city offers fully online (the catalogue
comparison). A key outlives the versions of the index: a component keeps its key across them.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from . import index766

SERVICES_FULL_ONLINE = "services:full_online"


def choices(lang: str = "vi") -> list[tuple[str, str]]:
    """Every indicator as (key, label) in the page's language, grouped as the index is."""
    spec = index766.version()
    items = [(SERVICES_FULL_ONLINE, _("Procedures offered fully online (catalogue)"))]
    for group in spec.groups:
        for c in group.components:
            items.append((f"766:{c.key}", f"766 — {group.name(lang)}: {c.name(lang)}"))
    return items


def label(key: str, lang: str = "vi") -> str:
    """The indicator's label, or the key itself when it names no indicator any more."""
    return dict(choices(lang)).get(key, key)


def component_key(component: str) -> str:
    """The indicator key of a 766 component."""
    return f"766:{component}"
