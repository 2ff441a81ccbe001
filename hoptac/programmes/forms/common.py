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
        # ChoiceWidget.optgroups and create_option, without a dict per option: one selected
        # option at most (the first whose value matches), values and labels as text
        values = set(self.format_value(value))
        parts = [
            format_html('<select name="{}"', name),
            _attrs(self.build_attrs(self.attrs, attrs)),
        ]
        parts.append(">")
        selected = False
        for group_value, group_label in self.choices:
            group = isinstance(group_label, list | tuple)
            if group:
                parts.append(format_html('\n  <optgroup label="{}">', group_value))
            for option_value, option_label in (
                group_label if group else [(group_value, group_label)]
            ):
                text = "" if option_value is None else str(option_value)
                is_selected = not selected and text in values
                selected = selected or is_selected
                parts.append(  # the template's lines, the last with its newline
                    format_html(
                        '\n  <option value="{}"{}>{}</option>\n',
                        text,
                        " selected" if is_selected else "",
                        option_label,
                    )
                )
            if group:
                parts.append("\n  </optgroup>")
        parts.append("\n</select>")
        return mark_safe("".join(parts))  # noqa: S308 — every part escaped above
