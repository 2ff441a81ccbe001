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
