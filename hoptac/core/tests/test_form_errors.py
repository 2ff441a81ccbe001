"""The error summary above a form names every field in error, whether or not the form has traps."""

from __future__ import annotations

from django import forms
from django.template.loader import render_to_string


class Plain(forms.Form):
    title = forms.CharField(label="Tiêu đề")


class Trapped(forms.Form):
    honeypot_fields = ("website",)
    title = forms.CharField(label="Tiêu đề")
    website = forms.CharField(label="Website", required=False)


def _summary(form: forms.Form) -> str:
    html = render_to_string("includes/form_fields.html", {"form": form})
    return html.split("<ul>", 1)[1].split("</ul>", 1)[0]


def test_a_form_without_traps_lists_its_fields_in_error():
    form = Plain(data={})
    assert not form.is_valid()
    assert "Tiêu đề" in _summary(form)


def test_a_trapped_form_lists_its_fields_but_never_its_trap():
    form = Trapped(data={"website": "x"})
    form.add_error("website", "trap")
    assert not form.is_valid()
    summary = _summary(form)
    assert "Tiêu đề" in summary
    assert "Website" not in summary
