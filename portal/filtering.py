"""What the filtered public lists share: the page itself, and the filters in use shown as chips that remove
themselves."""

from dataclasses import dataclass
from urllib.parse import urlencode

from django.core.paginator import Paginator
from django.http import QueryDict
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import formats
from django.utils.functional import cached_property

from .page_cache import cached_fragment

# Parameters that are no filter: they never show up as chips and never reach a feed link.
NOT_FILTERS = ("page",)


def query_without(data, *names, defaults=None) -> QueryDict:
    """Return ``data`` without ``names``, the page number, empty values and values at their default."""
    defaults = defaults or {}
    remaining = QueryDict(mutable=True)
    for key, values in data.lists():
        values = [value for value in values if value]
        if key in names or key in NOT_FILTERS or not values or values == [defaults.get(key)]:
            continue
        remaining.setlist(key, values)
    return remaining


class FiltersOnDemand:
    """A FilterSet built only when the query string sets one of its filters, or something asks for it.

    A FilterSet whose filters all lack a value filters nothing and its form has no errors, so while the
    query string sets none, ``qs`` is the base queryset, ``is_valid()`` true and ``errors`` empty without
    building it; the form, rendered apart and cached per values (``filter_form_html``), builds it only
    when its HTML is not cached yet. Building one copies its filters and its form's fields: about a
    millisecond on every request of a list page. Everything else is the FilterSet's own.
    """

    def __init__(self, filterset_class, data, *, queryset, **kwargs):
        self.data = data
        self.queryset = queryset
        self.is_bound = data is not None
        self.filterset_class = filterset_class
        self.base_filters = filterset_class.base_filters
        self.sets_a_filter = self.is_bound and any(data.get(name) for name in self.base_filters)
        self._build = lambda: filterset_class(data, queryset=queryset, **kwargs)

    @cached_property
    def filterset(self):
        return self._build()

    @property
    def qs(self):
        return self.filterset.qs if self.sets_a_filter else self.queryset.all()

    def values_name(self) -> str:
        """Return the filter values set, as a query string in a fixed order: a name for what they
        select (``kept_rows``), the same whatever order the address gives them in."""
        return urlencode(
            sorted((name, self.data.get(name)) for name in self.base_filters if self.data.get(name))
        )

    def is_valid(self) -> bool:
        return not self.sets_a_filter or self.filterset.is_valid()

    @property
    def errors(self):
        return self.filterset.errors if self.sets_a_filter else {}

    def __getattr__(self, name):
        if name.startswith("_"):  # not yet set (a copy, say): no FilterSet to ask
            raise AttributeError(name)
        return getattr(self.filterset, name)


def active_filters(filterset, *, ignore=(), defaults=None) -> list[dict]:
    """Return the valid filters in use: name, label, shown value and the query string without it.

    ``ignore`` names parameters that are no filter (such as the sort order); ``defaults`` maps a
    parameter to the value that means "not set".
    """
    if not filterset.is_bound or isinstance(filterset, FiltersOnDemand) and not filterset.sets_a_filter:
        return []
    form = filterset.form
    form.is_valid()  # fills cleaned_data with the valid fields, also when another one has an error
    chips = []
    for name, field in form.fields.items():
        value = form.cleaned_data.get(name)
        if name in ignore or value in (None, ""):
            continue
        query = query_without(filterset.data, name, defaults=defaults).urlencode()
        chips.append({"name": name, "label": field.label, "value": _shown(field, value), "query": query})
    return chips


@dataclass(frozen=True)
class FilterOutcome:
    """What a list page shows of its filters beside the form: whether they hold, and the chips."""

    valid: bool
    chips: list[dict]  # as active_filters() returns them


def filter_outcome(filters: FiltersOnDemand) -> FilterOutcome:
    """Return whether ``filters`` are valid and the chips of those in use, worked out once per language,
    content version and set of values (as the form, ``filter_form_html``): both depend on nothing else,
    and building and validating a FilterSet cost more than the rest of a list page."""
    if not filters.sets_a_filter:
        return FilterOutcome(valid=True, chips=[])
    values = query_without(filters.data).urlencode()
    return cached_fragment(
        f"filter-outcome:{filters.filterset_class.__qualname__}?{values}",
        lambda: FilterOutcome(valid=filters.is_valid(), chips=active_filters(filters)),
    )


def filter_form_html(request, template: str, context: dict) -> str:
    """Render a filter form once per language, content version and set of values (the page number
    aside): it shows nothing but the values, with their errors, and choices that change with the
    content. The unfiltered form serves everyone, filtered ones the links shared and followed most."""
    values = query_without(request.GET).urlencode()
    return cached_fragment(f"{template}?{values}", lambda: render_to_string(template, context, request))


def render_filtered_list(
    request,
    template,
    filterset,
    *,
    items_name,
    page_size,
    form_template=None,
    context=None,
    present=None,
    count=None,
    items=None,
):
    """Render a filtered, paginated list page: the FilterSet, one page of ``filterset.qs`` under
    ``items_name`` (turned into what the template shows by ``present``, if given), and whether any
    filter is set. ``count``, if given, is the number of items ``filterset.qs`` holds, known without
    counting them again (kept for the unfiltered list). ``items``, if given, is what the pages are cut
    from instead of ``filterset.qs``: a list of ids, say, that ``present`` turns into the page's rows.

    With ``form_template`` the filter form is rendered apart, as ``filter_form``. It shows nothing but
    the filter values (with their errors) and choices that change with the content, so it is rendered
    once per language, content version and set of values: the unfiltered form for everyone, and
    filtered ones for the links shared and followed most (an agency's partners, a year's releases).
    """
    paginator = Paginator(filterset.qs if items is None else items, page_size)
    if count is not None:
        paginator.count = count  # a cached property: the paginator asks no COUNT(*)
    page_obj = paginator.get_page(request.GET.get("page"))
    filtered = any(request.GET.get(name) for name in filterset.base_filters)
    page_context = {
        "filterset": filterset,
        "page_obj": page_obj,
        items_name: present(page_obj.object_list) if present else page_obj.object_list,
        "filtered": filtered,
        **(context or {}),
    }
    if form_template:
        form_context = {"filterset": filterset, "filtered": filtered}
        page_context["filter_form"] = filter_form_html(request, form_template, form_context)
    return render(request, template, page_context)


def _shown(field, value) -> str:
    if hasattr(value, "strftime"):
        return formats.date_format(value, "SHORT_DATE_FORMAT")
    if isinstance(value, int) and not isinstance(value, bool):
        return formats.number_format(value, force_grouping=True)
    if hasattr(field, "label_from_instance"):
        return field.label_from_instance(value)
    if getattr(field, "choices", None) is not None:
        return dict(field.choices).get(value, value)
    return str(value)
