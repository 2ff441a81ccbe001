"""Every write with consequences: enquiries, feedback, meeting requests, scheduling, check-in.

Views, the API, tasks and commands call these; the audit trail (simple-history) and the e-mails
are here so that none can be forgotten.

One module per flow (`enquiries`, `matching`, `b2b`, `projects`); callers import the actions
from here.
"""

from __future__ import annotations

from .b2b import (
    ScheduleOutcome,
    build_problem,
    check_in,
    decide_request,
    delete_slot,
    expire_requests,
    mark_meeting,
    register_participant,
    request_meeting,
    schedule_event,
    update_profile,
)
from .enquiries import (
    ENQUIRY_ANSWER_WORKING_DAYS,
    add_note,
    answer_enquiry,
    assign_manager,
    move_enquiry,
    reply_to_enquiry,
    submit_enquiry,
    tracking_url,
    warn_overdue_enquiries,
)
from .matching import record_feedback
from .projects import add_project_attachment, remove_project_attachment

__all__ = [
    "ENQUIRY_ANSWER_WORKING_DAYS",
    "ScheduleOutcome",
    "add_note",
    "add_project_attachment",
    "answer_enquiry",
    "assign_manager",
    "build_problem",
    "check_in",
    "decide_request",
    "delete_slot",
    "expire_requests",
    "mark_meeting",
    "move_enquiry",
    "record_feedback",
    "register_participant",
    "remove_project_attachment",
    "reply_to_enquiry",
    "request_meeting",
    "schedule_event",
    "submit_enquiry",
    "tracking_url",
    "update_profile",
    "warn_overdue_enquiries",
]
