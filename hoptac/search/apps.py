from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hoptac.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        from hoptac.core import searchable

        from . import index

        # Every app registers its content with core.searchable; the index follows it from here.
        # No item in the main navigation: the search box in the header of every page leads here.
        searchable.listen(index.update_object, index.remove_object)
        post_migrate.connect(_prune_orphans, sender=self)


def _prune_orphans(sender, using="default", **kwargs) -> None:
    """After migrate and after a flush (tests), drop PostgreSQL index rows of vanished documents."""
    from django.db import connections

    if connections[using].vendor != "postgresql":
        return
    from .backends import get_backend

    backend = get_backend()
    if hasattr(backend, "prune_orphans"):
        backend.prune_orphans()
