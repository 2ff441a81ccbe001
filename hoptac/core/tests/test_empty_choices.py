"""Selects name their empty choice (hoptac.core.empty_choices), never Django's "---------"."""

from __future__ import annotations

from django import forms
from django.utils import translation

from hoptac.core.forms import OrganisationForm
from hoptac.core.models import Locality


def test_a_required_model_choice_asks_to_choose_and_an_optional_one_says_none():
    required = forms.ModelChoiceField(Locality.objects.none())
    optional = forms.ModelChoiceField(Locality.objects.none(), required=False)
    with translation.override("vi"):
        assert str(required.empty_label) == "Chọn…"
        assert str(optional.empty_label) == "(không có)"
    with translation.override("en"):
        assert str(optional.empty_label) == "(none)"


def test_a_model_fields_choices_get_the_label_too():
    from hoptac.exchange.models import Policy

    field = Policy._meta.get_field("kind").formfield()
    with translation.override("vi"):
        first = list(field.widget.choices)[0]
    assert first[0] == "" and str(first[1]) == "Chọn…"


def test_an_explicit_label_is_kept():
    field = forms.ModelChoiceField(Locality.objects.none(), empty_label="Tất cả")
    assert field.empty_label == "Tất cả"


def test_forms_defined_in_core_itself_are_covered():
    # OrganisationForm's fields were built when core.forms was imported: after the install.
    assert OrganisationForm.base_fields["parent"].empty_label != "---------"
    assert OrganisationForm.base_fields["successor"].empty_label != "---------"
