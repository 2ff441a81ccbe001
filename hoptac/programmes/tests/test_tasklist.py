"""The task list: sort, columns, filters saved and shared, pages, export, bulk edit."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from hoptac.core import dates
from hoptac.core.audit import changes_for
from hoptac.core.tests.factories import MembershipFactory
from hoptac.programmes import tasklist
from hoptac.programmes.models import ExtensionRequest, SavedTaskFilter, Tag, Task

from .factories import CommitmentFactory, TaskFactory

URL = "/nhiem-vu/"
BULK = "/nhiem-vu/sua-nhieu/"


def _titles(response) -> list[str]:
    return [t.title for t in response.context["page"].object_list]


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
    assert paged.context["page"].paginator.count == len(expected)
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
    """From the kept counts (decision 0013) when the filters allow it, else from the tasks."""
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
    response = client.get(URL + "?per_page=25&" + query)
    listed = []
    for number in response.context["page"].paginator.page_range:
        page = client.get(URL + f"?per_page=25&page={number}&" + query).context["page"]
        listed += list(page.object_list)
    assert response.context["page"].paginator.count == len(listed) > 0


@pytest.mark.parametrize("n", [3, 30])
def test_the_unfiltered_list_counts_from_the_kept_counts(
    client, programme, member, world, django_assert_max_num_queries, n
):
    for _i in range(n):
        TaskFactory(commitment=programme.commitment, lead=world.department["own"])
    client.force_login(member("coordinator"))
    with django_assert_max_num_queries(14) as ctx:
        response = client.get(URL)
    assert response.context["page"].paginator.count == n + 2
    sql = [q["sql"].lower() for q in ctx.captured_queries]
    assert any("programmes_taskcount" in q for q in sql)
    assert not any("count(" in q and 'from "programmes_task"' in q for q in sql)


# --- bulk edit ---------------------------------------------------------------------------------


@pytest.fixture
def own_tasks(programme, world):
    return [programme.task["own"]] + [
        TaskFactory(commitment=programme.commitment, lead=world.department["own"]) for _ in range(2)
    ]


def test_the_coordinator_changes_several_tasks_with_one_history_entry_each(
    client, programme, member, world, own_tasks
):
    coordinator = member("coordinator")
    officer = MembershipFactory(organisation=world.department["own"], role="officer").user
    client.force_login(coordinator)
    before = {t.pk: t.history.count() for t in own_tasks}
    response = client.post(
        BULK,
        {
            "task": [t.pk for t in own_tasks],
            "add_assignees": [officer.pk],
            "add_partners": [world.department["partner"].pk],
            "add_tags": "ODA, ưu tiên 2026",
            "back": "status=in_term",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert "status=in_term" in response["Location"]
    for t in own_tasks:
        t.refresh_from_db()
        assert list(t.assignees.all()) == [officer]
        assert list(t.partners.all()) == [world.department["partner"]]
        assert sorted(t.tags.values_list("name", flat=True)) == ["ODA", "ưu tiên 2026"]
        assert t.history.count() == before[t.pk] + 1
        assert t.history.first().history_user == coordinator
        # the audit trail names what the relations became
        after = {c.field: c.after for c in changes_for(t)[0].changes}
        assert "ODA" in after["tags"] and str(officer) in after["assignees"]


def test_bulk_edit_refuses_a_task_of_another_city_and_writes_nothing(
    client, programme, member, own_tasks
):
    client.force_login(member("coordinator"))
    response = client.post(
        BULK, {"task": [own_tasks[0].pk, programme.task["partner"].pk], "add_tags": "ODA"}
    )
    assert response.status_code == 400
    assert programme.task["partner"].title in response.content.decode()
    assert not Tag.objects.exists()
    assert not own_tasks[0].tags.exists()


def test_a_refusal_of_many_tasks_names_the_first_ten_and_counts_the_rest(
    client, programme, member, world
):
    theirs = [
        TaskFactory(
            commitment=programme.commitment, lead=world.department["partner"], title=f"Việc {i:02}"
        )
        for i in range(13)
    ]
    client.force_login(member("coordinator"))
    response = client.post(BULK, {"task": [t.pk for t in theirs], "add_tags": "ODA"})
    assert response.status_code == 400
    text = str(response.context["form"].non_field_errors())
    assert all(f"Việc {i:02}" in text for i in range(10))
    assert "Việc 10" not in text and "Việc 12" not in text
    assert "… và 3 nhiệm vụ khác" in text
    assert not Tag.objects.exists()


def test_an_officer_may_ask_for_time_in_bulk_but_not_change_fields(
    client, programme, member, own_tasks
):
    client.force_login(member("officer"))
    page = client.post(BULK, {"task": [t.pk for t in own_tasks], "add_tags": "ODA"})
    assert page.status_code == 400 and not Tag.objects.exists()
    new_due = own_tasks[0].due_date + dt.timedelta(days=90)
    response = client.post(
        BULK,
        {
            "task": [t.pk for t in own_tasks],
            "new_due": new_due.strftime("%d/%m/%Y"),
            "reason": "Chờ vốn",
        },
    )
    assert response.status_code == 302
    assert ExtensionRequest.objects.filter(new_due=new_due).count() == 3
    for t in own_tasks:
        t.refresh_from_db()
        assert t.due_date == t.baseline_due_date  # moves only once the coordinator approves


@pytest.mark.parametrize(
    "data, error",
    [
        ({"new_due": "31/02/2031", "reason": "x"}, "new_due"),
        ({"new_due": "01/01/2031"}, "reason"),
        ({"new_due": "01/01/2020", "reason": "x"}, "hạn mới phải muộn hơn"),
        ({}, "Hãy chọn ít nhất một thay đổi"),
    ],
)
def test_bad_bulk_input_is_explained_and_nothing_changes(
    client, programme, member, own_tasks, data, error
):
    client.force_login(member("coordinator"))
    response = client.post(BULK, {"task": [t.pk for t in own_tasks], **data})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert error in errors or error in str(errors.get("__all__"))
    assert not ExtensionRequest.objects.exists()


def test_bulk_edit_of_tasks_the_user_cannot_see_finds_none(client, programme, member):
    client.force_login(member("coordinator", where="unrelated"))
    response = client.post(BULK, {"task": [programme.task["own"].pk], "add_tags": "x"})
    assert response.status_code == 400
    assert programme.task["own"].title not in response.content.decode()
    assert not Tag.objects.exists()


def test_each_row_shows_its_state_in_words(client, programme, member):
    """The state column is the task's state (icon and words), not an empty cell."""
    client.force_login(member("coordinator"))
    html = client.get(URL).content.decode()
    task = programme.task["own"]
    assert f'class="status status-{task.status}"' in html
    assert str(task.get_status_display()) in html


# --- bulk edit of every task matching the filter -------------------------------------------------


@pytest.fixture
def many_own_tasks(programme, world):
    """30 tasks led by the own department: more than one page of 25."""
    return [programme.task["own"]] + [
        TaskFactory(
            commitment=programme.commitment, lead=world.department["own"], title=f"Việc {i}"
        )
        for i in range(29)
    ]


def test_a_change_applies_to_every_task_the_filter_matches_on_every_page(
    client, programme, member, world, many_own_tasks
):
    coordinator = member("coordinator")
    client.force_login(coordinator)
    back = f"per_page=25&organisation={world.department['own'].pk}"
    listing = client.get(URL + "?" + back)
    assert len(_titles(listing)) == 25
    assert "all=1" in listing.content.decode()
    page = client.get(BULK, {"all": "1", "back": back})
    assert page.status_code == 200 and page.context["total"] == 30
    assert "30" in page.content.decode()
    before = {t.pk: t.history.count() for t in many_own_tasks}
    # not confirmed: nothing changes
    data = {"all": "1", "back": back, "expected": "30", "add_tags": "ODA"}
    assert client.post(BULK, data).status_code == 400
    assert not Tag.objects.exists()
    response = client.post(BULK, {**data, "confirm": "on"})
    assert response.status_code == 302, response.context["form"].errors
    for t in many_own_tasks:
        assert list(t.tags.values_list("name", flat=True)) == ["ODA"]
        assert t.history.count() == before[t.pk] + 1
    assert not programme.task["partner"].tags.exists()  # not matched by the filter


def test_a_change_to_every_matching_task_is_refused_if_the_count_changed(
    client, programme, member, world, many_own_tasks
):
    client.force_login(member("coordinator"))
    back = f"organisation={world.department['own'].pk}"
    TaskFactory(commitment=programme.commitment, lead=world.department["own"])  # one more since
    response = client.post(
        BULK, {"all": "1", "back": back, "expected": "30", "confirm": "on", "add_tags": "ODA"}
    )
    assert response.status_code == 400
    assert "31" in str(response.context["form"].non_field_errors())
    assert response.context["form"]["expected"].value() == "31"  # what to confirm next
    assert not Tag.objects.exists()


def test_an_officer_never_changes_another_citys_tasks_through_a_filter(
    client, programme, member, own_tasks
):
    """The filter matches tasks of both cities: refused whole, with a short explanation."""
    client.force_login(member("officer"))
    new_due = programme.task["partner"].due_date + dt.timedelta(days=400)
    data = {
        "all": "1",
        "back": "",
        "expected": "4",
        "confirm": "on",
        "new_due": new_due.strftime("%d/%m/%Y"),
        "reason": "Chờ vốn",
    }
    response = client.post(BULK, data)
    assert response.status_code == 400
    text = str(response.context["form"].non_field_errors())
    assert programme.task["partner"].title in text and "1" in text
    assert not ExtensionRequest.objects.exists()
    response = client.post(BULK, {**data, "add_tags": "ODA"})  # fields: only a coordinator
    assert response.status_code == 400 and not Tag.objects.exists()


def test_too_many_matching_tasks_are_refused(client, programme, member, monkeypatch, own_tasks):
    from hoptac.programmes.views import tasklist as views

    monkeypatch.setattr(views, "BULK_ALL_LIMIT", 1)
    monkeypatch.setattr(views, "BULK_BACKGROUND_LIMIT", 2)
    client.force_login(member("coordinator"))
    page = client.get(BULK, {"all": "1", "back": ""})
    assert page.context["too_many"] and 'name="confirm"' not in page.content.decode()
    response = client.post(
        BULK, {"all": "1", "back": "", "expected": "4", "confirm": "on", "add_tags": "ODA"}
    )
    assert response.status_code == 400 and not Tag.objects.exists()


def test_more_tasks_than_a_request_holds_change_in_the_background_and_the_user_is_told(
    client, programme, member, world, monkeypatch, many_own_tasks, delivered
):
    from hoptac.core.models import Notification
    from hoptac.programmes.views import tasklist as views

    monkeypatch.setattr(views, "BULK_ALL_LIMIT", 20)
    coordinator = member("coordinator")
    client.force_login(coordinator)
    back = f"organisation={world.department['own'].pk}"
    page = client.get(BULK, {"all": "1", "back": back})
    assert page.context["background"] and len(page.context["tasks"]) == 10
    data = {"all": "1", "back": back, "expected": "30", "confirm": "on", "add_tags": "ODA"}
    with delivered():
        response = client.post(BULK, data)
        assert response.status_code == 302
        assert not Tag.objects.exists()  # nothing yet: the worker does it after the commit
    for t in many_own_tasks:
        assert list(t.tags.values_list("name", flat=True)) == ["ODA"]
    told = Notification.objects.get(user=coordinator)
    assert "30" in told.text and told.url == URL


def test_a_background_change_refused_for_one_task_changes_none_and_says_why(
    client, programme, member, monkeypatch, many_own_tasks, delivered
):
    from hoptac.core.models import Notification
    from hoptac.programmes.views import tasklist as views

    monkeypatch.setattr(views, "BULK_ALL_LIMIT", 20)
    coordinator = member("coordinator")
    client.force_login(coordinator)
    # every visible task: 30 of the own city and one of the partner city's, not theirs to change
    data = {"all": "1", "back": "", "expected": "31", "confirm": "on", "add_tags": "ODA"}
    with delivered():
        assert client.post(BULK, data).status_code == 302
    assert not Tag.objects.exists()
    told = Notification.objects.get(user=coordinator)
    assert programme.task["partner"].title in told.text and "31" in told.text


def test_every_bulk_problem_list_names_ten_and_counts_the_rest(programme, world, member):
    from django.core.exceptions import ValidationError

    from hoptac.core.tests.factories import LocalityFactory, OrganisationFactory
    from hoptac.programmes import actions

    tasks = [
        TaskFactory(commitment=programme.commitment, lead=world.department["own"])
        for _ in range(15)
    ]
    stranger = OrganisationFactory(locality=LocalityFactory())  # not of a party
    with pytest.raises(ValidationError) as err:
        actions.bulk_edit_tasks(tasks, member("coordinator"), add_partners=[stranger])
    assert len(err.value.messages) == 11 and "5" in err.value.messages[-1]
    with pytest.raises(ValidationError) as err:
        actions.bulk_request_extension(tasks, member("coordinator"), dt.date(2020, 1, 1), "Lý do")
    assert len(err.value.messages) == 11 and "5" in err.value.messages[-1]


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
