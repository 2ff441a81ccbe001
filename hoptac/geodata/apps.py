from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class GeodataConfig(AppConfig):
    name = "hoptac.geodata"
    label = "geodata"
    verbose_name = _("Geodata")

    def ready(self) -> None:
        from hoptac.core import demo, navigation

        from . import (
            rules,  # noqa: F401 — registers the permission rules
            tasks,  # noqa: F401 — registers what to do when an import's worker dies
        )
        from .demo import load_demo

        navigation.register("geodata", _("Map and spatial data"), "geodata:map", order=40)
        demo.register_loader(40, "geodata", load_demo)
