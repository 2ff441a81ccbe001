"""Input validation with specific messages; the models re-check their own invariants."""

from __future__ import annotations

from .attachments import AttachmentForm
from .enquiries import (
    FORM_MAX_AGE,
    MIN_SECONDS_TO_SUBMIT,
    EnquiryForm,
    EnquiryHandleForm,
    EnquiryReplyForm,
    form_token,
)
from .events import (
    ErasureForm,
    MeetingRequestForm,
    ParticipantProfileForm,
    RegistrationForm,
    clean_division,
)
from .guide import GuideStepForm
from .workspace import (
    BrandForm,
    EnterpriseForm,
    GeoJSONField,
    LocalityScopedForm,
    OfferForm,
    ParkForm,
    ProjectForm,
    staff_localities,
)

__all__ = [
    "AttachmentForm",
    "BrandForm",
    "EnquiryForm",
    "EnquiryHandleForm",
    "EnquiryReplyForm",
    "EnterpriseForm",
    "ErasureForm",
    "GuideStepForm",
    "FORM_MAX_AGE",
    "GeoJSONField",
    "LocalityScopedForm",
    "MIN_SECONDS_TO_SUBMIT",
    "MeetingRequestForm",
    "OfferForm",
    "ParkForm",
    "ParticipantProfileForm",
    "ProjectForm",
    "RegistrationForm",
    "clean_division",
    "form_token",
    "staff_localities",
]
