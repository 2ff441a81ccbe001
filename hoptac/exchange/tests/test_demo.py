"""The exchange's part of the demo (and the cities it stands on), loaded once for the module
(hoptac/core/tests/demo_module.py; each test still runs in its own savepoint). The whole demo
loading twice without a change is core/tests/test_demo.py's."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.management import call_command

from hoptac.core import dates
from hoptac.core.tests.demo_module import module_demo, use_module_demo
from hoptac.exchange.demo import training_days
from hoptac.exchange.models import Activity, Adoption, Attachment, Participant, Policy, Practice

pytestmark = pytest.mark.django_db

DEMO_PARTS = ["core", "exchange"]
demo_module = module_demo(DEMO_PARTS)


@pytest.fixture
def demo(demo_module, db, settings):
    use_module_demo(settings, demo_module)


def test_the_demo_loads_twice_without_any_change(demo):
    counts = {
        m: m.objects.count()
        for m in (Practice, Policy, Activity, Participant, Adoption, Attachment)
    }
    history = {m: m.history.count() for m in (Practice, Policy, Activity, Participant, Adoption)}
    stamps = list(Practice.objects.order_by("pk").values_list("updated_at", flat=True))
    out = StringIO()
    call_command("load_demo", only=DEMO_PARTS, force=True, stdout=out)
    # really loaded again (without force the command stops at "already loaded")
    assert "already loaded" not in out.getvalue() and "exchange: 5 practices" in out.getvalue()
    assert counts == {m: m.objects.count() for m in counts}
    assert history == {m: m.history.count() for m in history}
    assert stamps == list(Practice.objects.order_by("pk").values_list("updated_at", flat=True))
    assert counts[Practice] == 5 and counts[Policy] == 2 and counts[Attachment] == 1
    assert Policy.objects.filter(number__in=["97/2019/QH14", "119/2020/QH14"]).count() == 2
    statuses = set(Practice.objects.values_list("status", flat=True))
    assert statuses == {"draft", "published"}


def test_the_demo_has_one_request_answered_and_one_waiting(demo):
    from hoptac.exchange.models import ExperienceRequest

    assert set(ExperienceRequest.objects.values_list("status", flat=True)) == {"answered", "open"}
    assert Attachment.objects.get().text.startswith("Quy trình vận hành")


@pytest.mark.parametrize(
    ("today", "course", "closes"),
    [
        (dt.date(2026, 12, 7), dt.date(2026, 12, 14), dt.date(2026, 12, 12)),  # a Monday
        (dt.date(2026, 12, 8), dt.date(2026, 12, 21), dt.date(2026, 12, 19)),
        (dt.date(2026, 12, 31), dt.date(2027, 1, 11), dt.date(2027, 1, 9)),
    ],
)
def test_the_demo_training_is_ahead_of_any_day_the_demo_is_loaded(today, course, closes):
    """A fixed date (registration closing on 7 December 2026) closed the demo's only course
    open to registration, and the browser test registering for it failed from that evening."""
    assert training_days(today) == (course, closes)
    assert closes >= today + dt.timedelta(days=5) and course.weekday() == 0


def test_the_demo_offers_a_course_open_to_registration(demo):
    training = Activity.objects.get(title_vi="Lớp bồi dưỡng về đánh giá cán bộ")
    assert training.registration_open and training.registration_deadline >= dates.today()
    assert training.starts_at.date() > training.registration_deadline
