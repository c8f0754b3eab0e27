"""Bounds for what visitors send: dates the portal can calculate with and text short enough for the
database.

Anything outside them is an ordinary validation error, never a server error: a date like 01.01.0001
or 31.12.9999 overflows once it becomes midnight in the portal's time zone or the day after, and
SQLite refuses LIKE patterns longer than 50,000 characters.
"""

import datetime

import django_filters
from django import forms
from django.core.validators import MaxLengthValidator

EARLIEST_DATE = datetime.date(1900, 1, 1)
LATEST_DATE = datetime.date(2100, 12, 31)
# Search boxes and typed names: longer than any title, name or search anyone types.
TEXT_MAX_LENGTH = 200


class BoundedDateField(forms.DateField):
    """A date between 1900 and 2100; outside, the field's "invalid" message, as for 31.02.2020."""

    def to_python(self, value):
        day = super().to_python(value)
        if day is not None and not EARLIEST_DATE <= day <= LATEST_DATE:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return day


class BoundedDateFilter(django_filters.DateFilter):
    field_class = BoundedDateField


def check_max_length(value: str, max_length: int) -> None:
    """Raise Django's usual max-length error if ``value`` is longer than ``max_length``.

    For fields that look a typed text up before they clean it (such as a municipality's name), so
    the length is checked before the database sees it.
    """
    MaxLengthValidator(max_length)(value)
