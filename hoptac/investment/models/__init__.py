"""Investment promotion (paragraph 5 of Notice 2138-TB/TU): the joint portal, projects, parks,
priority sectors, enterprises and their offers, investor enquiries, matchmaking feedback and
B2B meeting days.

Money is whole đồng (Decimal, no fraction). Sectors are VSIC codes *with their version*: codes
differ between VSIC 2018 and VSIC 2025, so a code alone means nothing.
"""

from __future__ import annotations

from .base import AREA, MONEY, Bilingual, VsicVersion
from .brand import Brand
from .enquiries import Enquiry, EnquiryMessage, EnquiryNote
from .enterprises import Enterprise, Offer
from .events import Event, Meeting, MeetingRequest, Participant, Session, Slot, Table
from .guide import GuideStep
from .matchmaking import MatchFeedback
from .parks import Park, ParkOccupancy
from .privacy import DataRequest
from .projects import Project, ProjectAttachment
from .vocabularies import IncentiveRule, PriorityItem, PriorityList, PrioritySector, VsicCode

__all__ = [
    "DataRequest",
    "AREA",
    "MONEY",
    "VsicVersion",
    "Bilingual",
    "VsicCode",
    "PriorityList",
    "PriorityItem",
    "PrioritySector",
    "IncentiveRule",
    "Brand",
    "GuideStep",
    "Park",
    "ParkOccupancy",
    "Project",
    "ProjectAttachment",
    "Enterprise",
    "Offer",
    "Enquiry",
    "EnquiryNote",
    "EnquiryMessage",
    "MatchFeedback",
    "Event",
    "Session",
    "Slot",
    "Table",
    "Participant",
    "MeetingRequest",
    "Meeting",
]
