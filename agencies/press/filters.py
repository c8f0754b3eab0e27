"""Filters for the public press list (a django-filter FilterSet)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency
from portal.bounds import TEXT_MAX_LENGTH

from .models import PressRelease

MAX_SEARCH_TERMS = 8


class PressReleaseFilter(django_filters.FilterSet):
    agentur = django_filters.ModelChoiceFilter(
        label=_("Agentur"),
        queryset=Agency.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Agenturen"),
        method="filter_agency",
    )
    jahr = django_filters.ChoiceFilter(
        label=_("Jahr"), choices=[], empty_label=_("Alle Jahre"), method="filter_year"
    )
    suche = django_filters.CharFilter(
        label=_("Suchbegriff"), method="filter_search", max_length=TEXT_MAX_LENGTH
    )

    class Meta:
        model = PressRelease
        fields = []

    def __init__(self, *args, years, **kwargs):
        """``years``: the years with public releases, newest first (selectors.press_release_years)."""
        super().__init__(*args, **kwargs)
        self.filters["jahr"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_agency(self, queryset, name, value):
        return queryset.of_agency(value)

    def filter_year(self, queryset, name, value):
        return queryset.filter(published_at__year=int(value))

    def filter_search(self, queryset, name, value):
        for term in value.split()[:MAX_SEARCH_TERMS]:
            queryset = queryset.filter(
                Q(headline__icontains=term)
                | Q(subheading__icontains=term)
                | Q(teaser__icontains=term)
                | Q(body__icontains=term)
            )
        return queryset
