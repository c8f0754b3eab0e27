import datetime
import hashlib

from django.core.cache import cache
from django.http import Http404, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from portal.filtering import active_filters, filter_form_html, filter_outcome, query_without
from portal.links import absolute_url
from portal.page_cache import cached_page, seat_bucket, shared_content_version

from . import selectors
from .calendar import build_calendar, etag_for, event_ics
from .models import Event, Material
from .structured_data import event_data, json_ld

PAGE_SIZE = 10


def _filter_form(request, template, *, filters, chips) -> str:
    return filter_form_html(request, template, {"filter": filters, "active_filters": chips})


@cached_page(seats=True)
def event_list(request):
    filters = selectors.event_filter(data=request.GET)
    outcome = filter_outcome(filters)
    page_obj = selectors.event_list_page(
        filters, valid=outcome.valid, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    filter_query = query_without(request.GET).urlencode()
    feed_url = absolute_url(reverse("events:feed") + (f"?{filter_query}" if filter_query else ""))
    return render(
        request,
        "events/event_list.html",
        {
            "filter_invalid": not outcome.valid,
            "filter_form": _filter_form(
                request, "events/includes/event_filter_form.html", filters=filters, chips=outcome.chips
            ),
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "active_filters": outcome.chips,
            "filter_query": filter_query,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


@cached_page
def event_archive(request):
    filters = selectors.archive_filter(data=request.GET)
    outcome = filter_outcome(filters)
    page_obj = selectors.archive_list_page(
        filters, valid=outcome.valid, number=request.GET.get("page"), per_page=PAGE_SIZE
    )
    form = _filter_form(
        request, "events/includes/archive_filter_form.html", filters=filters, chips=outcome.chips
    )
    context = {"filter_invalid": not outcome.valid, "filter_form": form, "page_obj": page_obj}
    return render(
        request,
        "events/event_archive.html",
        {**context, "events": page_obj.object_list, "active_filters": outcome.chips},
    )


def _programme_days(event):
    """Return the programme grouped by day, each day with its date, for multi-day events."""
    first_day = timezone.localtime(event.starts_at).date()
    days = {}
    for item in event.rows.programme_items:
        days.setdefault(item.day, []).append(item)
    return [
        {"number": number, "date": first_day + datetime.timedelta(days=number - 1), "items": items}
        for number, items in sorted(days.items())
    ]


def detail_context(event) -> dict:
    """Return what the event page shows; the admin's draft preview renders the same."""
    # Only public materials: the selectors read ``Material.objects.public()``.
    materials = event.rows.materials
    return {
        "event": event,
        "programme_days": _programme_days(event),
        "other_speakers": [s for s in event.rows.speakers if s.programme_item_id is None],
        "contact": event.contact or next(iter(event.agency.contacts.all()), None),
        "documents": [m for m in materials if m.kind == Material.Kind.DOCUMENT],
        "links": [m for m in materials if m.kind == Material.Kind.LINK],
        "videos": [m for m in materials if m.kind == Material.Kind.VIDEO],
        "series_dates": selectors.series_dates(event=event),
        "json_ld": json_ld(event_data(event)),
        "event_url": absolute_url(event.get_absolute_url()),
    }


@cached_page(seats=True)
def event_detail(request, slug):
    try:
        event = selectors.event_detail(slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder nicht mehr.")) from None
    return render(request, "events/event_detail.html", detail_context(event))


# Calendar files are kept as bytes per content version, whether or not whole pages are cached: a feed
# of hundreds of events takes the icalendar package the better part of a second to write.
CALENDAR_SECONDS = 600


def _stored_calendar(request, build, *, seats: bool = False) -> tuple[bytes, str, int | None]:
    """Return (content, ETag, Last-Modified in seconds) of the calendar at this address, built once per
    content version and language by ``build()`` returning (content, last modified datetime).

    ``seats``: the calendar depends on free seats (the "free seats" filter), so it is built again at
    the latest every ``PAGE_CACHE_SEAT_SECONDS``, as pages showing seats are.
    """
    # cached_page has just read the version: this takes it without asking the shared cache again.
    parts = [
        shared_content_version(),
        get_language() or "",
        request.get_full_path(),
    ]
    if seats:
        parts.append(str(seat_bucket()))
    key = "events:calendar:" + hashlib.sha256("\n".join(parts).encode()).hexdigest()
    stored = cache.get(key)
    if stored is None:
        content, last_modified = build()
        # HTTP dates have seconds.
        stored = (content, etag_for(content), int(last_modified.timestamp()) if last_modified else None)
        cache.set(key, stored, CALENDAR_SECONDS)
    return stored


def _calendar_response(request, stored, *, filename, download):
    """Answer with a calendar file, or 304 when the subscriber already has this very content."""
    content, etag, modified = stored
    not_modified = get_conditional_response(request, etag=etag, last_modified=modified)
    if not_modified is not None:
        return not_modified
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["ETag"] = etag
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    return response


@cached_page
def event_ical(request, slug):
    try:
        event = selectors.event_for_calendar(slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder nicht mehr.")) from None
    stored = _stored_calendar(request, lambda: (event_ics(event), event.updated_at))
    return _calendar_response(request, stored, filename=f"{event.slug}.ics", download=True)


def _invalid_filter(filters):
    """Answer 400 in plain text: a calendar program shows no form, so say what is wrong and how to fix it."""
    lines = [
        _("Dieser Kalender kann nicht erstellt werden, weil die Adresse einen ungültigen Filter enthält:")
    ]
    for name, errors in filters.form.errors.items():
        label = filters.form.fields[name].label if name in filters.form.fields else name
        lines += [f"- {label} ({name}): {error}" for error in errors]
    lines.append(
        _(
            "Bitte wählen Sie die Filter auf der Veranstaltungsseite neu und übernehmen Sie die dort "
            "angezeigte Kalenderadresse: %(url)s"
        )
        % {"url": absolute_url(reverse("events:list"))}
    )
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cached_page
def event_feed(request):
    filters = selectors.feed_filter(data=request.GET)
    if not filters.is_valid():
        return _invalid_filter(filters)

    def build():
        events = selectors.feed_events(filters=filters)
        name = _("Transferportal: Veranstaltungen")
        if active_filters(filters):
            name = _("Transferportal: ausgewählte Veranstaltungen")
        # Over all events, not only the listed ones: an event unpublished or moved out of the filter
        # changes the feed too.
        return build_calendar(events, name=name), selectors.events_last_modified()

    stored = _stored_calendar(request, build, seats=bool(filters.form.cleaned_data.get("free")))
    return _calendar_response(request, stored, filename="veranstaltungen.ics", download=False)
