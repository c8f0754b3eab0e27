from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from portal.filtering import active_filters, render_filtered_list
from portal.page_cache import cached_page

from . import selectors
from .charts import bar_charts
from .models import Partnership
from .rows import directory_rows
from .widgets import MunicipalityAutocompleteWidget

PAGE_SIZE = 50
# The scripts and styles of the directory's filter form (its name search; the other fields have none):
# the same on every request, without building the form.
FILTER_MEDIA = MunicipalityAutocompleteWidget().media
SEARCH_LIMIT = 10


@cached_page
@require_GET
def municipality_list(request):
    filterset = selectors.municipality_list(filters=request.GET)
    chips = active_filters(filterset, ignore=["sortierung"], defaults={"sortierung": "name"})
    return render_filtered_list(
        request,
        "municipalities/municipality_list.html",
        filterset,
        items_name="municipality_rows",
        page_size=PAGE_SIZE,
        present=directory_rows,
        form_template="municipalities/includes/filter_form.html",
        count=None if selectors.narrows(filterset) else selectors.municipality_total(),
        context={
            # What the templates ask of the form (the layout says „Fehler:“ in the title), without
            # building it: it is rendered apart, once per set of values (render_filtered_list).
            "form": {"errors": filterset.errors, "media": FILTER_MEDIA},
            "active_filters": chips,
        },
    )


@cached_page
@require_GET
def municipality_detail(request, key):
    municipality = selectors.municipality_detail(key=key)
    context = {
        "municipality": municipality,
        "current_partnership": selectors.running_partnership(municipality),
    }
    return render(request, "municipalities/municipality_detail.html", context)


@cached_page
@require_GET
def overview(request):
    counts = selectors.partner_counts()
    statuses = [choice for choice in Partnership.Status.choices if choice[0] != Partnership.Status.FORMER]
    context = {
        "counts": counts,
        "charts": list(zip(counts, bar_charts(counts), strict=True)),
        "statuses": statuses,
        "total": sum(entry.total for entry in counts),
    }
    return render(request, "municipalities/overview.html", context)


@cached_page
@require_GET
def search(request):
    """Answer the autocomplete: up to ten municipalities matching ``q`` as JSON."""
    results = selectors.municipality_search(query=request.GET.get("q", ""), limit=SEARCH_LIMIT)
    data = [
        {
            "key": municipality.key,
            "name": municipality.name,
            "display_name": municipality.display_name,
            "kind": municipality.get_kind_display(),
            "state": municipality.state.name,
            "label": _("%(name)s (%(kind)s, %(state)s)")
            % {
                "name": municipality.display_name,
                "kind": municipality.kind_label,
                "state": municipality.state.name,
            },
            "url": municipality.get_absolute_url(),
        }
        for municipality in results
    ]
    return JsonResponse(data, safe=False)
