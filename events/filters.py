"""FilterSets for the public event list, the calendar feed and the archive.

The list page and the subscribable feed read the same query string through
``EventFilter``, so a feed URL is simply the list URL with ``kalender.ics``.
"""

import datetime

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django_filters.fields import ModelChoiceField

from agencies.models import Agency
from agencies.selectors import agencies_by_id
from events.registration.filters import FreeSeatsFilter
from events.registration.selectors import with_free_seats_only, with_seats
from municipalities.models import FederalState
from portal.bounds import TEXT_MAX_LENGTH, BoundedDateFilter
from portal.page_cache import kept_per_version

from .models import Event, EventKind, TargetGroup, Topic


def date_example(today: datetime.date | None = None) -> str:
    """Return a date people might filter for: the 15th of next month (a day above 12 shows which
    number is the day)."""
    today = today or timezone.localdate()
    next_month = (today.replace(day=1) + datetime.timedelta(days=32)).replace(day=15)
    return next_month.strftime("%d.%m.%Y")


def _date_help():
    return gettext("Format: TT.MM.JJJJ, zum Beispiel %(example)s") % {"example": date_example()}


def _date_invalid():
    return gettext(
        "Bitte geben Sie ein gültiges Datum im Format TT.MM.JJJJ ein, zum Beispiel %(example)s."
    ) % {"example": date_example()}


# Lazy: worked out when a page shows them, in its language and with today's example.
DATE_HELP = lazy(_date_help, str)()
DATE_ERRORS = {"invalid": lazy(_date_invalid, str)()}
# Never echo the value back: it came from the address bar and may be anything.
CHOICE_ERRORS = {
    "invalid_choice": _("Diese Auswahl gibt es nicht. Bitte wählen Sie einen Eintrag aus der Liste.")
}


class GermanDateInput(forms.DateInput):
    """A text field for dates typed as 03.12.2020 (no browser date picker, so every format is clear)."""

    def __init__(self, attrs=None):
        super().__init__(
            attrs={"inputmode": "numeric", "autocomplete": "off", "size": 10, **(attrs or {})},
            format="%d.%m.%Y",
        )


class FilterForm(forms.Form):
    """A GET form whose fields carry Bootstrap classes and point to their error and help texts."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs["class"] = css
        if "agency" in self.fields:
            # The short names tell the four apart at a glance (and by typing their first letters).
            self.fields["agency"].label_from_instance = lambda agency: agency.short_name

    def full_clean(self):
        super().full_clean()
        for name in self.errors:
            if name not in self.fields:
                continue
            bound = self[name]
            described_by = [f"{bound.auto_id}_error"]
            if bound.help_text:
                described_by.append(f"{bound.auto_id}_helptext")
            attrs = self.fields[name].widget.attrs
            attrs["aria-describedby"] = " ".join(described_by)
            attrs["class"] += " is-invalid"


class EventFilterForm(FilterForm):
    def clean(self):
        cleaned_data = super().clean()
        start, end = cleaned_data.get("start"), cleaned_data.get("end")
        if start and end and end < start:
            self.add_error("end", _("Das Enddatum liegt vor dem Anfangsdatum."))
        return cleaned_data


def _day_start(day):
    """Return midnight at the start of ``day`` in the portal's time zone."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))


class KeptModelChoiceField(ModelChoiceField):
    """A choice of a row by slug, looked up in reference data kept per content version (``kept()``
    returns them by slug) instead of asking the database on every filtered request. The choices the
    form shows still come from the queryset; it holds the same rows."""

    def __init__(self, *args, kept, **kwargs):
        super().__init__(*args, **kwargs)
        self.kept = kept

    def to_python(self, value):
        if value in self.empty_values:
            return None
        row = self.kept().get(str(value))
        if row is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return row


class KeptModelChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = KeptModelChoiceField


def _agencies_by_slug() -> dict[str, Agency]:
    return {agency.slug: agency for agency in agencies_by_id().values()}


@kept_per_version
def topics_by_slug() -> dict[str, Topic]:
    """Return every topic by its slug, read once per process and content version. Read only."""
    return {topic.slug: topic for topic in Topic.objects.all()}


def agency_filter():
    """Return the agency choice (by slug) that works with AgencyFilterMixin.filter_agency."""
    return KeptModelChoiceFilter(
        label=_("Transferagentur"),
        queryset=Agency.objects.all(),
        kept=_agencies_by_slug,
        to_field_name="slug",
        method="filter_agency",
        empty_label=_("Alle Agenturen"),
        error_messages=CHOICE_ERRORS,
    )


class AgencyFilterMixin:
    """Filter by the organising or a co-organising agency, chosen by slug."""

    def filter_agency(self, queryset, name, agency):
        co_organised = Event.co_agencies.through.objects.filter(agency=agency).values("event_id")
        return queryset.filter(Q(agency=agency) | Q(pk__in=co_organised))


class EventFilter(AgencyFilterMixin, django_filters.FilterSet):
    """Filters of /veranstaltungen/ and /veranstaltungen/kalender.ics.

    Every parameter is optional; the selector decides the base queryset
    (upcoming public events, with whatever annotations cards need).
    """

    q = django_filters.CharFilter(
        label=_("Suchbegriff"),
        method="filter_search",
        max_length=TEXT_MAX_LENGTH,
        help_text=_("Sucht in Titel und Kurzbeschreibung."),
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    agency = agency_filter()
    state = django_filters.ModelChoiceFilter(
        label=_("Bundesland"),
        queryset=FederalState.objects.all(),
        to_field_name="slug",
        method="filter_state",
        empty_label=_("Alle Bundesländer"),
        error_messages=CHOICE_ERRORS,
        help_text=_("Ort der Veranstaltung oder Bundesland der veranstaltenden Agentur."),
    )
    format = django_filters.ChoiceFilter(
        label=_("Format"),
        choices=Event.Format.choices,
        empty_label=_("Alle Formate"),
        error_messages=CHOICE_ERRORS,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Veranstaltungsart"),
        choices=EventKind.choices,
        empty_label=_("Alle Arten"),
        error_messages=CHOICE_ERRORS,
    )
    topic = KeptModelChoiceFilter(
        label=_("Thema"),
        queryset=Topic.objects.all(),
        kept=topics_by_slug,
        to_field_name="slug",
        field_name="topics",
        empty_label=_("Alle Themen"),
        error_messages=CHOICE_ERRORS,
    )
    target_group = django_filters.ModelChoiceFilter(
        label=_("Zielgruppe"),
        queryset=TargetGroup.objects.all(),
        to_field_name="slug",
        field_name="target_groups",
        empty_label=_("Alle Zielgruppen"),
        error_messages=CHOICE_ERRORS,
    )
    start = BoundedDateFilter(
        label=_("Von"),
        method="filter_start",
        widget=GermanDateInput(),
        help_text=DATE_HELP,
        error_messages=DATE_ERRORS,
    )
    end = BoundedDateFilter(
        label=_("Bis"),
        method="filter_end",
        widget=GermanDateInput(),
        help_text=DATE_HELP,
        error_messages=DATE_ERRORS,
    )
    free = FreeSeatsFilter(label=_("Nur mit freien Plätzen"), method="filter_free")  # registration

    class Meta:
        model = Event
        form = EventFilterForm
        fields = []

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(Q(title__icontains=value) | Q(teaser__icontains=value))

    def filter_state(self, queryset, name, state):
        # A subquery rather than a join over the agency's states: no duplicate rows, no DISTINCT.
        agencies = Agency.objects.filter(states=state).values("pk")
        return queryset.filter(Q(venue__state=state) | Q(agency__in=agencies))

    def filter_start(self, queryset, name, day):
        # Events still running on that day count: a two-day Fachtagung starting the day before matches.
        return queryset.filter(ends_at__gte=_day_start(day))

    def filter_end(self, queryset, name, day):
        return queryset.filter(starts_at__lt=_day_start(day + datetime.timedelta(days=1)))

    def filter_free(self, queryset, name, value):
        if "seats_on_site_free" not in queryset.query.annotations:  # the calendar feed counts no seats
            queryset = with_seats(queryset)
        return with_free_seats_only(queryset)


class ArchiveFilter(AgencyFilterMixin, django_filters.FilterSet):
    """Filters of /veranstaltungen/archiv/: year and agency."""

    year = django_filters.ChoiceFilter(
        label=_("Jahr"), method="filter_year", empty_label=_("Alle Jahre"), error_messages=CHOICE_ERRORS
    )
    agency = agency_filter()

    class Meta:
        model = Event
        form = FilterForm
        fields = []

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["year"].extra["choices"] = [(str(year), str(year)) for year in years]

    def filter_year(self, queryset, name, year):
        year = int(year)  # one of the offered choices, so a number
        start = _day_start(datetime.date(year, 1, 1))
        return queryset.filter(starts_at__gte=start, starts_at__lt=_day_start(datetime.date(year + 1, 1, 1)))
