"""The participants of one event in the admin: list, decisions, attendance, exports, a mail to them.

Only managers of the organising agency or of a co-organising agency (and superusers) get here;
everyone else, editors included, gets 404. Every change goes through ``services``; the pages only
turn domain exceptions into messages.
"""

import csv
import io

from django import forms
from django.contrib import messages
from django.contrib.admin.utils import unquote
from django.db.models import Q
from django.http import Http404, HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from agencies.admin_scope import is_manager, managed_agencies
from events.registration import certificates, exceptions, mail, selectors, services
from events.registration.forms import AttendanceImportForm
from events.registration.views import certificate_response

from .models import Mode, Registration

Status = Registration.Status

# A spreadsheet reads a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
SIGN_IN_HEADERS = (
    gettext_lazy("Name"),
    gettext_lazy("Organisation oder Kommune"),
    gettext_lazy("Funktion"),
    gettext_lazy("Teilnahme"),
    gettext_lazy("Unterschrift"),
)
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def neutralised(value) -> str:
    """Return ``value`` as text a spreadsheet shows as it is: an apostrophe before formula starts."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def may_see_participants(user, event) -> bool:
    """Return whether ``user`` manages the agency organising or co-organising ``event``."""
    if is_manager(user, event.agency):
        return True
    return event.co_agencies.filter(pk__in=managed_agencies(user).values("pk")).exists()


def sign_in_rows(registrations):
    """Return the sign-in sheet's rows (without headers), every cell neutralised."""
    rows = []
    for registration in registrations:
        where = registration.organisation
        if registration.municipality_id and registration.municipality.name not in where:
            where = f"{where}, {registration.municipality.name}" if where else registration.municipality.name
        cells = (registration.name, where, registration.function, registration.get_mode_display(), "")
        rows.append([neutralised(cell) for cell in cells])
    return rows


def csv_export(event, registrations) -> HttpResponse:
    """Return the sign-in sheet as CSV (semicolons and a byte-order mark, as German Excel expects)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([str(header) for header in SIGN_IN_HEADERS])
    writer.writerows(sign_in_rows(registrations))
    response = HttpResponse("\ufeff" + buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{event.slug}.csv"'
    return response


def xlsx_export(event, registrations) -> HttpResponse:
    """Return the sign-in sheet as an Excel workbook, every cell a plain string."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    sheet = workbook.active
    sheet.title = str(_("Unterschriftenliste"))[:31]
    sheet.append([str(header) for header in SIGN_IN_HEADERS])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for row in sign_in_rows(registrations):
        sheet.append(row)
    for column, width in zip("ABCDE", (30, 40, 25, 12, 30), strict=True):
        sheet.column_dimensions[column].width = width
    sheet.print_title_rows = "1:1"
    output = io.BytesIO()
    workbook.save(output)
    response = HttpResponse(output.getvalue(), content_type=XLSX_TYPE)
    response["Content-Disposition"] = f'attachment; filename="teilnehmende-{event.slug}.xlsx"'
    return response


def _choice(value, choices) -> str:
    return value if value in dict(choices) else ""


def _selection(data) -> dict:
    """Return the filter (status, mode) and the ticked registration ids of a request's data."""
    ids = [int(value) for value in data.getlist("id") if value.isdigit()]
    return {
        "status": _choice(data.get("status", ""), Status.choices),
        "mode": _choice(data.get("mode", ""), Mode.choices),
        "ids": ids or None,
    }


class ParticipantsMailForm(forms.Form):
    group = forms.ChoiceField(
        label=gettext_lazy("An"),
        choices=[(key, label) for key, (label, _statuses) in selectors.MAIL_GROUPS.items()],
        widget=forms.RadioSelect,
        initial="confirmed",
    )
    subject = forms.CharField(label=gettext_lazy("Betreff"), max_length=200)
    message = forms.CharField(
        label=gettext_lazy("Text"),
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=gettext_lazy(
            "Anrede, Angaben zur Veranstaltung, Link zur persönlichen Seite und Grußformel "
            "ergänzt das Portal."
        ),
    )


class ParticipantsAdminMixin:
    """Add the participant pages of an event to its ModelAdmin (URL names ``admin:events_event_<view>``)."""

    object_views = (
        "participants",
        "participants_csv",
        "participants_xlsx",
        "participants_mail",
        "attendance_import",
        "certificates",
    )

    def get_urls(self):
        info = f"{self.opts.app_label}_{self.opts.model_name}"
        wrap = self.admin_site.admin_view
        own = [
            path("<path:object_id>/teilnehmende/", wrap(self.participants_view), name=f"{info}_participants"),
            path(
                "<path:object_id>/teilnehmende/liste.csv",
                wrap(self.participants_csv_view),
                name=f"{info}_participants_csv",
            ),
            path(
                "<path:object_id>/teilnehmende/liste.xlsx",
                wrap(self.participants_xlsx_view),
                name=f"{info}_participants_xlsx",
            ),
            path(
                "<path:object_id>/teilnehmende/mail/",
                wrap(self.participants_mail_view),
                name=f"{info}_participants_mail",
            ),
            path(
                "<path:object_id>/teilnehmende/teilnahmeliste/",
                wrap(self.attendance_import_view),
                name=f"{info}_attendance_import",
            ),
            path(
                "<path:object_id>/teilnehmende/bescheinigungen/",
                wrap(self.certificates_view),
                name=f"{info}_certificates",
            ),
        ]
        return own + super().get_urls()

    # --- scope -------------------------------------------------------------------------------------

    def participants_event(self, request, object_id):
        """Return the event if the user may see its participants; raise Http404 otherwise."""
        object_id = unquote(object_id)
        event = self.get_object(request, object_id)
        if event is None and not request.user.is_superuser:
            # Co-organised events: their managers see the participants, even where the event's
            # own admin scope (content) leaves the event to the organising agency.
            managed = managed_agencies(request.user)
            event = (
                self.model._default_manager.filter(Q(co_agencies__in=managed), pk=object_id)
                .select_related("agency")
                .first()
                if str(object_id).isdigit()
                else None
            )
        if event is None or not may_see_participants(request.user, event):
            raise Http404
        return event

    def _url(self, name, event, query=""):
        url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_{name}", args=[event.pk])
        return f"{url}?{query}" if query else url

    def _context(self, request, event, **extra):
        return {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "event": event,
            "participants_url": self._url("participants", event),
            "change_url": reverse(
                f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[event.pk]
            ),
            **extra,
        }

    # --- the list and its actions ------------------------------------------------------------------

    def participants_view(self, request, object_id):
        event = self.participants_event(request, object_id)
        if request.method == "POST":
            self._participants_action(request, event)
            return HttpResponseRedirect(request.get_full_path())
        selection = _selection(request.GET)
        rows = selectors.participants(event=event, status=selection["status"], mode=selection["mode"])
        counts = selectors.participant_counts(event=event)
        context = self._context(
            request,
            event,
            title=_("Teilnehmende: %(event)s") % {"event": event.title},
            rows=rows,
            counts=[(Status(status).label, count) for status, count in counts.items() if count],
            total=sum(counts.values()),
            status_choices=Status.choices,
            mode_choices=Mode.choices,
            selected_status=selection["status"],
            selected_mode=selection["mode"],
            started=event.starts_at <= timezone.now(),
            csv_url=self._url("participants_csv", event),
            xlsx_url=self._url("participants_xlsx", event),
            mail_url=self._url("participants_mail", event),
            attendance_import_url=self._url("attendance_import", event),
            certificates_url=self._url("certificates", event),
        )
        return TemplateResponse(request, "events/registration/admin/participants.html", context)

    def _participants_action(self, request, event):
        action = request.POST.get("action", "")
        selection = _selection(request.POST)
        ids = selection["ids"] or []
        chosen = list(Registration.objects.filter(event=event, pk__in=ids).order_by("created_at", "pk"))
        user = request.user
        if action in ("attended", "absent", "attendance_all"):
            try:
                if action == "attendance_all":
                    changed = services.attendance_record_all_confirmed(
                        event=event, exceptions_ids=[r.pk for r in chosen], actor=user
                    )
                else:
                    key = "attended" if action == "attended" else "absent"
                    changed = services.attendance_record(
                        event=event, **{key: [r.pk for r in chosen]}, actor=user
                    )
            except exceptions.RegistrationError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Teilnahme erfasst (%(count)d Änderungen).") % {"count": changed})
            return
        if action == "certificate_mail":
            self._send_certificates(request, event, [r.pk for r in chosen])
            return
        verbs = {
            "approve": (services.registration_approve, {}, _("Freigegeben: %(name)s")),
            "reject": (
                services.registration_reject,
                {"reason": request.POST.get("text", "").strip()},
                _("Abgelehnt: %(name)s"),
            ),
            "move": (
                services.registration_move_from_waitlist,
                {},
                _("Von der Warteliste nachgerückt: %(name)s"),
            ),
            "cancel": (
                services.registration_cancel,
                {"message": request.POST.get("text", "").strip()},
                _("Storniert: %(name)s"),
            ),
        }
        if action not in verbs:
            messages.error(request, _("Bitte wählen Sie eine Aktion."))
            return
        if not chosen:
            messages.error(request, _("Bitte wählen Sie mindestens eine Person aus."))
            return
        function, extra, done = verbs[action]
        for registration in chosen:
            try:
                function(registration=registration, actor=user, **extra)
            except exceptions.RegistrationError as error:
                messages.error(request, f"{registration.name}: {error}")
            else:
                messages.success(request, done % {"name": registration.name})

    # --- exports -----------------------------------------------------------------------------------

    def _exported(self, request, event):
        data = request.POST if request.method == "POST" else request.GET
        return selectors.participants(event=event, **_selection(data))

    def participants_csv_view(self, request, object_id):
        event = self.participants_event(request, object_id)
        return csv_export(event, self._exported(request, event))

    def participants_xlsx_view(self, request, object_id):
        event = self.participants_event(request, object_id)
        return xlsx_export(event, self._exported(request, event))

    # --- a mail to the participants ----------------------------------------------------------------

    def participants_mail_view(self, request, object_id):
        event = self.participants_event(request, object_id)
        form = ParticipantsMailForm(request.POST or None)
        preview = None
        if request.method == "POST" and form.is_valid():
            group, subject, text = (form.cleaned_data[k] for k in ("group", "subject", "message"))
            if "send" in request.POST:
                try:
                    count = services.participants_mail_send(
                        event=event, group=group, subject=subject, message=text, actor=request.user
                    )
                except exceptions.RegistrationError as error:
                    messages.error(request, str(error))
                else:
                    sent = ngettext(
                        "Die E-Mail geht an %(count)d Person.",
                        "Die E-Mail geht an %(count)d Personen.",
                        count,
                    )
                    messages.success(request, sent % {"count": count})
                    return HttpResponseRedirect(self._url("participants", event))
            else:
                recipients = list(selectors.mail_recipients(event=event, group=group))
                if not recipients:
                    messages.error(request, str(exceptions.NoRecipients()))
                else:
                    extra = {"subject": " ".join(subject.split()), "message": text.strip()}
                    preview_subject, preview_text = mail.preview_for_registration(
                        mail.FREE_TEXT, recipients[0], extra=extra
                    )
                    preview = {
                        "count": len(recipients),
                        "to": recipients[0].email,
                        "subject": preview_subject,
                        "text": preview_text,
                    }
        context = self._context(
            request,
            event,
            title=_("E-Mail an Teilnehmende: %(event)s") % {"event": event.title},
            form=form,
            preview=preview,
        )
        return TemplateResponse(request, "events/registration/admin/participants_mail.html", context)

    # --- after the event: attendance lists and certificates ---------------------------------------

    def attendance_import_view(self, request, object_id):
        """Mark as attended who appears in a video conference's list of participants (CSV upload)."""
        event = self.participants_event(request, object_id)
        form = AttendanceImportForm(request.POST or None, request.FILES or None)
        report = None
        if request.method == "POST" and form.is_valid():
            attendance_list = form.cleaned_data["file"]
            try:
                result = services.attendance_import(
                    event=event,
                    emails=[address for _line, address in attendance_list.addresses],
                    actor=request.user,
                )
            except exceptions.RegistrationError as error:
                messages.error(request, str(error))
            else:
                unmatched = {address.lower() for address in result.unmatched}
                report = {
                    "matched": len(result.matched),
                    "marked": result.marked,
                    "unmatched": [
                        (line, address)
                        for line, address in attendance_list.addresses
                        if address.lower() in unmatched
                    ],
                    "without_address": attendance_list.without_address,
                }
                messages.success(
                    request,
                    _("%(matched)d Personen erkannt, %(marked)d neu als anwesend erfasst.")
                    % {"matched": report["matched"], "marked": report["marked"]},
                )
        context = self._context(
            request,
            event,
            title=_("Teilnahmeliste einlesen: %(event)s") % {"event": event.title},
            form=form,
            report=report,
        )
        return TemplateResponse(request, "events/registration/admin/attendance_import.html", context)

    def certificates_view(self, request, object_id):
        """List who gets a certificate; ``?id=`` downloads one, a POST mails the ticked ones."""
        event = self.participants_event(request, object_id)
        if request.method == "POST":
            ids = [int(value) for value in request.POST.getlist("id") if value.isdigit()]
            self._send_certificates(request, event, ids)
            return HttpResponseRedirect(request.get_full_path())
        if "id" in request.GET:
            registration_id = request.GET["id"]
            try:
                registration = selectors.certificate_registration(
                    registration_id=int(registration_id) if registration_id.isdigit() else 0
                )
            except Registration.DoesNotExist:
                raise Http404 from None
            if registration.event_id != event.pk:
                raise Http404
            return certificate_response(registration)
        attended = Registration.objects.filter(event=event, attended=True, status=Status.CONFIRMED).order_by(
            "name", "pk"
        )
        context = self._context(
            request,
            event,
            title=_("Teilnahmebescheinigungen: %(event)s") % {"event": event.title},
            attended=attended,
            hours=certificates.certificate_hours(event),
            certificates_url=self._url("certificates", event),
        )
        return TemplateResponse(request, "events/registration/admin/certificates.html", context)

    def _send_certificates(self, request, event, ids):
        if not ids:
            messages.error(request, _("Bitte wählen Sie mindestens eine Person aus."))
            return
        try:
            count = services.certificates_send(event=event, registration_ids=ids, actor=request.user)
        except exceptions.RegistrationError as error:
            messages.error(request, str(error))
            return
        sent = ngettext(
            "Die Teilnahmebescheinigung geht an %(count)d Person.",
            "Die Teilnahmebescheinigungen gehen an %(count)d Personen.",
            count,
        )
        messages.success(request, sent % {"count": count})
