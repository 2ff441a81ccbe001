from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IndicatorsConfig(AppConfig):
    name = "hoptac.indicators"
    label = "indicators"
    verbose_name = _("Indicators")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import demo, linkable, navigation, schedule

        from . import rules, search, tasks  # noqa: F401 — rules registers the permissions
        from .demo import load_demo
        from .panels import indicators_served

        navigation.register("indicators", _("Indicators"), "indicators:index", order=50)
        demo.register_loader(50, "indicators", load_demo)
        linkable.register_panel(indicators_served)
        search.register_all()
        # a version begins or ends on a date nobody saves anything: the search learns it daily
        schedule.register(
            "indicators.reindex_procedures",
            tasks.reindex_procedures,
            dt.timedelta(days=1),
            dt.time(1),
        )
        _register_kinds()


def _register_kinds() -> None:
    """Targets on indicators: a commitment names one through the programmes' links, and the
    review report writes its trend under that commitment."""
    from hoptac.core import linkable

    from . import goals
    from .models import IndicatorGoal

    linkable.register(
        IndicatorGoal, IndicatorGoal._meta.verbose_name, goals.goals_visible_to, linkable=True
    )
    linkable.register_report_lines(goals.report_lines)
