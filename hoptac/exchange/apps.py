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
        intents.register("ask_experience", "exchange:request_create", "exchange.create_item")
        demo.register_loader(20, "exchange", load_demo)
        search.register_all()
        schedule.register(
            "exchange.remind_experience_requests",
            tasks.remind_experience_requests,
            dt.timedelta(days=1),
            dt.time(7),
        )
        _register_kinds()


def _register_kinds() -> None:
    """What other apps may look up or link to, each through its one visibility query."""
    from hoptac.core import linkable

    from . import queries
    from .models import Activity, ExperienceRequest, Policy, Practice

    for model, visible_to in (
        (Practice, queries.practices_visible_to),
        (Policy, queries.policies_visible_to),
        (Activity, queries.activities_visible_to),
    ):
        linkable.register(model, model._meta.verbose_name, visible_to, linkable=True)
    linkable.register(
        ExperienceRequest, ExperienceRequest._meta.verbose_name, queries.requests_visible_to
    )
