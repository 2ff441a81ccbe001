from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


class SearchConfig(AppConfig):
    name = "hoptac.search"
    label = "search"
    verbose_name = _("Search")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import schedule, searchable, warmup

        from . import index, tasks

        # Every app registers its content with core.searchable; the index follows it from here.
        # No item in the main navigation: the search box in the header of every page leads here.
        searchable.listen(index.update_object, index.remove_object, index.update_objects)
        post_migrate.connect(_prune_orphans, sender=self)
        post_migrate.connect(_rebuild_after, sender=self)
        post_migrate.connect(_refresh_pages, sender=self)
        _follow_partnerships()
        # the posting lists: built when missing or stale, packed when the delta has grown
        schedule.register("search.pack_postings", tasks.pack_postings, dt.timedelta(minutes=10))
        # the compiled loops (decision 0022) loaded as a serving process starts, not by a search
        warmup.register("search.kernels", _warm_kernels)
        warmup.register("search.highlight", _warm_highlight)
        warmup.register("search.lists", _warm_lists)


def _warm_kernels() -> None:
    from . import postings  # numpy and numba: imported by the warm-up, not at start

    postings.warm()


def _warm_highlight() -> None:
    """The snippets' table for words typed without accents: a scan of every code point (about
    a second), made once per process, by the warm-up rather than by the first search."""
    from . import highlight

    highlight._ascii_table()


def _warm_lists() -> None:
    """The long words' lists and what a search derives from them (``postings.preload``), read by
    the warm-up rather than by the first searches that meet them; the warm-up's own connection
    closed after (in a gunicorn worker it runs in a thread of its own)."""
    import threading

    from django.db import connection

    from . import postings

    try:
        postings.preload()
    finally:
        if threading.current_thread() is not threading.main_thread():
            connection.close()


def _follow_partnerships() -> None:
    """A partnership made or ended changes who reads what the two cities share with partners:
    their documents that are not public are read again (no partner keeps finding them)."""
    from django.db.models.signals import post_delete, post_save, pre_save

    from hoptac.core.models import Partnership

    def before(sender, instance, **kwargs) -> None:
        # an edited partnership may leave a city: its documents are read again as well
        old = Partnership.objects.filter(pk=instance.pk).values_list("locality_a", "locality_b")
        instance._search_former = list(old.first() or ()) if instance.pk else []

    def changed(sender, instance, **kwargs) -> None:
        from . import index

        former = getattr(instance, "_search_former", [])
        index.refresh_localities({instance.locality_a_id, instance.locality_b_id, *former})

    pre_save.connect(before, sender=Partnership, weak=False, dispatch_uid="search_partnership_was")
    post_save.connect(changed, sender=Partnership, weak=False, dispatch_uid="search_partnership")
    post_delete.connect(changed, sender=Partnership, weak=False, dispatch_uid="search_partners")


# Migrations after which the index is read again from every registered model (once every app is
# migrated, so that the models match their tables).
REBUILD_AFTER = {
    ("search", "0005_document_in_two_languages"),
    ("search", "0006_document_title_length"),
}


def _rebuild_after(sender, plan=None, using="default", **kwargs) -> None:
    """Read the documents again after a migration that changes what is indexed: before 0005 they
    held both languages in one body, before 0006 no title length."""
    applied = {(m.app_label, m.name) for m, backwards in plan or () if not backwards}
    if not applied & REBUILD_AFTER:
        return
    from .models import Document

    if Document.objects.using(using).exists():
        from . import index

        index.rebuild()


def _prune_orphans(sender, using="default", **kwargs) -> None:
    """After migrate and after a flush (tests), drop index rows of vanished documents. A flush
    empties the model tables but not SQLite's FTS5 tables: their rows would then describe the
    ids of the next documents (new ones restart at 1), and ranking read another text."""
    from django.db import connections

    from .backends import get_backend
    from .models import Document

    backend = get_backend()
    if connections[using].vendor == "postgresql":
        if hasattr(backend, "prune_orphans"):
            backend.prune_orphans()
    elif not Document.objects.using(using).exists():
        backend.clear()


def _refresh_pages(sender, using="default", **kwargs) -> None:
    """After migrate (a deployment, a new or flushed database): the pages apps make from their
    data files, which change only with the code, are indexed again."""
    from django.db import connections

    from . import index
    from .models import Document

    if Document._meta.db_table not in connections[using].introspection.table_names():
        return  # the search app migrated back to zero

    index.refresh_pages()
