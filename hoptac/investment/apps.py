from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "hoptac.investment"
    label = "investment"
    verbose_name = _("Investment")

    def ready(self) -> None:
        from hoptac.core import demo, navigation

        from . import rules, search  # noqa: F401 — rules registers the permissions
        from .demo import load

        navigation.register("investment", _("Investment"), "investment:home", order=30)
        demo.register_loader(30, "investment", load)
        search.register_all()
