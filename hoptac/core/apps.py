from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "hoptac.core"
    label = "core"
    verbose_name = _("Localities and organisations")

    def ready(self) -> None:
        from .empty_choices import install_empty_labels

        install_empty_labels()  # first: before any form class is built

        from . import navigation, search

        navigation.register("home", _("Overview"), "core:home", order=0)
        # One "Directory" entry (organisations and localities) leaves room in the menu.
        navigation.register("directory", _("Directory"), "core:organisation_list", order=80)
        search.register_all()
