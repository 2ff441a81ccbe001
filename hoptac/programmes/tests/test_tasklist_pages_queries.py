"""The task list's cursor pages read a constant number of queries, whatever the list's size (the
pages themselves are tested in test_tasklist_pages.py, over rows made once for that module)."""

from __future__ import annotations

import pytest

from .factories import TaskFactory

URL = "/nhiem-vu/"


@pytest.mark.parametrize("n", [60, 120])
@pytest.mark.parametrize("sort", ["title", "-due", "agreement", "status"])
def test_a_cursor_page_uses_the_same_number_of_queries_at_two_sizes(
    client, programme, member, world, django_assert_num_queries, n, sort
):
    for i in range(n):
        TaskFactory(commitment=programme.commitment, lead=world.department["own"], title=f"T {i}")
    client.force_login(member("coordinator"))
    link = client.get(URL + f"?sort={sort}&per_page=25&last=1").context["pages"]["previous"]
    client.get(URL + "?" + link)  # the session and the filter options, once
    # session, user, memberships, partnerships, kept count, the page (its ids picked in a
    # subquery), unread notices, saved filters, tags
    # the state, which has no index, picks its ids in a query of their own (a UNION ALL)
    with django_assert_num_queries(QUERIES + (sort == "status")):
        response = client.get(URL + "?" + link)
    assert len(response.context["page"]) == 25


QUERIES = 9
