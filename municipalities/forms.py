"""A form field for picking a municipality by name, with an accessible autocomplete.

Without JavaScript it is a plain text input: people type a name or an official key and the field
finds the municipality (or lists the candidates in its error message). With JavaScript,
``static/js/municipality-autocomplete.js`` turns the input into an ARIA combobox that suggests
municipalities from ``/kommunen/suche/`` as people type.

Usage in another form (remember ``{{ form.media }}`` in the template, e.g. in ``{% block extra_js %}``)::

    from municipalities.forms import MunicipalityField

    class RegistrationForm(forms.ModelForm):
        municipality = MunicipalityField(label=_("Ihre Kommune"), required=False)
"""

from django import forms
from django.core.validators import ProhibitNullCharactersValidator
from django.utils.translation import gettext_lazy as _

from portal.bounds import TEXT_MAX_LENGTH, check_max_length

from . import selectors
from .models import Municipality
from .widgets import (
    KEY_SUFFIX,
    MunicipalityAutocompleteWidget,
    municipality_choice_label,
    municipality_label,
)

__all__ = ["MunicipalityAutocompleteWidget", "MunicipalityField"]


class MunicipalityField(forms.Field):
    """Clean a typed name, „Name (Schlüssel)“ or key into a Municipality (or None if empty)."""

    widget = MunicipalityAutocompleteWidget
    default_error_messages = {
        "not_found": _("Wir finden keine Kommune „%(value)s“. Bitte prüfen Sie die Schreibweise."),
        "ambiguous": _(
            "Mehrere Kommunen passen zu „%(value)s“: %(candidates)s. Bitte wählen Sie eine aus der "
            "Liste unter dem Feld oder geben Sie den Namen mit dem Schlüssel in Klammern ein."
        ),
    }

    def __init__(self, *, queryset=None, max_length=TEXT_MAX_LENGTH, **kwargs):
        kwargs.setdefault(
            "help_text", _("Namen oder Gemeindeschlüssel eingeben, zum Beispiel „Halle“ oder „15002“.")
        )
        self.max_length = max_length  # before super().__init__(), which asks widget_attrs()
        super().__init__(**kwargs)
        self.queryset = queryset if queryset is not None else Municipality.objects.all()

    def widget_attrs(self, widget):
        return {**super().widget_attrs(widget), "maxlength": str(self.max_length)}

    def prepare_value(self, value):
        if isinstance(value, int) and not isinstance(value, bool):
            # A model form's initial value is the primary key.
            found = self.queryset.filter(pk=value).first()
            return municipality_label(found) if found else ""
        return value

    def to_python(self, value):
        if isinstance(value, Municipality):
            return value
        text = (value or "").strip()
        if not text:
            return None
        # Before the name reaches a LIKE query (SQLite's limit on patterns, PostgreSQL's on NUL).
        check_max_length(text, self.max_length)
        ProhibitNullCharactersValidator()(text)
        match = KEY_SUFFIX.search(text)
        if match:
            found = self.queryset.filter(key=match.group(1)).first()
            if found:
                return found
            text = KEY_SUFFIX.sub("", text).strip()
        found, candidates = selectors.municipality_resolve(
            text=text, queryset=self.queryset.select_related("state")
        )
        if found:
            return found
        if candidates:
            self.widget.candidates = candidates  # listed to choose from when the form is shown again
            raise forms.ValidationError(
                self.error_messages["ambiguous"],
                code="ambiguous",
                params={
                    "value": text,
                    "candidates": "; ".join(municipality_choice_label(m) for m in candidates),
                },
            )
        raise forms.ValidationError(
            self.error_messages["not_found"], code="not_found", params={"value": text}
        )
