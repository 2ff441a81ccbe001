"""Agreements become commitments, commitments become tasks; tasks carry progress to the review.

A task's status is never typed: it is derived from its due date, its completion date and today,
in the four states the Government Office reports.

The models live in `agreements` (agreements, commitments and their links), `tasks` (tasks, their
status, dependencies, tags and saved filters), `progress` (extensions, reports, evidence,
comments), `following` (reminders, followed items, visits, digests), `meetings` (steering
committee meetings) and `webhooks`; import them from `hoptac.programmes.models`.
"""

from __future__ import annotations

from .agreements import REFERENCE_RE, Agreement, Commitment, CommitmentLink, parse_reference
from .counts import TaskCount, TaskMonthCount
from .following import Reminder, ReminderPreference, TaskVisit, Watch, WatchDigest
from .meetings import AgendaItem, Conclusion, SteeringMeeting
from .progress import Comment, Evidence, ExtensionRequest, ProgressReport
from .reopening import ReopenRequest
from .tasks import (
    STATUS_ICONS,
    SavedTaskFilter,
    Tag,
    Task,
    TaskDependency,
    TaskStatus,
    derive_status,
)
from .webhooks import WebhookDelivery, WebhookEvent, WebhookSubscription

__all__ = [
    "AgendaItem",
    "Agreement",
    "Comment",
    "Commitment",
    "CommitmentLink",
    "Conclusion",
    "Evidence",
    "ExtensionRequest",
    "ProgressReport",
    "REFERENCE_RE",
    "Reminder",
    "ReopenRequest",
    "ReminderPreference",
    "STATUS_ICONS",
    "SavedTaskFilter",
    "SteeringMeeting",
    "Tag",
    "Task",
    "TaskCount",
    "TaskDependency",
    "TaskMonthCount",
    "TaskStatus",
    "TaskVisit",
    "Watch",
    "WatchDigest",
    "WebhookDelivery",
    "WebhookEvent",
    "WebhookSubscription",
    "derive_status",
    "parse_reference",
]
