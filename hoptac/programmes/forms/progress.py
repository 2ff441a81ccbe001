from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from hoptac.core import files

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
        help_text=files.upload_help(files.EVIDENCE),
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


class ReopenRequestForm(forms.Form):
    """An officer asks for a finished task to be reopened; its ids carry their own prefix."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "reopen_request_%s")
        super().__init__(*args, **kwargs)

    reason = forms.CharField(
        label=_("Why should the task be reopened?"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
    )


class ReopenDecisionForm(forms.Form):
    """The coordinator answers a request to reopen: confirmed with the progress the task is
    really at, or declined with a reason."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("auto_id", "reopen_decision_%s")
        super().__init__(*args, **kwargs)

    confirm = forms.TypedChoiceField(
        label=_("Decision"),
        choices=[("1", _("Reopen the task")), ("0", _("Keep it finished"))],
        coerce=lambda v: v == "1",
    )
    progress = forms.IntegerField(
        label=_("Progress after reopening (%)"),
        min_value=0,
        max_value=99,
        required=False,
        help_text=_("Needed to reopen the task."),
    )
    note = forms.CharField(
        label=_("Note"),
        required=False,
        max_length=2000,
        help_text=_("Needed to keep the task finished: the officer reads it."),
    )

    def clean(self) -> dict:
        data = super().clean()
        if data.get("confirm") is True and data.get("progress") is None:
            self.add_error("progress", _("Say how far the task really is (0 to 99%)."))
        if data.get("confirm") is False and not (data.get("note") or "").strip():
            self.add_error("note", _("Say why the task stays finished."))
        return data
