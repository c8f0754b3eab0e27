import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agencies.models import Agency

from .models import FederalState, Municipality, Partnership
from .widgets import KEY_SUFFIX, MunicipalityAutocompleteWidget

SORTING = {
    "name": (F("name").asc(), "key"),
    "-name": (F("name").desc(), "key"),
    "-einwohner": (F("population").desc(nulls_last=True), "name"),
    "einwohner": (F("population").asc(nulls_last=True), "name"),
    "schluessel": ("key",),
}
SORTING_CHOICES = [
    ("name", _("Name (A–Z)")),
    ("-name", _("Name (Z–A)")),
    ("-einwohner", _("Einwohnerzahl (größte zuerst)")),
    ("einwohner", _("Einwohnerzahl (kleinste zuerst)")),
    ("schluessel", _("Gemeindeschlüssel")),
]


# More than any municipality has, and small enough for every database's integer column.
POPULATION_MAX = 100_000_000


class PopulationFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", POPULATION_MAX)
        # A text input keeps whatever was typed (a number input would blank out „abc“ with the error).
        kwargs.setdefault("widget", forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}))
        super().__init__(*args, **kwargs)


class AgencyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.short_name


class AgencyFilter(django_filters.ModelChoiceFilter):
    field_class = AgencyChoiceField


class MunicipalityFilterForm(forms.Form):
    def clean(self):
        cleaned_data = super().clean()
        low, high = cleaned_data.get("einwohner_min"), cleaned_data.get("einwohner_max")
        if low is not None and high is not None and low > high:
            self.add_error("einwohner_max", _("Die Höchstzahl ist kleiner als die Mindestzahl."))
        return cleaned_data


def _ignore(queryset, name, value):
    """Agency and partnership status are applied together in MunicipalityFilter.filter_queryset."""
    return queryset


class MunicipalityFilter(django_filters.FilterSet):
    """The directory's filters; the German parameter names appear in shared links."""

    q = django_filters.CharFilter(
        label=_("Name oder Gemeindeschlüssel"),
        method="filter_search",
        max_length=100,
        widget=MunicipalityAutocompleteWidget,
    )
    bundesland = django_filters.ModelChoiceFilter(
        label=_("Bundesland"),
        field_name="state",
        queryset=FederalState.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Bundesländer"),
    )
    art = django_filters.ChoiceFilter(
        label=_("Art"), field_name="kind", choices=Municipality.Kind.choices, empty_label=_("Alle Arten")
    )
    agentur = AgencyFilter(
        label=_("Partner der Transferagentur"),
        queryset=Agency.objects.all(),
        to_field_name="slug",
        empty_label=_("Alle Transferagenturen"),
        method=_ignore,
    )
    partnerschaft = django_filters.ChoiceFilter(
        label=_("Partnerschaft"),
        choices=Partnership.Status.choices,
        empty_label=_("Alle Kommunen"),
        method=_ignore,
    )
    einwohner_min = PopulationFilter(label=_("Einwohner ab"), field_name="population", lookup_expr="gte")
    einwohner_max = PopulationFilter(label=_("Einwohner bis"), field_name="population", lookup_expr="lte")
    sortierung = django_filters.ChoiceFilter(
        label=_("Sortierung"), choices=SORTING_CHOICES, empty_label=None, method="filter_sorting"
    )

    class Meta:
        model = Municipality
        fields = []
        form = MunicipalityFilterForm

    def __init__(self, data=None, *args, **kwargs):
        if data is not None and not data.get("sortierung"):
            data = data.copy()
            data["sortierung"] = "name"
        super().__init__(data, *args, **kwargs)

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if match := KEY_SUFFIX.search(value):
            # A suggestion picked in the autocomplete: "Halle (Saale), Stadt (15002)"
            return queryset.filter(key=match.group(1))
        if value.isdigit():
            return queryset.filter(key__startswith=value)
        return queryset.filter(name__icontains=value)

    def filter_sorting(self, queryset, name, value):
        return queryset.order_by(*SORTING.get(value, SORTING["name"]))

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if not self.form.cleaned_data.get("sortierung"):
            queryset = queryset.order_by(*SORTING["name"])
        return filter_by_partnership(
            queryset,
            agency=self.form.cleaned_data.get("agentur"),
            status=self.form.cleaned_data.get("partnerschaft"),
        )


def filter_by_partnership(queryset, *, agency=None, status=None, on=None):
    """Keep the municipalities that are partners (of the agency, with the status) on the day.

    „Ehemalig“ means: had a partnership (with the agency) that has ended, and has none now.
    """
    if agency is None and not status:
        return queryset
    on = on or timezone.localdate()
    active = Partnership.objects.active(on).filter(municipality=OuterRef("pk"))
    if agency is not None:
        active = active.filter(agency=agency)
    if status == Partnership.Status.FORMER:
        ended = Partnership.objects.filter(municipality=OuterRef("pk")).filter(
            Q(status=Partnership.Status.FORMER) | Q(until__lt=on)
        )
        if agency is not None:
            ended = ended.filter(agency=agency)
        return queryset.filter(Exists(ended)).exclude(Exists(active))
    if status:
        return queryset.filter(Exists(active.filter(status=status)))
    return queryset.filter(Exists(active))
