from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hoptac.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        # Register navigation entries (hoptac.core.navigation.register), demo loaders
        # (hoptac.core.demo.register_loader) and search content here once the pages exist.
        pass
