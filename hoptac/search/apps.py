from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hoptac.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from hoptac.core import navigation

        from .content import register_core

        register_core()
        navigation.register("search", _("Search"), "search:page", order=60)
