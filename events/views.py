import datetime

from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from . import selectors
from .calendar import absolute_url, build_calendar, event_ics
from .models import Event, Material
from .structured_data import event_data, json_ld

PAGE_SIZE = 10
# Parameters that are no filter: they never show up as chips and never reach the feed link.
NOT_FILTERS = ("page",)


def _clean_query(query):
    """Return ``query`` without empty values and the page: what a filter URL needs, no more."""
    query = query.copy()
    for key in list(query):
        values = [value for value in query.getlist(key) if value]
        if key in NOT_FILTERS or not values:
            del query[key]
        else:
            query.setlist(key, values)
    return query


def _active_filters(request, filters):
    """Return the valid filters in use as chips: label, shown value and the query string without it."""
    if not filters.is_bound or not hasattr(filters.form, "cleaned_data"):
        return []
    chips = []
    for name, field in filters.form.fields.items():
        value = filters.form.cleaned_data.get(name)
        if value in (None, ""):
            continue
        if hasattr(value, "strftime"):
            shown = formats.date_format(value, "SHORT_DATE_FORMAT")
        elif hasattr(field, "label_from_instance"):
            shown = field.label_from_instance(value)
        elif getattr(field, "choices", None) is not None:
            shown = dict(field.choices).get(value, value)
        else:
            shown = str(value)
        query = _clean_query(request.GET)
        query.pop(name, None)
        chips.append({"name": name, "label": field.label, "value": shown, "query": query.urlencode()})
    return chips


def event_list(request):
    filters = selectors.event_filter(data=request.GET)
    events = selectors.event_list(filters=filters)
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    filter_query = _clean_query(request.GET).urlencode()
    feed_url = absolute_url(reverse("events:feed") + (f"?{filter_query}" if filter_query else ""))
    return render(
        request,
        "events/event_list.html",
        {
            "filter": filters,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "active_filters": _active_filters(request, filters),
            "filter_query": filter_query,
            "feed_url": feed_url,
            "webcal_url": "webcal://" + feed_url.split("://", 1)[1],
        },
    )


def event_archive(request):
    filters = selectors.archive_filter(data=request.GET)
    events = selectors.archive_list(filters=filters)
    page_obj = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "events/event_archive.html",
        {
            "filter": filters,
            "page_obj": page_obj,
            "events": page_obj.object_list,
            "active_filters": _active_filters(request, filters),
        },
    )


def _programme_days(event):
    """Return the programme grouped by day, each day with its date, for multi-day events."""
    first_day = timezone.localtime(event.starts_at).date()
    days = {}
    for item in event.programme_items.all():
        days.setdefault(item.day, []).append(item)
    return [
        {"number": number, "date": first_day + datetime.timedelta(days=number - 1), "items": items}
        for number, items in sorted(days.items())
    ]


def event_detail(request, slug):
    try:
        event = selectors.event_detail(slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder nicht mehr.")) from None
    materials = list(event.materials.all())
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "programme_days": _programme_days(event),
            "other_speakers": [s for s in event.speakers.all() if s.programme_item_id is None],
            "contact": event.contact or next(iter(event.agency.contacts.all()), None),
            "documents": [m for m in materials if m.kind == Material.Kind.DOCUMENT],
            "links": [m for m in materials if m.kind == Material.Kind.LINK],
            "videos": [m for m in materials if m.kind == Material.Kind.VIDEO],
            "series_dates": selectors.series_dates(event=event),
            "json_ld": json_ld(event_data(event)),
            "event_url": absolute_url(event.get_absolute_url()),
        },
    )


def _calendar_response(content, *, filename, download):
    response = HttpResponse(content, content_type="text/calendar; charset=utf-8")
    disposition = "attachment" if download else "inline"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    return response


def event_ical(request, slug):
    try:
        event = selectors.event_for_calendar(slug=slug)
    except Event.DoesNotExist:
        raise Http404(_("Diese Veranstaltung gibt es nicht oder nicht mehr.")) from None
    return _calendar_response(event_ics(event), filename=f"{event.slug}.ics", download=True)


def event_feed(request):
    filters = selectors.event_filter(data=request.GET)
    events = selectors.feed_events(filters=filters)
    name = _("Transferportal: Veranstaltungen")
    if _active_filters(request, filters):
        name = _("Transferportal: ausgewählte Veranstaltungen")
    content = build_calendar(events, name=name)
    return _calendar_response(content, filename="veranstaltungen.ics", download=False)
