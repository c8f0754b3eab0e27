"""Filters for the public publication list (a django-filter FilterSet)."""

import django_filters
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

from .models import Publication, PublicationSeries

# Topics are the events app's vocabulary (a layer above): reach the model through the relation.
Topic = Publication._meta.get_field("topics").related_model


class PublicationFilter(django_filters.FilterSet):
    agentur = django_filters.ModelChoiceFilter(
        label=_("Agentur"),
        field_name="agency",
        queryset=Agency.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Agenturen"),
    )
    reihe = django_filters.ModelChoiceFilter(
        label=_("Reihe"),
        field_name="series",
        queryset=PublicationSeries.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Reihen"),
    )
    thema = django_filters.ModelChoiceFilter(
        label=_("Thema"),
        field_name="topics",
        queryset=Topic.objects.filter(publications__isnull=False).distinct(),
        to_field_name="slug",
        empty_label=_("Alle Themen"),
    )
    jahr = django_filters.ChoiceFilter(
        label=_("Jahr"), field_name="year", choices=[], empty_label=_("Alle Jahre")
    )

    class Meta:
        model = Publication
        fields = []

    def __init__(self, *args, years, **kwargs):
        """``years``: the publications' years, newest first (selectors.publication_years)."""
        super().__init__(*args, **kwargs)
        self.filters["jahr"].extra["choices"] = [(str(year), str(year)) for year in years]
