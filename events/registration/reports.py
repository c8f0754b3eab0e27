"""Reports for the funder: what an agency's events reached, per quarter, from the attendance records.

The figures count registrations (reduced ones included: retention keeps event, status, attendance and
municipality), so a report on an old period reads the same before and after retention. Every figure
is one grouped aggregate: a report runs the same few queries whatever the period or the data size.

Definitions (also shown under the tables):
- events held: published events of the agency (as organiser) that have ended, counted by start;
- registrations: confirmed registrations; attended: those recorded as present;
- no-show rate: confirmed registrations not recorded as present, as a share of the confirmed ones;
- municipalities reached: distinct municipalities from the directory with at least one person present;
- partner municipalities: those among them in an active partnership with the organising agency on
  the day of the event (not today: a report on last year must not change when a partnership ends).
"""

import datetime
import io
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Count, Exists, OuterRef, Q
from django.db.models.functions import TruncDate, TruncQuarter
from django.http import Http404, HttpResponse
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from agencies.admin_scope import managed_agencies
from agencies.models import Agency
from events.models import Event, EventKind
from municipalities.models import Municipality, Partnership

from .models import Registration
from .participants import neutralised

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CHART_WIDTH = 560
CHART_ROW = 44  # height per quarter: two bars and a gap
CHART_LABEL = 110  # room left of the bars for the quarter's name


@dataclass
class Figures:
    """One row of the report: a quarter, or the whole period."""

    label: str
    events: int = 0
    registrations: int = 0
    attended: int = 0
    municipalities: int = 0
    partner_municipalities: int = 0

    @property
    def no_shows(self) -> int:
        return self.registrations - self.attended

    @property
    def no_show_rate(self) -> Decimal | None:
        """Return the no-show share in percent (one decimal), None without registrations."""
        if not self.registrations:
            return None
        return (Decimal(100 * self.no_shows) / self.registrations).quantize(Decimal("0.1"))


@dataclass
class Report:
    start: datetime.date
    end: datetime.date
    quarters: list[Figures] = field(default_factory=list)
    total: Figures = field(default_factory=lambda: Figures(label=str(_("Gesamt"))))
    # (format label, kind label, events held)
    formats: list[tuple[str, str, int]] = field(default_factory=list)
    # (Bundesland, municipalities reached, of them partners)
    states: list[tuple[str, int, int]] = field(default_factory=list)
    # (kind of municipality, municipalities reached, of them partners)
    kinds: list[tuple[str, int, int]] = field(default_factory=list)


def quarter_label(moment) -> str:
    return _("%(quarter)d. Quartal %(year)d") % {"quarter": (moment.month - 1) // 3 + 1, "year": moment.year}


def _bounds(start: datetime.date, end: datetime.date):
    tz = timezone.get_current_timezone()
    first = datetime.datetime.combine(start, datetime.time.min, tzinfo=tz)
    after = datetime.datetime.combine(end + datetime.timedelta(days=1), datetime.time.min, tzinfo=tz)
    return first, after


def held_events(*, agencies, start: datetime.date, end: datetime.date, now=None):
    """Return the agencies' published events that started in the period and have ended."""
    first, after = _bounds(start, end)
    return Event.objects.filter(
        agency__in=agencies,
        status=Event.Status.PUBLISHED,
        starts_at__gte=first,
        starts_at__lt=after,
        ends_at__lte=now or timezone.now(),
    )


def _reached(held):
    """Attended registrations from the directory, each marked whether its municipality was a partner."""
    partner_then = Partnership.objects.active(on=OuterRef("event_day")).filter(
        municipality=OuterRef("municipality"), agency=OuterRef("event__agency")
    )
    partner_then = partner_then.exclude(status=Partnership.Status.INTERESTED)
    return (
        Registration.objects.filter(
            event__in=held, status=Registration.Status.CONFIRMED, attended=True, municipality__isnull=False
        )
        .annotate(event_day=TruncDate("event__starts_at"))
        .annotate(partner=Exists(partner_then))
    )


def _distinct(queryset, *group):
    counted = {
        "reached": Count("municipality", distinct=True),
        "partners": Count("municipality", distinct=True, filter=Q(partner=True)),
    }
    if not group:
        return queryset.aggregate(**counted)
    return queryset.values(*group).annotate(**counted).order_by(*group)


def funder_report(*, agencies, start: datetime.date, end: datetime.date, now=None) -> Report:
    """Return the report on the agencies' events that started between ``start`` and ``end`` (inclusive)."""
    held = held_events(agencies=agencies, start=start, end=end, now=now)
    report = Report(start=start, end=end)
    quarters = defaultdict(lambda: {"events": 0})

    formats = Event.Format
    kinds = dict(EventKind.choices)
    by_format = defaultdict(int)
    for row in (
        held.annotate(quarter=TruncQuarter("starts_at"))
        .values("quarter", "format", "kind")
        .annotate(count=Count("pk"))
        .order_by()
    ):
        quarters[row["quarter"].date()]["events"] += row["count"]
        by_format[row["format"], row["kind"]] += row["count"]
    report.formats = [
        (str(formats(fmt).label), str(kinds.get(kind, kind)), count)
        for (fmt, kind), count in sorted(by_format.items())
    ]

    for row in (
        Registration.objects.filter(event__in=held, status=Registration.Status.CONFIRMED)
        .annotate(quarter=TruncQuarter("event__starts_at"))
        .values("quarter")
        .annotate(registrations=Count("pk"), attended=Count("pk", filter=Q(attended=True)))
        .order_by()
    ):
        quarters[row["quarter"].date()].update(registrations=row["registrations"], attended=row["attended"])

    reached = _reached(held)
    for row in _distinct(reached.annotate(quarter=TruncQuarter("event__starts_at")), "quarter"):
        quarters[row["quarter"].date()].update(
            municipalities=row["reached"], partner_municipalities=row["partners"]
        )

    for quarter in sorted(quarters):
        report.quarters.append(Figures(label=quarter_label(quarter), **quarters[quarter]))
    totals = _distinct(reached)
    report.total.events = sum(row.events for row in report.quarters)
    report.total.registrations = sum(row.registrations for row in report.quarters)
    report.total.attended = sum(row.attended for row in report.quarters)
    report.total.municipalities = totals["reached"]
    report.total.partner_municipalities = totals["partners"]

    report.states = [
        (row["municipality__state__name"], row["reached"], row["partners"])
        for row in _distinct(reached, "municipality__state__name")
    ]
    kind_labels = dict(Municipality.Kind.choices)
    report.kinds = [
        (
            str(kind_labels.get(row["municipality__kind"], row["municipality__kind"])),
            row["reached"],
            row["partners"],
        )
        for row in _distinct(reached, "municipality__kind")
    ]
    return report


def quarter_chart(report: Report) -> dict:
    """Return bar geometry (SVG attributes) for registrations and attendance per quarter."""
    highest = max((row.registrations for row in report.quarters), default=0) or 1
    plot = CHART_WIDTH - CHART_LABEL - 40
    rows = []
    for index, row in enumerate(report.quarters):
        top = index * CHART_ROW + 4
        rows.append(
            {
                "label": row.label,
                "label_y": top + 18,
                "registered": {
                    "y": top,
                    "width": round(plot * row.registrations / highest, 1),
                    "value": row.registrations,
                },
                "attended": {
                    "y": top + 18,
                    "width": round(plot * row.attended / highest, 1),
                    "value": row.attended,
                },
            }
        )
    for row in rows:
        for bar in (row["registered"], row["attended"]):
            bar["value_x"] = round(CHART_LABEL + bar["width"] + 4, 1)
            bar["value_y"] = bar["y"] + 12
    return {
        "rows": rows,
        "width": CHART_WIDTH,
        "height": max(len(rows), 1) * CHART_ROW + 8,
        "bar_x": CHART_LABEL,
        "bar_height": 15,
    }


# --- the admin page ------------------------------------------------------------------------------------


class ReportForm(forms.Form):
    agency = forms.ModelChoiceField(
        label=gettext_lazy("Transferagentur"), queryset=Agency.objects.none(), required=False
    )
    start = forms.DateField(label=gettext_lazy("Von"), widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=gettext_lazy("Bis"), widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, data, *, user):
        today = timezone.localdate()
        initial = {"start": today.replace(month=1, day=1), "end": today}
        super().__init__(data or None, initial=initial)
        self.user = user
        field = self.fields["agency"]
        field.queryset = Agency.objects.all() if user.is_superuser else managed_agencies(user)
        if user.is_superuser:
            field.empty_label = gettext_lazy("alle Agenturen")
        else:
            field.required = True
            field.empty_label = None

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("start") and cleaned.get("end") and cleaned["end"] < cleaned["start"]:
            raise forms.ValidationError(_("Das Ende des Zeitraums liegt vor seinem Anfang."))
        return cleaned

    def chosen(self):
        """Return (agencies, start, end) of a valid form, else of the initial values."""
        if self.is_bound and self.is_valid():
            values = self.cleaned_data
        else:
            values = {"agency": None, **self.initial}
        agency = values.get("agency")
        if agency is not None:
            agencies = Agency.objects.filter(pk=agency.pk)
        elif self.user.is_superuser:
            agencies = Agency.objects.all()
        else:
            agencies = self.fields["agency"].queryset[:1]
        return agencies, values["start"], values["end"]


def xlsx_report(report: Report, *, title: str) -> HttpResponse:
    """Return the report as an Excel workbook: one sheet per table."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheets = [
        (
            _("Quartale"),
            [
                _("Zeitraum"),
                _("Veranstaltungen"),
                _("Anmeldungen"),
                _("Teilgenommen"),
                _("Nicht erschienen (%)"),
                _("Kommunen erreicht"),
                _("davon Partnerkommunen"),
            ],
            [
                [
                    row.label,
                    row.events,
                    row.registrations,
                    row.attended,
                    float(row.no_show_rate) if row.no_show_rate is not None else None,
                    row.municipalities,
                    row.partner_municipalities,
                ]
                for row in [*report.quarters, report.total]
            ],
        ),
        (_("Formate"), [_("Format"), _("Art"), _("Veranstaltungen")], [list(row) for row in report.formats]),
        (
            _("Bundesländer"),
            [_("Bundesland"), _("Kommunen erreicht"), _("davon Partnerkommunen")],
            [list(row) for row in report.states],
        ),
        (
            _("Kommunenarten"),
            [_("Art der Kommune"), _("Kommunen erreicht"), _("davon Partnerkommunen")],
            [list(row) for row in report.kinds],
        ),
    ]
    for index, (name, headers, rows) in enumerate(sheets):
        sheet = workbook.active if index == 0 else workbook.create_sheet()
        sheet.title = str(name)[:31]
        sheet.append([neutralised(title)])
        sheet.append([str(header) for header in headers])
        for cell in sheet[2]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append(row)
        sheet.column_dimensions["A"].width = 28
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = (
        f'attachment; filename="bericht-{report.start:%Y-%m-%d}-{report.end:%Y-%m-%d}.xlsx"'
    )
    return response


class ReportsAdminMixin:
    """Add the funder report to the events' ModelAdmin (``admin:events_event_reports``, ``..._xlsx``).

    Managers see their agencies' figures, superusers every agency's; everyone else gets 404.
    """

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        return [
            path("berichte/", wrap(self.reports_view), name=f"{info}_reports"),
            path("berichte/bericht.xlsx", wrap(self.reports_xlsx_view), name=f"{info}_reports_xlsx"),
            *super().get_urls(),
        ]

    def _report(self, request):
        if not (request.user.is_superuser or managed_agencies(request.user).exists()):
            raise Http404
        form = ReportForm(request.GET, user=request.user)
        agencies, start, end = form.chosen()
        report = funder_report(agencies=agencies, start=start, end=end)
        everyone = request.user.is_superuser and not form["agency"].value()
        names = _("alle Agenturen") if everyone else ", ".join(agency.short_name for agency in agencies)
        title = _("Bericht %(agencies)s, %(start)s bis %(end)s") % {
            "agencies": names,
            "start": start.strftime("%d.%m.%Y"),
            "end": end.strftime("%d.%m.%Y"),
        }
        return form, report, title

    def reports_view(self, request):
        form, report, title = self._report(request)
        query = request.GET.urlencode()
        xlsx_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_reports_xlsx")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Berichte für den Fördergeber"),
            "report_title": title,
            "form": form,
            "report": report,
            "chart": quarter_chart(report),
            "xlsx_url": f"{xlsx_url}?{query}" if query else xlsx_url,
        }
        return TemplateResponse(request, "events/registration/admin/reports.html", context)

    def reports_xlsx_view(self, request):
        _form, report, title = self._report(request)
        return xlsx_report(report, title=title)
