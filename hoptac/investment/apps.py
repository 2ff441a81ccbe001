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
        from .guide.demo import load as load_guide

        navigation.register("investment", _("Investment"), "investment:home", order=30)
        demo.register_loader(30, "investment", load)
        demo.register_loader(31, "investment-guide", load_guide)
        search.register_all()
        _register_kinds()
        hourly = dt.timedelta(hours=1)
        schedule.register("investment.warn_overdue_enquiries", tasks.warn_overdue_enquiries, hourly)
        schedule.register(
            "investment.expire_meeting_requests", tasks.expire_meeting_requests, hourly
        )
        schedule.register(
            "investment.expire_personal_data", tasks.expire_personal_data, dt.timedelta(days=1)
        )


def _register_kinds() -> None:
    """Projects may carry out a commitment; parks, enterprises and enquiries are looked up by
    other apps (and the access guard) only through their visibility queries."""
    from django.urls import reverse

    from hoptac.core import linkable

    from . import queries
    from .models import Enquiry, Enterprise, Park, Project

    linkable.register(
        Project,
        Project._meta.verbose_name,
        queries.projects_visible_to,
        url=lambda p: reverse("investment:project_detail", args=[p.code]),
        lookup="code",
        linkable=True,
    )
    linkable.register(
        Park,
        Park._meta.verbose_name,
        queries.parks_visible_to,
        url=lambda p: reverse("investment:park_detail", args=[p.slug]),
        lookup="slug",
    )
    linkable.register(
        Enterprise,
        Enterprise._meta.verbose_name,
        queries.enterprises_visible_to,
        url=lambda e: reverse("investment:enterprise_detail", args=[e.tax_code]),
        lookup="tax_code",
    )
    linkable.register(
        Enquiry,
        Enquiry._meta.verbose_name,
        queries.enquiries_for,
        url=lambda e: reverse("investment:enquiry_detail", args=[e.pk]),
    )
