"""Public registration pages: the form, confirmation, the personal page, links by email.

Every rule lives in ``events/services.py``; these views turn its domain exceptions into a message
in the page and show the form again with what the person typed. Pages reached by a secret link
are never cached, never indexed and never pass their address on as a referrer.
"""

import csv
import json

from crispy_forms.utils import render_crispy_form
from django.conf import settings
from django.contrib import messages
from django.core.serializers.json import DjangoJSONEncoder
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from agencies.selectors import with_agencies
from events.models import Event
from events.registration import certificates, exceptions, selectors, services
from events.registration.forms import EmailForm, RegistrationForm
from events.registration.mail import email_from_overview_token
from events.selectors import CARD_DEFERRED, public_events
from portal.media import protect
from portal.page_cache import cached_fragment
from portal.secret_pages import secret_page
from portal.selectors import retention_periods

from .models import Registration

# Lazy: translated when a page shows them, in that page's language (not once at import).
DONE_MESSAGES = {
    "storniert": gettext_lazy("Ihre Anmeldung ist storniert. Sie erhalten eine Bestätigung per E-Mail."),
    "reihe-storniert": gettext_lazy("Ihre Anmeldung zu allen kommenden Terminen der Reihe ist storniert."),
    "gesendet": gettext_lazy("Sie erhalten die E-Mail in wenigen Minuten noch einmal."),
    "loeschung-beantragt": gettext_lazy(
        "Ihr Löschantrag ist bei der Transferagentur eingegangen. Sie löscht Ihre Daten, soweit sie nicht "
        "für den Nachweis Ihrer Teilnahme gegenüber dem Fördergeber aufbewahrt werden müssen."
    ),
}


def _client_address(request) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


def _event_or_404(slug: str) -> Event:
    try:
        event = (
            # What the pages show and the box counts with; each further join cost about half a
            # millisecond, and the agency (wide, with its texts) comes from the kept reference data.
            # No page of the registration shows the event's long texts.
            public_events()
            .select_related("venue", "contact", "registration_options")
            .defer(*CARD_DEFERRED)
            .get(slug=slug)
        )
    except Event.DoesNotExist:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder nicht mehr.")) from None
    return selectors.count_seats(with_agencies([event]))[0]


def registration_box_context(event: Event, *, data=None) -> dict:
    """Return what the registration box of an event shows: state, seats and (if open) the form."""
    options = selectors.registration_options(event)
    state = selectors.registration_state(event)
    seats = selectors.seats(event) if options else []
    form = None
    series_count = 0
    if state == selectors.State.OPEN:
        series_count = len(services.series_dates(event=event))
        form = RegistrationForm(data, event=event, options=options, seats=seats, series_dates=series_count)
    return {
        "event": event,
        "options": options,
        "state": state,
        "State": selectors.State,
        "seats": seats,
        "form": form,
        "series_count": series_count,
        "contact": selectors.registration_contact(event),
    }


def _empty_form_html(context: dict) -> str:
    """Return the HTML of the box's empty form, rendered once per form, language and content version.

    An empty form is the same for everyone who opens the page: its fields, texts and privacy notice
    come from the event and its options (content: a change makes a new content version), the free
    seats in the mode labels are part of the key. Crispy's rendering was the largest part of the
    registration page; a burst of people opening it at once gets it rendered once.
    """
    form = context["form"]
    choices = form.fields["mode"].choices if "mode" in form.fields else []
    labels = "|".join(str(label) for _mode, label in choices)
    name = f"registration:form:{context['event'].pk}:{','.join(form.fields)}:{labels}"
    return cached_fragment(name, lambda: render_crispy_form(form, context=context))


def _render_register(request, event, *, data=None, status=200, **extra):
    context = registration_box_context(event, data=data)
    context.update(extra)
    if context["form"] is not None and not context["form"].is_bound:
        context["form_html"] = _empty_form_html(context)
    return render(request, "events/registration/register.html", context, status=status)


@require_http_methods(["GET", "POST"])
def register(request, slug):
    event = _event_or_404(slug)
    if request.method == "GET":
        return _render_register(request, event)

    context = registration_box_context(event, data=request.POST)
    form = context["form"]
    if form is None:
        try:
            services.registration_check_open(event=event)
        except exceptions.RegistrationError as error:
            messages.error(request, str(error))
        return render(request, "events/registration/register.html", context)
    if not form.is_valid():
        return render(request, "events/registration/register.html", context)

    arguments = {
        "event": event,
        "mode": form.chosen_mode,
        "data": form.participant(),
        "consent": form.cleaned_data["consent"],
        "privacy_notice_version": form.cleaned_data["notice_version"],
        "client_address": _client_address(request),
    }
    try:
        if form.cleaned_data.get("whole_series"):
            services.series_register(**arguments)
        else:
            join_waitlist = form.cleaned_data.get("join_waitlist", False)
            services.registration_create(**arguments, join_waitlist=join_waitlist)
    except exceptions.RegistrationError as error:
        messages.error(request, str(error))
        data = request.POST.copy()
        if isinstance(error, exceptions.PrivacyNoticeChanged):
            # Show the new notice and ask again: the old consent does not cover it.
            data.pop("consent", None)
            data["notice_version"] = str(context["options"].privacy_notice_version)
        status = 429 if isinstance(error, exceptions.RateLimited) else 200
        return _render_register(
            request,
            _event_or_404(slug),  # seats may have changed: count again
            data=data,
            status=status,
            already_registered=isinstance(error, exceptions.AlreadyRegistered),
            typed_email=form.cleaned_data["email"],
        )
    return redirect("registration:sent", slug=event.slug)


def sent(request, slug):
    event = _event_or_404(slug)
    return render(
        request,
        "events/registration/sent.html",
        {"event": event, "confirm_hours": settings.REGISTRATION_CONFIRMATION_HOURS},
    )


@require_http_methods(["GET", "POST"])
def resend_for_email(request, slug):
    """Send the personal link again to an address that is already registered (no one learns whether)."""
    event = _event_or_404(slug)
    form = EmailForm(request.POST or None, initial={"email": request.GET.get("email", "")[:254]})
    status = 200
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_resend_for_email(
                event=event, email=form.cleaned_data["email"], client_address=_client_address(request)
            )
            done = True
        except exceptions.RateLimited as error:
            messages.error(request, str(error))
            status = 429
    return render(
        request,
        "events/registration/resend.html",
        {"event": event, "form": form, "done": done},
        status=status,
    )


def _registration_by_confirm_token(token: str) -> Registration:
    try:
        return Registration.objects.select_related("event__agency", "event__venue").get(confirm_token=token)
    except Registration.DoesNotExist:
        raise Http404() from None


def _expired_page(request, registration):
    return render(request, "events/registration/expired.html", {"event": registration.event}, status=410)


@secret_page
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    if request.method == "POST":
        # The service reads the registration itself: the pages below need it only when it refuses.
        try:
            registration = services.registration_confirm(token=token, client_address=_client_address(request))
        except exceptions.ConfirmationExpired:
            return _expired_page(request, _registration_by_confirm_token(token))
        except exceptions.MunicipalityLimitReachedMeanwhile as error:
            messages.error(request, str(error))
            registration = _registration_by_confirm_token(token)
            context = {"registration": registration, "event": registration.event, "refused": True}
            context["dates"] = selectors.booking_dates(registration)
            return render(request, "events/registration/confirm.html", context)
        except Registration.DoesNotExist:
            raise Http404() from None
        return redirect(registration.get_absolute_url())

    registration = _registration_by_confirm_token(token)
    state = selectors.confirmation_state(registration)
    if state == selectors.Confirmation.EXPIRED:
        return _expired_page(request, registration)
    if state == selectors.Confirmation.DONE:
        return redirect(registration.get_absolute_url())
    dates = selectors.booking_dates(registration)
    return render(
        request,
        "events/registration/confirm.html",
        {"registration": registration, "event": registration.event, "dates": dates},
    )


@secret_page
@require_http_methods(["GET", "POST"])
def manage(request, token):
    try:
        registration = selectors.registration_for_page(token=token)
    except Registration.DoesNotExist:
        raise Http404() from None

    status = 200
    if request.method == "POST":
        action = request.POST.get("action")
        dates = selectors.booking_dates(registration)
        try:
            if action == "cancel":
                target = next(
                    (r for r in dates if str(r.pk) == request.POST.get("registration")), registration
                )
                services.registration_cancel(registration=target)
                return redirect(f"{registration.get_absolute_url()}?erledigt=storniert")
            if action == "cancel_series":
                services.registration_cancel(registration=registration, whole_series=True)
                return redirect(f"{registration.get_absolute_url()}?erledigt=reihe-storniert")
            if action == "resend":
                services.registration_resend(
                    registration=registration, client_address=_client_address(request)
                )
                return redirect(f"{registration.get_absolute_url()}?erledigt=gesendet")
        except exceptions.RegistrationError as error:
            messages.error(request, str(error))
            status = 429 if isinstance(error, exceptions.RateLimited) else 200
        registration = selectors.registration_for_page(token=token)

    done = DONE_MESSAGES.get(request.GET.get("erledigt", ""))
    dates = selectors.booking_dates(registration)
    now = timezone.now()
    items = [
        {
            "registration": item,
            "event": item.event,
            "access_url": selectors.online_access_url(item, now=now),
            "access_opens_at": selectors.online_access_opens_at(item, now=now),
            "waitlist_position": services.waitlist_position(item),
            "can_cancel": selectors.can_cancel(item, now=now),
            "has_certificate": certificates.has_certificate(item),
            "materials": list(selectors.participants_materials(item)),
        }
        for item in dates
    ]
    return render(
        request,
        "events/registration/manage.html",
        {
            "registration": registration,
            "event": registration.event,
            "items": items,
            "is_series": len(items) > 1,
            "can_cancel_series": sum(1 for item in items if item["can_cancel"]) > 1,
            "done": done,
            "overview_form": EmailForm(initial={"email": registration.email}),
            "deletion_request": selectors.open_deletion_request(registration),
        },
        status=status,
    )


def _registration_by_manage_token(token: str) -> Registration:
    try:
        return selectors.registration_for_page(token=token)
    except Registration.DoesNotExist:
        raise Http404() from None


def _export_filename(registration: Registration, extension: str) -> str:
    return f"meine-daten-{registration.event.slug}.{extension}"


def _event_fields(event) -> list[tuple[str, str, object]]:
    return [
        ("title", _("Veranstaltung"), event.title),
        ("starts_at", _("Beginn"), event.starts_at),
        ("ends_at", _("Ende"), event.ends_at),
        ("agency", _("Transferagentur"), str(event.agency)),
    ]


@secret_page(referrer_policy="no-referrer")
@require_http_methods(["GET"])
def data_json(request, token):
    """Download everything stored about the holder of the personal link, as JSON."""
    registration = _registration_by_manage_token(token)
    records = []
    for record in selectors.personal_data(registration=registration):
        item = {"event": {name: value for name, _label, value in _event_fields(record.event)}}
        for section in record.sections:
            values = {name: value for name, _label, value in section.fields}
            if section.kind in ("registration", "needs"):
                item[section.kind] = values
            else:
                item.setdefault(section.kind, []).append(values)
        records.append(item)
    body = json.dumps(
        {"exported_at": timezone.now(), "registrations": records},
        cls=DjangoJSONEncoder,
        ensure_ascii=False,
        indent=2,
    )
    response = HttpResponse(body, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(registration, "json")}"'
    return response


@secret_page(referrer_policy="no-referrer")
@require_http_methods(["GET"])
def data_csv(request, token):
    """Download everything stored about the holder of the personal link, as CSV (one value a line)."""
    registration = _registration_by_manage_token(token)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{_export_filename(registration, "csv")}"'
    response.write("\ufeff")  # spreadsheet programs read UTF-8 only with this mark
    writer = csv.writer(response, delimiter=";")
    writer.writerow([_("Veranstaltung"), _("Bereich"), _("Nr."), _("Feld"), _("Wert")])
    for record in selectors.personal_data(registration=registration):
        for _name, label, value in _event_fields(record.event):
            writer.writerow([record.event.title, _("Veranstaltung"), 1, label, _csv_value(value)])
        numbers = {}
        for section in record.sections:
            numbers[section.kind] = numbers.get(section.kind, 0) + 1
            for _name, label, value in section.fields:
                writer.writerow(
                    [record.event.title, section.label, numbers[section.kind], label, _csv_value(value)]
                )
    return response


def _csv_value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("ja") if value else _("nein")
    if hasattr(value, "isoformat"):
        return timezone.localtime(value).isoformat() if timezone.is_aware(value) else value.isoformat()
    return str(value)


@secret_page
@require_http_methods(["GET", "POST"])
def deletion_request(request, token):
    """Ask, after a confirmation step, that the agency deletes the registration behind the link."""
    registration = _registration_by_manage_token(token)
    if request.method == "POST":
        services.deletion_request_create(registration=registration)
        return redirect(f"{registration.get_absolute_url()}?erledigt=loeschung-beantragt")
    return render(
        request,
        "events/registration/deletion_request.html",
        {
            "registration": registration,
            "event": registration.event,
            "deletion_request": selectors.open_deletion_request(registration),
            "periods": retention_periods(),
        },
    )


@require_http_methods(["GET", "POST"])
def overview_request(request):
    """Ask for an email with a link to all registrations of an address."""
    form = EmailForm(request.POST or None)
    status = 200
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            services.registrations_overview_send(
                email=form.cleaned_data["email"], client_address=_client_address(request)
            )
            done = True
        except exceptions.RateLimited as error:
            messages.error(request, str(error))
            status = 429
    return render(
        request, "events/registration/overview_request.html", {"form": form, "done": done}, status=status
    )


@secret_page
def overview(request, token):
    email = email_from_overview_token(token)
    if email is None:
        raise Http404()
    registrations = selectors.registrations_of(email=email)
    return render(
        request, "events/registration/overview.html", {"email": email, "registrations": registrations}
    )


def _booked_registration(token: str, registration_id: int) -> Registration:
    """Return one date of the booking behind a personal link (itself or its series' dates), else 404."""
    registration = _registration_by_manage_token(token)
    for item in selectors.booking_dates(registration):
        if item.pk == registration_id:
            return item
    raise Http404()


def certificate_response(registration: Registration) -> HttpResponse:
    """Return the certificate PDF of ``registration`` as a download."""
    response = HttpResponse(certificates.certificate_pdf(registration), content_type="application/pdf")
    filename = certificates.certificate_filename(registration)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@secret_page(referrer_policy="no-referrer")
@require_http_methods(["GET"])
def certificate(request, token, registration_id):
    """Download the attendance certificate of one date behind the personal link (only if attended)."""
    _booked_registration(token, registration_id)
    try:
        registration = selectors.certificate_registration(registration_id=registration_id)
    except Registration.DoesNotExist:
        raise Http404() from None
    return certificate_response(registration)


@secret_page(referrer_policy="no-referrer")
@require_http_methods(["GET"])
def material_file(request, token, registration_id, material_id, field="file"):
    """Hand out a participants-only material file to the holder of a confirmed registration's link."""
    registration = _booked_registration(token, registration_id)
    material = selectors.participants_materials(registration).filter(pk=material_id).first()
    stored = getattr(material, field, None)
    if not stored:
        raise Http404()
    return material_file_response(stored)


def material_file_response(stored) -> FileResponse:
    """Return a stored material file as the public media server would (type, download, sandbox)."""
    try:
        handle = stored.open("rb")
    except OSError:
        raise Http404() from None
    filename = stored.name.rsplit("/", 1)[-1]
    return protect(FileResponse(handle, as_attachment=False, filename=filename), stored.name)


@secret_page(referrer_policy="no-referrer")
@require_http_methods(["GET"])
def certificate_verify(request, code):
    """Confirm that a certificate with this code was issued: name, event and date, nothing more."""
    try:
        registration = selectors.certificate_for_code(code=code)
    except Registration.DoesNotExist:
        raise Http404(_("Zu diesem Prüfcode gibt es keine Teilnahmebescheinigung.")) from None
    return render(
        request,
        "events/registration/certificate/verify.html",
        {"registration": registration, "event": registration.event},
    )
