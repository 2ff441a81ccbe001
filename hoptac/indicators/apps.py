from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "hoptac.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        from hoptac.core import demo, linkable, navigation

        from . import rules  # noqa: F401 — registers the permissions
        from .demo import load_demo
        from .panels import indicators_served

        navigation.register("indicators", _("Indicators"), "indicators:index", order=50)
        demo.register_loader(50, "indicators", load_demo)
        linkable.register_panel(indicators_served)
