from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class ProgrammesConfig(AppConfig):
    name = "hoptac.programmes"
    label = "programmes"
    verbose_name = _("Programmes")

    def ready(self) -> None:
        import datetime as dt

        from hoptac.core import demo, navigation, schedule

        from . import demo as programmes_demo
        from . import tasks

        navigation.register(
            "programmes",
            pgettext_lazy("main navigation", "Programmes"),
            "programmes:agreement_list",
            order=10,
        )
        navigation.register(
            "my_work",
            _("My work"),
            "programmes:my_work",
            order=11,
            visible=lambda user: bool(getattr(user, "is_authenticated", False)),
        )
        navigation.register(
            "public_accountability",
            pgettext_lazy("main navigation", "Public accountability"),
            "programmes:public_index",
            order=12,
        )
        demo.register_loader(10, "programmes", programmes_demo.load)
        from . import demo_public

        demo.register_loader(11, "programmes-public", demo_public.load)
        # after every app's demo (indicators load at 50): what carries the commitments out
        demo.register_loader(90, "programmes-public-links", demo_public.load_links)
        _register_kinds()
        schedule.register(
            "programmes.daily_reminders", tasks.daily_reminders, dt.timedelta(days=1), dt.time(7)
        )
        schedule.register(
            "programmes.weekly_digest", tasks.weekly_digest, dt.timedelta(days=7), dt.time(7, 30)
        )
        from . import counts, filter_choices, sortkeys, webhooks

        counts.connect()
        sortkeys.connect()
        filter_choices.connect()
        schedule.register(
            "programmes.rebuild_task_counts",
            counts.nightly_rebuild,
            dt.timedelta(days=1),
            dt.time(0, 5),
        )
        webhooks.connect()
        schedule.register(
            "programmes.webhook_due_events",
            webhooks.daily_due_events,
            dt.timedelta(days=1),
            dt.time(7, 5),
        )
        schedule.register(
            "programmes.webhook_retries", webhooks.retry_deliveries, dt.timedelta(minutes=5)
        )
        from . import search  # noqa: F401 — registers agreements, commitments and tasks


def _register_kinds() -> None:
    """Agreements and tasks, looked up by others only through their visibility queries."""
    from django.urls import reverse

    from hoptac.core import linkable

    from . import panels, queries
    from .models import Agreement, Task

    linkable.register_panel(panels.commitments_served)
    linkable.register(
        Agreement,
        Agreement._meta.verbose_name,
        queries.agreements_visible_to,
        url=lambda a: reverse("programmes:agreement_detail", args=[a.pk]),
    )
    linkable.register(
        Task,
        Task._meta.verbose_name,
        queries.tasks_visible_to,
        url=lambda t: reverse("programmes:task_detail", args=[t.pk]),
    )
