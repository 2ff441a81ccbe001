"""Reads shared by the programmes' views, API, reports and benchmarks.

Every read is filtered by what the user may see, here and only here, and comes with its joins:
visibility (who sees which task and agreement, the task lists), dashboard (counts, the board,
trends) and commitments (a task's page, an agreement's commitments and their links)."""

from .commitments import (
    LinkedTarget,
    commitments_of,
    commitments_user_may_link,
    group_by_field,
    links_to,
    task_detail,
)
from .counts import (
    answerable,
    board_for,
    dashboard_tables,
    dashboard_trend,
    kept_count,
    kept_rows,
)
from .dashboard import (
    STATES,
    Board,
    DashboardCounts,
    StatusCounts,
    count_by_status,
    counts_by,
    dashboard_counts,
    monthly_trend,
)
from .visibility import (
    agreements_visible_to,
    coordinators_of,
    evidence_visible_to,
    filter_status,
    lead_team,
    my_work,
    status_expression,
    status_q,
    task_form_choices,
    task_list,
    tasks_in_order,
    tasks_visible_to,
    with_status,
)

__all__ = [
    "Board",
    "DashboardCounts",
    "LinkedTarget",
    "STATES",
    "StatusCounts",
    "agreements_visible_to",
    "answerable",
    "board_for",
    "commitments_of",
    "commitments_user_may_link",
    "coordinators_of",
    "count_by_status",
    "counts_by",
    "dashboard_counts",
    "dashboard_tables",
    "dashboard_trend",
    "evidence_visible_to",
    "filter_status",
    "group_by_field",
    "kept_count",
    "kept_rows",
    "lead_team",
    "links_to",
    "monthly_trend",
    "my_work",
    "tasks_in_order",
    "status_expression",
    "status_q",
    "task_detail",
    "task_form_choices",
    "task_list",
    "tasks_visible_to",
    "with_status",
]
