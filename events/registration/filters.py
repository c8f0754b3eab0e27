"""The "nur mit freien Plätzen" filter of the event list (used in events/filters.py)."""

import django_filters
from django import forms
from django.utils.translation import gettext_lazy as _


class FlagField(forms.BooleanField):
    """A checkbox that cleans to "ja" when ticked and to None otherwise, so an unticked box is no filter."""

    widget = forms.CheckboxInput

    def __init__(self, **kwargs):
        kwargs["required"] = False
        super().__init__(**kwargs)

    def to_python(self, value):
        return _("ja") if super().to_python(value) else None


class FreeSeatsFilter(django_filters.Filter):
    field_class = FlagField
