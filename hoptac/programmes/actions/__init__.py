"""Every write with consequences: the audit trail and the notifications happen here, once.

One module per flow; callers import the actions from here."""

from .commitments import (
    accept_proposals,
    add_field,
    create_commitment,
    link_commitment,
    publish_commitment,
    set_evidence_public,
    short_title,
    withdraw_commitment,
)
from .progress import (
    decide_extension,
    reopen_task,
    report_progress,
    report_progress_from,
    request_extension,
)
from .reopening import (
    confirm_reopen,
    decline_reopen,
    reopen_answering_requests,
    request_reopen,
)
from .tasklist import (
    bulk_edit_tasks,
    bulk_request_extension,
    delete_task_filter,
    save_task_filter,
)
from .tasks import (
    add_comment,
    add_dependency,
    change_task,
    create_task,
    record_escalation,
    would_cycle,
)
from .webhooks import subscribe_webhook, unsubscribe_webhook

__all__ = [
    "accept_proposals",
    "add_comment",
    "add_dependency",
    "add_field",
    "bulk_edit_tasks",
    "bulk_request_extension",
    "change_task",
    "confirm_reopen",
    "create_commitment",
    "create_task",
    "decide_extension",
    "decline_reopen",
    "delete_task_filter",
    "link_commitment",
    "publish_commitment",
    "record_escalation",
    "reopen_answering_requests",
    "reopen_task",
    "report_progress",
    "report_progress_from",
    "request_reopen",
    "request_extension",
    "save_task_filter",
    "set_evidence_public",
    "short_title",
    "subscribe_webhook",
    "unsubscribe_webhook",
    "withdraw_commitment",
    "would_cycle",
]
