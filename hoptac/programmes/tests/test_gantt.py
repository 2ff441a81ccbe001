"""The Gantt chart: zoom, baseline, critical path, A3 PDF, who may drag."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from hoptac.programmes import actions
from hoptac.programmes.gantt import ZOOMS, build_gantt, critical_path
from hoptac.programmes.models import TaskDependency

from .factories import TaskFactory

TODAY = dt.date(2026, 12, 5)


def _chain(programme, world):
    lead = world.department["own"]
    c = programme.commitment
    a = TaskFactory(
        commitment=c, lead=lead, start_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 3, 31)
    )
    b = TaskFactory(
        commitment=c, lead=lead, start_date=dt.date(2026, 4, 1), due_date=dt.date(2026, 9, 30)
    )
    d = TaskFactory(
        commitment=c, lead=lead, start_date=dt.date(2026, 1, 1), due_date=dt.date(2026, 6, 30)
    )
    e = TaskFactory(
        commitment=c, lead=lead, start_date=dt.date(2026, 10, 1), due_date=dt.date(2027, 6, 30)
    )
    for pred, succ in [(a, b), (d, b), (b, e)]:
        TaskDependency.objects.create(predecessor=pred, successor=succ)
    return a, b, d, e


def test_the_critical_path_runs_back_from_the_task_that_ends_last(programme, world):
    a, b, d, e = _chain(programme, world)
    links = list(TaskDependency.objects.values_list("predecessor_id", "successor_id", "lag_days"))
    tasks_on, edges = critical_path([a, b, d, e], links)
    # b waits for a (ends 31/03) and d (ends 30/06): d drives it
    assert tasks_on == {d.pk, b.pk, e.pk}
    assert edges == {(d.pk, b.pk), (b.pk, e.pk)}


@pytest.mark.parametrize("zoom", ["", *ZOOMS])
def test_no_bar_runs_off_the_axis_at_any_zoom(programme, world, zoom):
    tasks = list(_chain(programme, world))
    gantt = build_gantt(tasks, today=TODAY, zoom=zoom)
    last_x, _label = gantt.months[-1]
    assert last_x == gantt.width
    assert all(0 <= bar.x and bar.x + bar.w <= gantt.width for bar in gantt.bars)


def test_the_zooms_label_their_ticks(programme, world):
    tasks = list(_chain(programme, world))
    assert build_gantt(tasks, TODAY, "week").months[1][1] == "05/01"  # Mondays
    assert build_gantt(tasks, TODAY, "quarter").months[0][1] == "Q1/2026"
    assert build_gantt(tasks, TODAY, "year").months[0][1] == "2026"
    assert build_gantt(tasks, TODAY, "week").width > build_gantt(tasks, TODAY, "year").width


def test_an_approved_extension_keeps_the_baseline_bar(programme, world, member):
    task = programme.task["own"]
    ext = actions.request_extension(
        task, member("officer"), task.due_date + dt.timedelta(days=90), "Chờ vốn"
    )
    actions.decide_extension(ext, member("coordinator"), approve=True)
    task.refresh_from_db()
    bar = build_gantt([task], TODAY, "year").bars[0]
    assert bar.baseline_w is not None and bar.baseline_w < bar.w


def test_the_timeline_prints_to_an_a3_landscape_pdf(client, programme, member, world):
    _chain(programme, world)
    client.force_login(member("officer", where="partner"))
    url = reverse("programmes:timeline", args=[programme.agreement.pk])
    response = client.get(url + "?zoom=quarter&format=pdf")
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    assert b"/MediaBox [ 0 0 1190.551 841.8898 ]" in response.content


def test_only_bars_the_user_may_ask_more_time_for_are_draggable(client, programme, member):
    client.force_login(member("officer"))  # of the own department, which leads task["own"]
    page = client.get(
        reverse("programmes:timeline", args=[programme.agreement.pk])
    ).content.decode()
    own = reverse("programmes:task_extension", args=[programme.task["own"].pk])
    partner = reverse("programmes:task_extension", args=[programme.task["partner"].pk])
    assert f'data-url="{own}"' in page
    assert f'data-url="{partner}"' not in page


def test_an_unrelated_locality_sees_no_timeline_nor_pdf(client, programme, member):
    client.force_login(member("coordinator", where="unrelated"))
    url = reverse("programmes:timeline", args=[programme.agreement.pk])
    assert client.get(url + "?format=pdf").status_code == 404


@pytest.mark.parametrize("zoom", ["", "week", "bogus"])
def test_the_timeline_answers_every_zoom(client, programme, member, zoom):
    client.force_login(member("coordinator"))
    url = reverse("programmes:timeline", args=[programme.agreement.pk])
    assert client.get(url + f"?zoom={zoom}").status_code == 200


def test_the_legend_names_the_progress_strip_and_each_bar_says_its_progress(
    client, programme, member
):
    task = programme.task["own"]
    task.progress = 40
    task.save(update_fields=["progress"])
    client.force_login(member("coordinator"))
    body = client.get(reverse("programmes:timeline", args=[programme.agreement.pk])).content
    body = body.decode()
    assert 'class="g-progress"><title>tiến độ đã báo cáo: 40%</title>' in body
    legend = body.split('class="legend"')[1].split("</p>")[0]
    assert "seg-progress" in legend and "tiến độ đã báo cáo (vạch nhạt" in legend


def test_a_task_without_a_short_title_is_named_by_the_words_that_tell_it_apart():
    from types import SimpleNamespace

    from hoptac.programmes.gantt import short_titles

    def task(pk, title, short=""):
        return SimpleNamespace(pk=pk, title=title, short_title=short)

    alike = "Tổ chức hội thảo xúc tiến đầu tư tại"
    tasks = [
        task(1, f"{alike} Nhật Bản"),
        task(2, f"{alike} Hàn Quốc"),
        task(3, "Khảo sát hiện trạng"),
        task(4, "Khảo sát hiện trạng"),  # the same title: the lead and due date tell them apart
        task(5, f"{alike} Hàn Quốc năm 2026", short="Hội thảo Seoul"),
        task(6, "Xây dựng " + "cơ sở dữ liệu dùng chung " * 4),
    ]
    shorts = short_titles(tasks)
    assert shorts[1] == "… Nhật Bản"
    assert shorts[2] == "… Hàn Quốc"
    assert shorts[3] == shorts[4] == "Khảo sát hiện trạng"
    assert shorts[5] == "Hội thảo Seoul"
    assert len(shorts[6]) <= 40 and shorts[6].endswith("…") and " dùng" in shorts[6]


def test_the_gantt_names_each_task_by_its_lead_and_short_title(client, programme, member):
    task = programme.task["own"]
    task.short_title = "Khảo sát"
    task.save()
    client.force_login(member("coordinator"))
    page = client.get(f"/chuong-trinh/{programme.agreement.pk}/tien-do/")
    bar = next(b for b in page.context["gantt"].bars if b.task.pk == task.pk)
    assert bar.label == f"{task.lead.abbreviation or task.lead.name} · Khảo sát"
    assert '<span class="g-short">Khảo sát</span>' in page.content.decode()
