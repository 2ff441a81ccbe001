from __future__ import annotations

from django import forms
from django.utils.html import conditional_escape, format_html
from django.utils.safestring import mark_safe

from hoptac.core.models import Organisation

DATE = forms.DateInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"})


def _org_label(org: Organisation) -> str:
    return f"{org.name} — {org.locality.name}"


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data if d]
        return [single(data, initial)] if data else []


def _attrs(attrs: dict) -> str:
    """Attributes as django/forms/widgets/attrs.html writes them."""
    return "".join(
        f" {conditional_escape(k)}" + ("" if v is True else f'="{conditional_escape(str(v))}"')
        for k, v in attrs.items()
        if v is not False
    )


class QuickSelect(forms.Select):
    """A select whose options are written in Python, not through one template each: the same
    HTML as Django's select.html (a test compares them), in a fraction of the time. The task
    filters list every agreement a user sees (hundreds at 500 agreements) on the task list and
    the dashboard; through the templates they cost more than the page's queries."""

    def render(self, name, value, attrs=None, renderer=None):
        widget = self.get_context(name, value, attrs)["widget"]
        parts = [format_html('<select name="{}"', widget["name"]), _attrs(widget["attrs"]), ">"]
        for group_name, options, _index in widget["optgroups"]:
            if group_name:
                parts.append(format_html('\n  <optgroup label="{}">', group_name))
            for option in options:
                parts.append(
                    format_html('\n  <option value="{}"', str(option["value"]))
                    + _attrs(option["attrs"])
                    + format_html(">{}</option>\n", option["label"])  # the template's last line
                )
            if group_name:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every part escaped above
