from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = _("Localities and organisations")

    def ready(self) -> None:
        from . import navigation

        navigation.register("home", _("Overview"), "core:home", order=0)
        navigation.register("organisations", _("Organisations"), "core:organisation_list", order=80)
        navigation.register("localities", _("Localities"), "core:locality_list", order=90)
