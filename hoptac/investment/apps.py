from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InvestmentConfig(AppConfig):
    name = "hoptac.investment"
    label = "investment"
    verbose_name = _("Investment")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import demo, navigation, schedule

        from . import rules, search, tasks  # noqa: F401 — rules registers the permissions
        from .demo import load

        navigation.register("investment", _("Investment"), "investment:home", order=30)
        demo.register_loader(30, "investment", load)
        search.register_all()
        hourly = dt.timedelta(hours=1)
        schedule.register("investment.warn_overdue_enquiries", tasks.warn_overdue_enquiries, hourly)
        schedule.register(
            "investment.expire_meeting_requests", tasks.expire_meeting_requests, hourly
        )
