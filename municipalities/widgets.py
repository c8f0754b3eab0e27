"""The autocomplete widget of MunicipalityField (see forms.py); also used by the directory's search box."""

import re

from django import forms
from django.urls import reverse_lazy

from .models import Municipality

# What the autocomplete puts into the input, "Halle (Saale), Stadt (15002)", or what a person copies
# from the list of candidates, "Offenbach (Landkreis, 06438)".
KEY_SUFFIX = re.compile(r"(?:\(|,\s*)(\d{5}|\d{8})\)\s*$")
# The radio buttons listing the candidates of an ambiguous name are named like the input plus this.
CHOICE_SUFFIX = "_choice"


def municipality_label(municipality):
    return f"{municipality.name} ({municipality.key})"


def municipality_choice_label(municipality):
    """Return the name with kind and key, so namesakes can be told apart: „Offenbach (Landkreis, 06438)“."""
    return f"{municipality.name} ({municipality.kind_label}, {municipality.key})"


class MunicipalityAutocompleteWidget(forms.TextInput):
    # In the app's templates/ folder: Django's default form renderer only looks in app folders.
    template_name = "municipalities/widgets/municipality_autocomplete.html"

    def __init__(self, attrs=None, source_url=None):
        attrs = {"autocomplete": "off", "spellcheck": "false", **(attrs or {})}
        super().__init__(attrs)
        self.source_url = source_url or reverse_lazy("municipalities:search")

    class Media:
        css = {"all": ["css/municipalities.css"]}
        js = ["js/municipality-autocomplete.js"]

    # Set by MunicipalityField when a typed name fits several municipalities (this form's copy only).
    candidates = ()

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["source_url"] = str(self.source_url)
        context["widget"]["choice_name"] = name + CHOICE_SUFFIX
        context["widget"]["candidates"] = [
            {"key": m.key, "label": municipality_choice_label(m), "state": m.state.name}
            for m in self.candidates
        ]
        return context

    def value_from_datadict(self, data, files, name):
        # Without JavaScript, a person picks one of the listed candidates by its radio button.
        choice = data.get(name + CHOICE_SUFFIX, "")
        if choice.isdigit():
            return choice
        return super().value_from_datadict(data, files, name)

    def format_value(self, value):
        if isinstance(value, Municipality):
            return municipality_label(value)
        return super().format_value(value)
