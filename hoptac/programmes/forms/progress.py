from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .common import DATE, MultipleFileField


class ProgressForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "progress_%s")
        super().__init__(*args, **kwargs)

    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(
        label=_("What was done"), widget=forms.Textarea(attrs={"rows": 3}), max_length=10000
    )
    reported_on = forms.DateField(label=_("Report date"), required=False, widget=DATE)
    completed = forms.BooleanField(label=_("The task is done"), required=False)
    files = MultipleFileField(
        label=_("Evidence files"),
        required=False,
        help_text=_("PDF, DOCX, XLSX, PNG, JPEG; up to 20 MB each."),
    )


class ReopenForm(forms.Form):
    """The coordinator reopens a finished task; its ids carry their own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "reopen_%s")
        super().__init__(*args, **kwargs)

    progress = forms.IntegerField(
        label=_("Progress after reopening (%)"), min_value=0, max_value=99
    )
    reason = forms.CharField(
        label=_("Why is the task reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ExtensionForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "extension_%s")
        super().__init__(*args, **kwargs)

    new_due = forms.DateField(label=_("New due date"), widget=DATE)
    reason = forms.CharField(
        label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}), max_length=2000
    )


class DecisionForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "decision_%s")
        super().__init__(*args, **kwargs)

    approve = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Approve")), ("0", _("Refuse"))],
        coerce=lambda v: v == "1",
    )
    note = forms.CharField(label=_("Note"), required=False, max_length=2000)


class CommentForm(forms.Form):
    """Shown on the task page beside other forms: its ids carry its own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "comment_%s")
        super().__init__(*args, **kwargs)

    text = forms.CharField(
        label=_("Comment"), widget=forms.Textarea(attrs={"rows": 2}), max_length=5000
    )
