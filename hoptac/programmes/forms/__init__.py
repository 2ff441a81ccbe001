"""The programmes' forms, one module per flow (agreements, tasks, progress, drafting) and the
shared widgets; every form is importable from here as before."""

from .agreements import AgreementForm, CooperationFieldForm, ReviewReportForm
from .common import DATE, MultipleFileField, MultipleFileInput, QuickSelect
from .drafting import (
    DraftAcceptForm,
    DraftSourceForm,
    ProposalForm,
    ProposalFormSet,
    check_due_dates,
)
from .progress import (
    CommentForm,
    DecisionForm,
    ExtensionForm,
    ProgressForm,
    ReopenDecisionForm,
    ReopenForm,
    ReopenRequestForm,
)
from .tasks import (
    DependencyForm,
    ReminderPreferenceForm,
    TaskFilterForm,
    TaskForm,
)

__all__ = [
    "AgreementForm",
    "CommentForm",
    "CooperationFieldForm",
    "DATE",
    "DecisionForm",
    "DependencyForm",
    "DraftAcceptForm",
    "DraftSourceForm",
    "ExtensionForm",
    "MultipleFileField",
    "MultipleFileInput",
    "ProgressForm",
    "ProposalForm",
    "ProposalFormSet",
    "QuickSelect",
    "ReminderPreferenceForm",
    "ReopenDecisionForm",
    "ReopenForm",
    "ReopenRequestForm",
    "ReviewReportForm",
    "TaskFilterForm",
    "TaskForm",
    "check_due_dates",
]
