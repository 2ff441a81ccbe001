"""The task list's pages: keyset cursors in the links, on every sort, in both directions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import signing

from hoptac.core import dates
from hoptac.core.collation import stored_key
from hoptac.core.tests.factories import make_world
from hoptac.core.tests.module_rows import module_rows
from hoptac.programmes import keyset
from hoptac.programmes.models import Task

from .factories import AgreementFactory, CommitmentFactory, TaskFactory, make_programme

URL = "/nhiem-vu/"
SORTS = ["title", "agreement", "lead", "start", "due", "progress", "status"]


def _brute_key(sort: str, today: dt.date):
    """The order each sort means, computed in Python from the rows (the id breaks ties)."""
    return {
        "title": lambda t: stored_key(t.title),
        "agreement": lambda t: stored_key(t.commitment.agreement.reference),
        "lead": lambda t: stored_key(t.lead.name_vi),
        "start": lambda t: t.start_date,
        "due": lambda t: t.due_date,
        "progress": lambda t: t.progress,
        "status": lambda t: str(t.status_on(today)),
    }[sort]


def _many(programme, world) -> None:
    """57 tasks (59 with the programme's) full of ties on every column, in two agreements, and
    tasks of an unrelated city that the own city's users never see."""
    today = dates.today()
    other = AgreementFactory(
        issuer=world.office["own"], parties=[world.localities["own"], world.localities["partner"]]
    )
    commitments = [programme.commitment, CommitmentFactory(agreement=other)]
    leads = [world.department["own"], world.department["partner"]]
    for i in range(57):
        task = TaskFactory(
            commitment=commitments[i % 2],
            lead=leads[i % 3 % 2],
            title=["Đào tạo", "Ăn khớp", "Xây dựng", "Dự án"][i % 4] + ("" if i % 5 else " A"),
            start_date=dt.date(2024, 1 + i % 3, 1),
            due_date=today + dt.timedelta(days=[-20, 0, 15][i % 3]),
            progress=[0, 40, 40, 90][i % 4],
        )
        if i % 7 == 0:
            task.completed_on = task.due_date + dt.timedelta(days=[-1, 3][i % 2])
            task.save()
    unrelated = AgreementFactory(
        issuer=world.office["unrelated"], parties=[world.localities["unrelated"]]
    )
    for _i in range(3):
        TaskFactory(
            commitment=CommitmentFactory(agreement=unrelated), lead=world.department["unrelated"]
        )


@pytest.fixture(scope="module")
def _shared(django_db_setup, django_db_blocker):
    """The world, the programme and its many tasks, made once for the module (module_rows.py):
    every test here reads them, and what a test writes is rolled back after it."""
    with module_rows(django_db_blocker):
        world = make_world()
        programme = make_programme(world)
        _many(programme, world)
        yield world, programme


@pytest.fixture
def world(_shared, db):
    return _shared[0]


@pytest.fixture
def many(_shared, db):
    return _shared[1]


def _forward(client, query: str) -> tuple[list[Task], list]:
    response = client.get(URL + "?" + query)
    tasks, numbers = list(response.context["page"]), [response.context["page"].number]
    while "next" in response.context["pages"]:
        response = client.get(URL + "?" + response.context["pages"]["next"])
        tasks += list(response.context["page"])
        numbers.append(response.context["page"].number)
    return tasks, numbers


def _backward(client, query: str) -> tuple[list[Task], list]:
    response = client.get(URL + "?" + query + "&last=1")
    pages, numbers = [list(response.context["page"])], [response.context["page"].number]
    while "previous" in response.context["pages"]:
        response = client.get(URL + "?" + response.context["pages"]["previous"])
        pages.insert(0, list(response.context["page"]))
        numbers.insert(0, response.context["page"].number)
    return [t for page in pages for t in page], numbers


@pytest.mark.parametrize("sort", SORTS)
def test_every_sort_pages_through_the_brute_force_order_both_ways(
    client, many, member, world, sort
):
    client.force_login(member("coordinator"))
    today = dates.today()
    visible = Task.objects.exclude(lead=world.department["unrelated"]).select_related(
        "lead", "commitment__agreement"
    )
    key = _brute_key(sort, today)
    for direction in ("", "-"):
        expected = sorted(visible, key=lambda t: (key(t), t.pk), reverse=direction == "-")
        query = f"sort={direction}{sort}&per_page=25"
        forward, numbers = _forward(client, query)
        assert [t.pk for t in forward] == [t.pk for t in expected], (sort, direction)
        assert numbers == [1, 2, 3]
        backward, numbers = _backward(client, query)
        assert [t.pk for t in backward] == [t.pk for t in expected], (sort, direction)
        assert numbers == [1, 2, 3]


def test_a_next_link_keeps_the_filter_and_reads_the_same_page_when_shared(client, many, member):
    client.force_login(member("coordinator"))
    first = client.get(URL + "?locality=01&sort=-due&per_page=25")
    shared = first.context["pages"]["next"]
    assert "locality=01" in shared and "after=" in shared
    client.logout()
    client.force_login(member("officer"))  # another reader of the same city
    again = client.get(URL + "?" + shared)
    assert again.status_code == 200
    tasks = list(again.context["page"])
    assert tasks and all(t.lead.locality.code == "01" for t in tasks)
    assert not set(tasks) & set(first.context["page"])


# Signed tokens carry the time they were made: they are made in the test, not at collection, so
# that every xdist worker collects the same test ids.
FORGED = {
    "garbage": lambda: "abc",
    "empty": lambda: "",
    "bad-signature": lambda: "eyJ0IjoxfQ:1kZ:forged",
    "another-salt": lambda: signing.dumps(["due", ["2026-01-01"], 1, 2, 25], salt="another salt"),
    "another-sort": lambda: signing.dumps(["title", ["x"], 1, 2, 25], salt=keyset.SALT),
    "not-a-date": lambda: signing.dumps(["due", ["yesterday"], 1, 2, 25], salt=keyset.SALT),
    "id-as-text": lambda: signing.dumps(["due", [5], "1", 2, 25], salt=keyset.SALT),
    "no-values": lambda: signing.dumps(["due", [], 1, 2, 25], salt=keyset.SALT),
    "a-mapping": lambda: signing.dumps({"sort": "due"}, salt=keyset.SALT),
}


@pytest.mark.parametrize("forged", list(FORGED))
@pytest.mark.parametrize("direction", ["after", "before"])
def test_a_forged_or_foreign_cursor_shows_the_first_page_with_a_message(
    client, many, member, forged, direction
):
    token = FORGED[forged]()
    client.force_login(member("coordinator"))
    first = client.get(URL + "?sort=due&per_page=25")
    response = client.get(URL + f"?sort=due&per_page=25&{direction}={token}")
    assert response.status_code == 200
    assert list(response.context["page"]) == list(first.context["page"])
    if token:
        assert response.context["page"].refused
        assert "Không đọc được liên kết trang này" in response.content.decode()


def test_an_edited_cursor_is_refused(client, many, member):
    client.force_login(member("coordinator"))
    link = client.get(URL + "?sort=title&per_page=25").context["pages"]["next"]
    token = link.split("after=")[1].split("&")[0]
    edited = token[:-3] + ("AAA" if token[-3:] != "AAA" else "BBB")
    response = client.get(URL + f"?sort=title&per_page=25&after={edited}")
    assert response.context["page"].refused
    assert response.context["page"].number == 1


def test_a_cursor_does_not_show_another_citys_tasks(client, many, member, world):
    """A link made by a Hanoi coordinator, opened by someone of an unrelated city: the
    cursor moves along that reader's own list, which holds none of Hanoi's tasks."""
    client.force_login(member("coordinator"))
    link = client.get(URL + "?sort=title&per_page=25").context["pages"]["next"]
    client.logout()
    client.force_login(member("coordinator", where="unrelated"))
    response = client.get(URL + "?" + link)
    assert response.status_code == 200
    leads = {t.lead_id for t in response.context["page"]}
    assert leads <= {world.department["unrelated"].pk}


def test_links_made_with_page_numbers_still_open_their_page(client, many, member):
    client.force_login(member("coordinator"))
    forward, _numbers = _forward(client, "sort=title&per_page=25")
    second = client.get(URL + "?sort=title&per_page=25&page=2").context["page"]
    assert list(second) == forward[25:50]
    assert second.number == 2


def test_a_deep_cursor_page_reads_no_offset_and_the_last_page_is_whole_pages_from_the_end(
    client, many, member
):
    client.force_login(member("coordinator"))
    last = client.get(URL + "?sort=lead&per_page=25&last=1")
    assert len(last.context["page"]) == 59 - 50
    previous = last.context["pages"]["previous"]
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as ctx:
        middle = client.get(URL + "?" + previous)
    assert middle.context["page"].number == 2 and len(middle.context["page"]) == 25
    assert not any("OFFSET" in q["sql"] for q in ctx.captured_queries)


def test_the_filter_the_export_and_bulk_edit_links_leave_the_cursor_out(client, many, member):
    client.force_login(member("coordinator"))
    link = client.get(URL + "?sort=due&per_page=25").context["pages"]["next"]
    response = client.get(URL + "?" + link)
    assert "after=" not in response.context["query"]
    csv = client.get(URL + "?" + link + "&format=csv").content.decode("utf-8-sig")
    assert len(csv.strip().splitlines()) == 1 + 59  # every page, whatever page it came from
