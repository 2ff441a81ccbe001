"""The site's navigation: each app registers its entries in its AppConfig.ready().

Only the parts that exist appear; the core imports no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import translation


@dataclass(frozen=True)
class NavItem:
    key: str
    label: Any  # a lazy translation
    url_name: str
    order: int
    visible: Callable[[Any], bool]

    @property
    def url(self) -> str:
        """The entry's page in the reader's language: a part that exists once per language
        (the investment portal: `investment:home` and `investment:home_en`) names the page of
        each language with the language code as suffix; the chosen language is kept."""
        return localised_url(self.url_name)


def localised_url(url_name: str, *args: Any, **kwargs: Any) -> str:
    """`reverse(url_name)`, or of `url_name_<lang>` when the active language is not the
    default one and such a route exists."""
    language = translation.get_language() or settings.LANGUAGE_CODE
    if language != settings.LANGUAGE_CODE:
        try:
            return reverse(f"{url_name}_{language}", args=args, kwargs=kwargs)
        except NoReverseMatch:
            pass
    return reverse(url_name, args=args, kwargs=kwargs)


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
