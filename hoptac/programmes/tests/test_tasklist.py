"""The task list: sort, columns, filters saved and shared, pages, export, bulk edit."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from hoptac.core import dates
from hoptac.core.collation import stored_key, vi_key
from hoptac.programmes import tasklist
from hoptac.programmes.models import SavedTaskFilter, Tag, Task

from .factories import CommitmentFactory, TaskFactory

URL = "/nhiem-vu/"
BULK = "/nhiem-vu/sua-nhieu/"


def _titles(response) -> list[str]:
    return [t.title for t in response.context["page"].object_list]


def _every_page(client, query: str) -> list[Task]:
    """The tasks of the list, page after page by its "next" links."""
    response = client.get(URL + "?" + query)
    listed = list(response.context["page"])
    while "next" in response.context["pages"]:
        response = client.get(URL + "?" + response.context["pages"]["next"])
        listed += list(response.context["page"])
    return listed


def test_the_list_sorts_by_a_column_both_ways(client, programme, member):
    programme.task["own"].title = "A đầu tiên"
    programme.task["own"].save()
    programme.task["partner"].title = "Z cuối cùng"
    programme.task["partner"].save()
    client.force_login(member("coordinator"))
    assert _titles(client.get(URL + "?sort=title")) == ["A đầu tiên", "Z cuối cùng"]
    page = client.get(URL + "?sort=-title")
    assert _titles(page) == ["Z cuối cùng", "A đầu tiên"]
    assert 'aria-sort="descending"' in page.content.decode()


def test_titles_and_leads_sort_in_vietnamese_alphabetical_order(client, programme, member, world):
    """a ă â b … d đ e ê: not code points (which put "Đ" after "Z" and "Ă" after "B")."""
    titles = ["Đào tạo", "Xây dựng", "Dự án", "Ăn khớp", "Âm thanh", "Bảo tồn", "Ảnh", "Em"]
    programme.task["own"].title = titles[0]
    programme.task["own"].save()
    programme.task["partner"].title = titles[1]
    programme.task["partner"].save()
    for title in titles[2:]:
        TaskFactory(commitment=programme.commitment, lead=world.department["own"], title=title)
    client.force_login(member("coordinator"))
    expected = ["Ảnh", "Ăn khớp", "Âm thanh", "Bảo tồn", "Dự án", "Đào tạo", "Em", "Xây dựng"]
    assert _titles(client.get(URL + "?sort=title")) == expected
    assert _titles(client.get(URL + "?sort=-title")) == expected[::-1]
    exported = client.get(URL + "?sort=title&cols=title&format=csv").content.decode("utf-8-sig")
    assert [row[0] for row in csv.reader(io.StringIO(exported))][1:] == expected
    paged = client.get(URL + "?sort=title&per_page=25&page=1")
    assert paged.context["page"].count == len(expected)
    world.department["own"].name_vi = "Đài Phát thanh"
    world.department["own"].save()
    world.department["partner"].name_vi = "Sở Du lịch"
    world.department["partner"].save()
    leads = [t.lead.name_vi for t in client.get(URL + "?sort=lead").context["page"]]
    assert leads[0] == "Đài Phát thanh" and leads[-1] == "Sở Du lịch"


def test_an_unknown_sort_or_column_is_explained_and_the_list_still_shows(client, programme, member):
    client.force_login(member("coordinator"))
    page = client.get(URL + "?sort=password&cols=title,secret")
    assert page.status_code == 200
    text = page.content.decode()
    assert "password" in text and "secret" in text  # named in the errors
    assert len(_titles(page)) == 2


def test_choosing_columns_gives_one_shareable_link(client, programme, member):
    client.force_login(member("coordinator"))
    response = client.get(URL + "?status=in_term&col=title&col=tags&col=assignees")
    assert response.status_code == 302
    assert "cols=title%2Ctags%2Cassignees" in response["Location"]
    assert "status=in_term" in response["Location"]
    page = client.get(response["Location"])
    assert [c["key"] for c in page.context["columns"]] == ["title", "tags", "assignees"]


def test_overdue_tasks_of_my_organisation_are_read_for_whoever_opens_the_link(
    client, programme, member, world
):
    today = dates.today()
    late = TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        start_date=today - dt.timedelta(days=60),
        due_date=today - dt.timedelta(days=5),
        title="Trễ hạn của sở",
    )
    TaskFactory(
        commitment=programme.commitment,
        lead=world.department["partner"],
        start_date=today - dt.timedelta(days=60),
        due_date=today - dt.timedelta(days=5),
        title="Trễ hạn của bạn",
    )
    client.force_login(member("officer"))  # an officer of the own department
    assert _titles(client.get(URL + "?whose=my_org&status=overdue")) == [late.title]
    client.force_login(member("officer", where="partner"))
    assert _titles(client.get(URL + "?whose=my_org&status=overdue")) == ["Trễ hạn của bạn"]


def test_due_this_quarter_means_the_quarter_of_today(client, programme, member, world):
    today = dates.today()
    start, end = tasklist.quarter_of(today)
    inside = TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        start_date=start - dt.timedelta(days=30),
        due_date=end,
    )
    TaskFactory(
        commitment=programme.commitment,
        lead=world.department["own"],
        start_date=start - dt.timedelta(days=30),
        due_date=end + dt.timedelta(days=1),
    )
    client.force_login(member("coordinator"))
    assert _titles(client.get(URL + "?due=this_quarter")) == [inside.title]


def test_quarters_begin_in_january_april_july_and_october():
    assert tasklist.quarter_of(dt.date(2026, 12, 5)) == (
        dt.date(2026, 10, 1),
        dt.date(2026, 12, 31),
    )
    assert tasklist.quarter_of(dt.date(2026, 2, 28)) == (dt.date(2026, 1, 1), dt.date(2026, 3, 31))
    assert tasklist.due_window("next_quarter", dt.date(2026, 12, 5)) == (
        dt.date(2027, 1, 1),
        dt.date(2027, 3, 31),
    )


def test_a_filter_is_saved_for_its_user_and_opens_again(client, programme, member):
    user = member("coordinator")
    client.force_login(user)
    response = client.post(
        reverse("programmes:task_filter_save"),
        {"name": "Quá hạn của sở", "query": "whose=my_org&status=overdue&page=3"},
    )
    assert response.status_code == 302
    saved = SavedTaskFilter.objects.get(user=user)
    assert saved.query == "whose=my_org&status=overdue"  # the page is not part of a filter
    page = client.get(URL).content.decode()
    assert "Quá hạn của sở" in page
    # another user neither sees nor removes it
    other = member("coordinator", where="partner")
    client.force_login(other)
    assert "Quá hạn của sở" not in client.get(URL).content.decode()
    assert client.post(reverse("programmes:task_filter_delete", args=[saved.pk])).status_code == 404
    assert SavedTaskFilter.objects.filter(pk=saved.pk).exists()


def test_a_filter_without_a_name_is_refused_and_the_list_kept(client, programme, member):
    client.force_login(member("coordinator"))
    response = client.post(
        reverse("programmes:task_filter_save"), {"name": "  ", "query": "status=overdue"}
    )
    assert response.status_code == 302 and "status=overdue" in response["Location"]
    assert not SavedTaskFilter.objects.exists()


def test_the_csv_export_holds_exactly_the_filtered_tasks_of_every_page(
    client, programme, member, world
):
    for i in range(30):
        TaskFactory(commitment=programme.commitment, lead=world.department["own"], title=f"T{i}")
    client.force_login(member("coordinator"))
    body = client.get(URL + "?locality=01&per_page=25&cols=title,due,tags&format=csv").content
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))
    assert len(rows[0]) == 3  # the three columns shown
    own = Task.objects.filter(lead__locality__code="01").count()
    assert len(rows) - 1 == own == 31


def test_the_csv_export_neutralises_formulas(client, programme, member):
    programme.task["own"].title = "=HYPERLINK(1)"
    programme.task["own"].save()
    client.force_login(member("coordinator"))
    body = client.get(URL + "?format=csv&cols=title").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in body


@pytest.mark.parametrize("n", [3, 30])
def test_the_list_with_every_column_uses_a_constant_number_of_queries(
    client, programme, member, world, django_assert_max_num_queries, n
):
    user = member("coordinator")
    tag = Tag.objects.create(name="ODA")
    for _i in range(n):
        t = TaskFactory(
            commitment=CommitmentFactory(agreement=programme.agreement),
            lead=world.department["own"],
        )
        t.partners.add(world.department["partner"])
        t.assignees.add(user)
        t.tags.add(tag)
    client.force_login(user)
    cols = ",".join(tasklist.COLUMNS)
    with django_assert_max_num_queries(16):
        assert client.get(URL + f"?cols={cols}&whose=my_part&due=this_year").status_code == 200
    with django_assert_max_num_queries(16):
        assert client.get(URL + f"?cols={cols}&format=csv").status_code == 200


@pytest.mark.parametrize(
    "query",
    ["", "status=overdue", "status=done_on_time", "locality=48", "q=Nhi", "due=this_year"],
)
def test_the_count_of_the_list_is_the_number_of_tasks_it_pages_through(
    client, programme, member, world, query
):
    """From the kept counts (decision 0014) when the filters allow it, else from the tasks."""
    days = [-30, -1, 0, 5]
    for i, shift in enumerate(days * 3):
        t = TaskFactory(
            commitment=programme.commitment,
            lead=world.department["own" if i % 2 else "partner"],
            due_date=dates.today() + dt.timedelta(days=shift),
        )
        if i % 3 == 0:
            t.completed_on = dt.date(2024, 6, 1) if i % 2 else t.due_date + dt.timedelta(days=1)
            t.save()
    client.force_login(member("coordinator"))
    response = client.get(URL + "?per_page=5&" + query)
    listed = _every_page(client, "per_page=5&" + query)
    assert len(set(listed)) == len(listed)
    assert response.context["page"].count == len(listed) > 0


@pytest.mark.parametrize("n", [3, 30])
def test_the_unfiltered_list_counts_from_the_kept_counts(
    client, programme, member, world, django_assert_max_num_queries, n
):
    for _i in range(n):
        TaskFactory(commitment=programme.commitment, lead=world.department["own"])
    client.force_login(member("coordinator"))
    with django_assert_max_num_queries(14) as ctx:
        response = client.get(URL)
    assert response.context["page"].count == n + 2
    sql = [q["sql"].lower() for q in ctx.captured_queries]
    assert any("programmes_taskcount" in q for q in sql)
    assert not any("count(" in q and 'from "programmes_task"' in q for q in sql)


@pytest.mark.parametrize("value", ["", "2", "a&b"])
def test_the_quick_select_writes_what_djangos_select_template_writes(value):
    from django import forms

    from hoptac.programmes.forms import QuickSelect

    choices = [
        ("", "Tất cả"),
        (2, 'Thỏa thuận <số 2> & "Đà Nẵng"'),
        ("a&b", "A & B"),
        ("Nhóm", [(5, "Năm"), (6, "Sáu > năm")]),
    ]
    attrs = {"id": "id_agreement", "data-x": 'y"z', "required": True, "disabled": False}
    quick = QuickSelect(choices=choices).render("agreement", value, attrs=attrs)
    assert quick == forms.Select(choices=choices).render("agreement", value, attrs=attrs)
    assert quick.count("selected") == 1


def test_the_task_filters_render_as_with_djangos_select(rf, programme, member):
    from django import forms

    from hoptac.programmes import queries
    from hoptac.programmes.forms import TaskFilterForm

    user = member("coordinator")
    data = {"agreement": programme.agreement.pk, "status": "overdue"}
    form = TaskFilterForm(data, agreements=queries.agreements_visible_to(user))
    assert form.is_valid(), form.errors
    for name in ("agreement", "field", "locality", "organisation", "status"):
        quick = str(form[name])
        form.fields[name].widget = forms.Select(choices=form.fields[name].widget.choices)
        assert quick == str(form[name]), name
    assert str(programme.agreement.title) in str(form["agreement"])


@pytest.mark.parametrize("n", [30, 80])
@pytest.mark.parametrize("sort", ["title", "-lead"])
def test_a_deep_page_sorted_by_text_reads_one_page_of_rows_in_a_constant_number_of_queries(
    client, programme, member, world, django_assert_max_num_queries, n, sort
):
    """Title and lead keep a Vietnamese sort key on the task: the page is picked by id with
    LIMIT/OFFSET in the database, not by fetching every task's text into Python."""
    words = ["Đào", "Dự", "Ăn", "Âm", "Bảo", "Ảnh", "Em", "Xây"]
    for i in range(n):
        TaskFactory(
            commitment=programme.commitment,
            lead=world.department["own" if i % 3 else "partner"],
            title=f"{words[i % len(words)]} {i:03d}",
        )
    client.force_login(member("coordinator"))
    with django_assert_max_num_queries(14) as ctx:
        response = client.get(URL + f"?sort={sort}&per_page=25&last=1")
    assert len(response.context["page"].object_list) == ((n + 2) % 25 or 25)
    assert response.context["page"].number == (n + 2 + 24) // 25
    task_sql = [q["sql"] for q in ctx.captured_queries if 'FROM "programmes_task"' in q["sql"]]
    assert all("LIMIT" in q or "COUNT(" in q.upper() for q in task_sql), task_sql
    assert not any("OFFSET" in q for q in task_sql), task_sql

    listed = _every_page(client, f"sort={sort}&per_page=25")
    key = (lambda t: (vi_key(t.title), t.pk)) if sort == "title" else None
    if key is None:
        key = lambda t: (vi_key(t.lead.name_vi), t.pk)  # noqa: E731
    assert listed == sorted(Task.objects.select_related("lead"), key=key, reverse=sort[0] == "-")


@pytest.mark.parametrize(
    "column, index",
    [
        ("title_sort", "task_title_sort"),
        ("lead_sort", "task_lead_sort"),
        ("agreement_sort", "task_agreement_sort"),
        ("start_date", "task_start_id"),
        ("progress", "task_progress_id"),
    ],
)
def test_the_sorts_are_served_by_an_index_on_both_backends(programme, column, index):
    """With sorting in memory forbidden (PostgreSQL) or not (SQLite), the plan walks the
    index whose collation is byte order (PostgreSQL "C", SQLite BINARY)."""
    from django.db import connection, transaction

    qs = Task.objects.order_by(column, "pk").values("pk")[:50]
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL enable_sort = off; SET LOCAL enable_seqscan = off")
        plan = qs.explain()
    assert index in plan, plan
    assert "TEMP B-TREE" not in plan.upper()


def test_a_task_keeps_its_sort_keys_through_edits_and_its_leads_renaming(programme, world):
    task = programme.task["own"]
    task.title = "Ăn khớp"
    task.save(update_fields=["title"])
    task.refresh_from_db()
    assert task.title_sort == stored_key("Ăn khớp")
    task.lead = world.department["partner"]
    task.save()
    world.department["partner"].name_vi = "Đài Truyền hình"
    world.department["partner"].save()
    task.refresh_from_db()
    assert task.lead_sort == stored_key("Đài Truyền hình")


def test_a_task_keeps_its_agreements_key_when_it_moves_or_the_reference_changes(programme):
    from .factories import AgreementFactory

    task = programme.task["own"]
    assert task.agreement_sort == stored_key(programme.agreement.reference)
    other = CommitmentFactory(agreement=AgreementFactory(reference="9/KH-UBND"))
    fresh = Task.objects.get(pk=task.pk)  # nothing of the commitment loaded
    fresh.commitment_id = other.pk
    fresh.save(update_fields=["commitment"])
    fresh.refresh_from_db()
    assert fresh.agreement_sort == stored_key("9/KH-UBND")
    programme.agreement.reference = "7-TB/TU"
    programme.agreement.save()
    assert Task.objects.get(pk=programme.task["partner"].pk).agreement_sort == stored_key("7-TB/TU")
    assert Task.objects.get(pk=task.pk).agreement_sort == stored_key("9/KH-UBND")


def test_the_filter_options_are_kept_until_what_they_list_changes(
    programme, member, world, django_assert_num_queries
):
    from hoptac.programmes import queries
    from hoptac.programmes.forms import TaskFilterForm

    user = member("coordinator")
    agreements = queries.agreements_visible_to(user)
    first = str(TaskFilterForm(agreements=agreements)["organisation"])
    with django_assert_num_queries(0):  # the four lists from the cache
        again = TaskFilterForm(agreements=agreements)
        assert str(again["organisation"]) == first
        assert str(again["agreement"]).count("<option") >= 2
    # a body that leads its first task is listed at once
    newcomer = world.department["partner"].__class__.objects.create(
        locality=world.department["own"].locality, kind="department", name_vi="Sở Ăn khớp"
    )
    assert "Sở Ăn khớp" not in str(TaskFilterForm(agreements=agreements)["organisation"])
    TaskFactory(commitment=programme.commitment, lead=newcomer)
    form = TaskFilterForm({"organisation": newcomer.pk}, agreements=agreements)
    assert "Sở Ăn khớp" in str(form["organisation"])
    assert form.is_valid() and form.cleaned_data["organisation"] == newcomer
    # an option is only shown: what is chosen is checked against the database
    other = TaskFilterForm({"agreement": 10**6}, agreements=agreements)
    assert not other.is_valid() and "agreement" in other.errors
