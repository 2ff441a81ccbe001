"""Documents of a project."""

from __future__ import annotations

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from hoptac.core import files


class AttachmentForm(forms.Form):
    """A document for a project: checked by its content and size before anything is stored."""

    title = forms.CharField(
        label=_("Document title"),
        max_length=200,
        required=False,
        help_text=_("Leave empty to use the file name."),
    )
    file = forms.FileField(
        label=_("File"),
        help_text=_("PDF, DOCX, XLSX or an image (PNG, JPEG, GIF, WebP), at most %(limit)s."),
        error_messages={
            "required": _("Choose a file to upload."),
            "empty": _("The file is empty."),
        },
    )

    def __init__(self, *args, **kwargs) -> None:
        from django.template.defaultfilters import filesizeformat

        super().__init__(*args, **kwargs)
        field = self.fields["file"]
        field.help_text = field.help_text % {"limit": filesizeformat(settings.FILES_MAX_BYTES)}
        field.widget.attrs["accept"] = ".pdf,.docx,.xlsx,.png,.jpg,.jpeg,.gif,.webp"

    def clean_file(self):
        return files.check_upload(self.cleaned_data["file"], kinds=files.DOCUMENTS)

    def clean_title(self) -> str:
        return self.cleaned_data["title"].replace("\x00", "").strip()
