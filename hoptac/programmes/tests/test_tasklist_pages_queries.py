"""The task list's cursor pages read a constant number of queries, whatever the list's size (the
pages themselves are tested in test_tasklist_pages.py, over rows made once for that module)."""

from __future__ import annotations

import pytest

from .factories import TaskFactory

URL = "/nhiem-vu/"


@pytest.mark.parametrize("sort", ["title", "-due", "agreement", "status"])
def test_a_cursor_page_uses_the_same_number_of_queries_at_two_sizes(
    client, programme, member, world, django_assert_num_queries, sort
):
    client.force_login(member("coordinator"))
    # 60 tasks, then 60 more: the second size grows the first instead of making all 120 again
    for first, n in ((0, 60), (60, 120)):
        for i in range(first, n):
            TaskFactory(
                commitment=programme.commitment, lead=world.department["own"], title=f"T {i}"
            )
        link = client.get(URL + f"?sort={sort}&per_page=25&last=1").context["pages"]["previous"]
        client.get(URL + "?" + link)  # the session and the filter options, once
        # session, user, memberships, partnerships, kept count, the page (its ids picked in a
        # subquery), unread notices, saved filters, tags
        # the state, which has no index, picks its ids in a query of their own (a UNION ALL)
        with django_assert_num_queries(QUERIES + (sort == "status")):
            response = client.get(URL + "?" + link)
        assert len(response.context["page"]) == 25, n


QUERIES = 9
