"""Sharing experience between partner cities: practices, policies, requests and activities.

Every shared item belongs to an organisation (and so to its locality), is a draft or published,
and is shared with partners only or with the public. Links to commitments live in the
programmes app (a generic link from a commitment to any object); nothing here points there.

The models live in `shared` (what every shared item has), `knowledge` (practices, policies,
adoptions), `requests` (experience requests, addressees, answers), `activities` (activities and
participants) and `attachments`; import them from `hoptac.exchange.models`.
"""

from __future__ import annotations

from .activities import Activity, Participant
from .attachments import Attachment
from .knowledge import Adoption, Policy, Practice
from .requests import Addressee, Answer, ExperienceRequest
from .shared import Publication, SharedItem, Visibility

__all__ = [
    "Activity",
    "Addressee",
    "Adoption",
    "Answer",
    "Attachment",
    "ExperienceRequest",
    "Participant",
    "Policy",
    "Practice",
    "Publication",
    "SharedItem",
    "Visibility",
]
