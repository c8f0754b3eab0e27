"""The autocomplete widget of MunicipalityField (see forms.py); also used by the directory's search box."""

import re

from django import forms
from django.urls import reverse_lazy

from .models import Municipality

# What the autocomplete puts into the input: "Halle (Saale), Stadt (15002)".
KEY_SUFFIX = re.compile(r"\((\d{5}|\d{8})\)\s*$")


def municipality_label(municipality):
    return f"{municipality.name} ({municipality.key})"


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

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["source_url"] = str(self.source_url)
        return context

    def format_value(self, value):
        if isinstance(value, Municipality):
            return municipality_label(value)
        return super().format_value(value)
