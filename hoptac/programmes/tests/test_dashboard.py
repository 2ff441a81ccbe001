"""Whose tasks "my work" reads, and the dashboard's pages (its tables and monthly trend over one
set of tasks are in test_dashboard_tables.py)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from hoptac.programmes import queries

from .factories import AgreementFactory, CommitmentFactory, TaskFactory

TODAY = dt.date(2026, 6, 15)


def test_my_work_holds_the_tasks_i_lead_partner_on_or_am_assigned_to(programme, world):
    from hoptac.core.tests.factories import MembershipFactory

    me = MembershipFactory(organisation=world.department["own"], role="officer").user
    other = world.department["partner"]
    led = programme.task["own"]
    assigned = TaskFactory(commitment=programme.commitment, lead=other)
    assigned.assignees.add(me)
    partnered = TaskFactory(commitment=programme.commitment, lead=other)
    partnered.partners.add(world.department["own"])
    TaskFactory(commitment=programme.commitment, lead=other)  # none of mine
    both = TaskFactory(commitment=programme.commitment, lead=world.department["own"])
    both.assignees.add(me)  # led and assigned: listed once
    got = list(queries.my_work(me).values_list("pk", flat=True))
    assert sorted(got) == sorted([led.pk, assigned.pk, partnered.pk, both.pk])
    hidden = AgreementFactory(parties=[world.localities["partner"]])  # not one of my city's
    TaskFactory(commitment=CommitmentFactory(agreement=hidden), lead=other).assignees.add(me)
    assert sorted(queries.my_work(me).values_list("pk", flat=True)) == sorted(got)


def test_my_work_pages_list_the_sorted_tasks_read_by_id(client, programme, world):
    """The page reads its ids from the sorted query, then their rows (issue 19): the same tasks
    in the same order (open first, by due date, then id) on every page, with their status."""
    import re

    from hoptac.core.tests.factories import MembershipFactory

    me = MembershipFactory(organisation=world.department["own"], role="officer").user
    lead = world.department["own"]
    for i in range(61):
        TaskFactory(
            commitment=programme.commitment,
            lead=lead,
            due_date=TODAY + dt.timedelta(days=(i * 7) % 23 - 11),
            completed_on=TODAY if i % 4 == 0 else None,
        )
    want = list(queries.my_work(me).values_list("pk", flat=True))
    assert len(want) > 60 and len(set(want)) == len(want)
    client.force_login(me)
    shown = []
    for number in (1, 2):
        html = client.get(reverse("programmes:my_work"), {"page": number}).content.decode()
        shown += [int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', html)]
    assert shown == want
    rows = queries.tasks_in_order(want[:5])
    assert [t.pk for t in rows] == want[:5]
    assert all(t.status_db and t.lead.locality and t.commitment.agreement for t in rows)


def test_my_work_groups_the_tasks_my_organisation_leads_before_those_it_supports(programme, world):
    """A task my department leads is in `led` (even when it is also a partner on it or I am
    assigned to it); one it only supports, or that is assigned to me, in `supported`; the two
    hold my_work's tasks, each once, each in my_work's order."""
    from hoptac.core.tests.factories import MembershipFactory

    own, other = world.department["own"], world.department["partner"]
    me = MembershipFactory(organisation=own, role="officer").user
    led = programme.task["own"]
    led_and_partner = TaskFactory(commitment=programme.commitment, lead=own)
    led_and_partner.partners.add(own)
    led_and_assigned = TaskFactory(commitment=programme.commitment, lead=own)
    led_and_assigned.assignees.add(me)
    partnered = TaskFactory(commitment=programme.commitment, lead=other)
    partnered.partners.add(own)
    assigned = TaskFactory(commitment=programme.commitment, lead=other)
    assigned.assignees.add(me)
    TaskFactory(commitment=programme.commitment, lead=other)  # none of mine
    groups = queries.my_work_groups(me)
    got_led = list(groups.led.values_list("pk", flat=True))
    got_supported = list(groups.supported.values_list("pk", flat=True))
    assert sorted(got_led) == sorted([led.pk, led_and_partner.pk, led_and_assigned.pk])
    assert sorted(got_supported) == sorted([partnered.pk, assigned.pk])
    order = list(queries.my_work(me).values_list("pk", flat=True))
    assert got_led == [pk for pk in order if pk in got_led]
    assert got_supported == [pk for pk in order if pk in got_supported]


def test_my_work_page_lists_the_led_tasks_first_then_the_supported_under_their_headings(
    client, programme, world, django_assert_max_num_queries
):
    """The Da Nang officer saw a Hanoi task he only partners on first, under "tasks of my
    organisation": the led tasks come first under their heading, then the supported ones under
    theirs, whatever their due dates, across pages (a page may hold the end of one group and the
    start of the other), in a bounded number of queries."""
    import re

    from hoptac.core.tests.factories import MembershipFactory

    own, other = world.department["own"], world.department["partner"]
    me = MembershipFactory(organisation=own, role="officer").user
    early = TODAY - dt.timedelta(days=400)
    supported = []
    for i in range(3):  # due before every led task: my_work's order puts them first
        task = TaskFactory(commitment=programme.commitment, lead=other, due_date=early)
        if i % 2:
            task.partners.add(own)
        else:
            task.assignees.add(me)
        supported.append(task.pk)
    led = [programme.task["own"].pk]
    for i in range(54):
        due = TODAY + dt.timedelta(days=i % 9)
        led.append(TaskFactory(commitment=programme.commitment, lead=own, due_date=due).pk)
    order = list(queries.my_work(me).values_list("pk", flat=True))
    assert order[:3] == sorted(supported)  # due first: before the fix, listed first
    want = [pk for pk in order if pk in led] + [pk for pk in order if pk in supported]

    client.force_login(me)
    shown, pages = [], []
    for number in (1, 2):
        with django_assert_max_num_queries(13):
            html = client.get(reverse("programmes:my_work"), {"page": number}).content.decode()
        pages.append(html)
        shown += [int(pk) for pk in re.findall(r'href="/nhiem-vu/(\d+)/"', html)]
    assert shown == want
    lead_heading = "Nhiệm vụ cơ quan tôi chủ trì (55)"
    support_heading = "Nhiệm vụ cơ quan tôi phối hợp hoặc tôi được giao (3)"
    assert lead_heading in pages[0] and support_heading not in pages[0]
    second = pages[1]
    assert second.index(lead_heading) < second.index(support_heading)
    last_led = second.index(f'href="/nhiem-vu/{want[54]}/"')
    first_supported = second.index(f'href="/nhiem-vu/{want[55]}/"')
    assert last_led < second.index(support_heading) < first_supported
