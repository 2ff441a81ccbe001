"""The site's navigation: each app registers its entries in its AppConfig.ready().

Only the parts that exist appear; the core imports no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.urls import reverse


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int
    visible: Callable[[Any], bool]

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_registry: dict[str, NavItem] = {}


def register(
    key: str,
    label: Any,
    url_name: str,
    order: int = 100,
    visible: Callable[[Any], bool] | None = None,
) -> None:
    """Add (or replace) a navigation entry."""
    _registry[key] = NavItem(key, label, url_name, order, visible or (lambda user: True))


def items_for(user: Any) -> list[NavItem]:
    """The entries this user may see, in order."""
    return sorted((i for i in _registry.values() if i.visible(user)), key=lambda i: i.order)
