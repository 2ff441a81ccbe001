"""The task list's bulk edit: the ticked tasks or every task the filter matches, all or
nothing, one history entry each; more than a request holds goes to the task worker."""

from __future__ import annotations

import datetime as dt

import pytest

from hoptac.core.audit import changes_for
from hoptac.core.tests.factories import MembershipFactory
from hoptac.programmes.models import ExtensionRequest, Tag

from .factories import TaskFactory

URL = "/nhiem-vu/"
BULK = "/nhiem-vu/sua-nhieu/"


def _titles(response) -> list[str]:
    return [t.title for t in response.context["page"].object_list]


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
