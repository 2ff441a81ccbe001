from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class GeodataConfig(AppConfig):
    name = "hoptac.geodata"
    label = "geodata"
    verbose_name = _("Geodata")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import demo, navigation, schedule

        _bind_bundled_libraries()

        from . import (
            rules,  # noqa: F401 — registers the permission rules
            search,
            tasks,  # noqa: F401 — registers what to do when an import's worker dies
        )
        from .demo import load_demo

        navigation.register(
            "geodata",
            pgettext_lazy("main navigation", "Map and spatial data"),
            "geodata:map",
            order=40,
        )
        demo.register_loader(40, "geodata", load_demo)
        schedule.register(
            "geodata.discard_abandoned_imports",
            tasks.discard_abandoned_imports,
            dt.timedelta(days=1),
            dt.time(3),
        )
        schedule.register("geodata.tidy_exports", tasks.tidy_exports, dt.timedelta(hours=1))
        _register_kinds()
        search.register_all()
        _connect_signals()


def _bind_bundled_libraries() -> None:
    """shapely and pyproj bring their own GEOS and PROJ. SQLite loads SpatiaLite with
    RTLD_GLOBAL, and the system's GEOS and PROJ it links then stand in for theirs in any later
    import: shapely's WKB fails ("WKB output dimension must be 2 or 3"), pyproj runs on the
    system's PROJ and crashes at exit. With SpatiaLite they are imported here, before the first
    connection; with PostGIS, only by the code that uses them (most processes never do)."""
    from django.conf import settings

    if any(db["ENGINE"].endswith("spatialite") for db in settings.DATABASES.values()):
        import pyproj  # noqa: F401
        import shapely  # noqa: F401


def _connect_signals() -> None:
    from django.db.models.signals import post_delete, pre_delete

    from .downloads import discard_exports
    from .imports.versions import drop_partition
    from .models import LayerVersion

    pre_delete.connect(drop_partition, sender=LayerVersion, dispatch_uid="geodata_drop_partition")
    post_delete.connect(discard_exports, sender=LayerVersion, dispatch_uid="geodata_exports")


def _register_kinds() -> None:
    """Layers may carry out a commitment; others see them through the one visibility query."""
    from django.urls import reverse

    from hoptac.core import linkable

    from . import queries
    from .models import Layer

    linkable.register(
        Layer,
        Layer._meta.verbose_name,
        queries.layers_visible_to,
        url=lambda layer: reverse("geodata:layer_detail", args=[layer.slug]),
        lookup="slug",
        linkable=True,
    )
