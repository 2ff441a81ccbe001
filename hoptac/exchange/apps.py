from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hoptac.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from hoptac.core import demo, navigation

        from . import permissions, search  # noqa: F401 — permissions registers the rules
        from .demo import load_demo

        navigation.register("exchange", _("Exchange"), "exchange:index", order=20)
        demo.register_loader(20, "exchange", load_demo)
        search.register_all()
