"""Django offers "---------" as the empty choice of every select; Hoptac says what choosing nothing
means, in the user's language: "Choose…" where a value is required, "(none)" where the field may
stay empty. Filters say "All" (their forms or templates set it).

Installed once from CoreConfig.ready(), before any form class of any app is built (a form's
fields are made when its class is defined), so it holds for every form; the crawl guard
(tests/guards/test_crawl.py) checks the pages.
"""

from __future__ import annotations

from django import forms
from django.utils.choices import BlankChoiceIterator
from django.utils.translation import gettext_lazy as _

# CoreConfig.ready(), for every form of every app; tests/guards/test_crawl.py checks the pages.
DJANGO_EMPTY_LABEL = "---------"
EMPTY_REQUIRED = _("Choose…")
EMPTY_OPTIONAL = _("(none)")


def empty_label(field: forms.Field) -> str:
    """The empty choice's label for `field`: "Choose…" when required, else "(none)"."""
    return EMPTY_REQUIRED if field.required else EMPTY_OPTIONAL


def install_empty_labels() -> None:
    """Replace Django's "---------" in every ModelChoiceField and ChoiceField (including the
    choices Django derives from a model field with choices)."""
    if getattr(forms.ModelChoiceField, "_hoptac_empty_labels", False):
        return
    model_init = forms.ModelChoiceField.__init__

    def __init__(self: forms.ModelChoiceField, *args, **kwargs) -> None:
        model_init(self, *args, **kwargs)
        if self.empty_label == DJANGO_EMPTY_LABEL:
            self.empty_label = empty_label(self)

    forms.ModelChoiceField.__init__ = __init__
    forms.ModelChoiceField._hoptac_empty_labels = True

    choices = forms.ChoiceField.choices

    def set_choices(self: forms.ChoiceField, value) -> None:
        choices.fset(self, value)
        current = self._choices
        if isinstance(current, BlankChoiceIterator):  # a model field's choices, with a blank
            if list(current.blank_choice) == [("", DJANGO_EMPTY_LABEL)]:
                current.blank_choice = [("", empty_label(self))]
                self.widget.choices = current
        elif isinstance(current, list):
            named = [
                (key, empty_label(self))
                if key == "" and label == DJANGO_EMPTY_LABEL
                else (key, label)
                for key, label in current
            ]
            if named != current:
                self._choices = self.widget.choices = named

    forms.ChoiceField.choices = property(choices.fget, set_choices)
