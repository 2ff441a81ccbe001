from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hoptac.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        from hoptac.core import demo, intents, navigation

        from . import rules, search  # noqa: F401 — rules registers the permissions
        from .demo import load_demo

        navigation.register("exchange", _("Exchange"), "exchange:index", order=20)
        intents.register("ask_experience", "exchange:request_create")
        demo.register_loader(20, "exchange", load_demo)
        search.register_all()
