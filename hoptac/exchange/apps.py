from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExchangeConfig(AppConfig):
    name = "hoptac.exchange"
    label = "exchange"
    verbose_name = _("Exchange")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import demo, intents, navigation, schedule

        from . import rules, search, tasks  # noqa: F401 — rules registers the permissions
        from .demo import load_demo

        navigation.register("exchange", _("Exchange"), "exchange:index", order=20)
        intents.register("ask_experience", "exchange:request_create")
        demo.register_loader(20, "exchange", load_demo)
        search.register_all()
        schedule.register(
            "exchange.remind_experience_requests",
            tasks.remind_experience_requests,
            dt.timedelta(days=1),
            dt.time(7),
        )
