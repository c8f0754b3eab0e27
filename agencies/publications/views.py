"""Public pages of the publications: list with filters, detail and file downloads."""

from django.http import Http404
from django.shortcuts import render

from agencies.downloads import file_response
from portal.filtering import render_filtered_list
from portal.page_cache import cached_page

from . import selectors

PAGE_SIZE = 20


@cached_page
def publication_list(request):
    filterset = selectors.publication_filterset(data=request.GET)
    return render_filtered_list(
        request,
        "agencies/publications/publication_list.html",
        filterset,
        items_name="publications",
        page_size=PAGE_SIZE,
        items=selectors.publication_list_ids(filterset),
        present=selectors.publications_of,
        form_template="agencies/publications/includes/filter_form.html",
    )


def _get(slug):
    publication = selectors.publication_detail(slug=slug)
    if publication is None:
        raise Http404("No publication with this address.")
    return publication


@cached_page
def publication_detail(request, slug):
    return render(request, "agencies/publications/publication_detail.html", {"publication": _get(slug)})


def publication_download(request, slug):
    publication = _get(slug)
    return file_response(publication.file, filename_stem=publication.slug)


def publication_accessible_download(request, slug):
    publication = _get(slug)
    return file_response(publication.accessible_alternative, filename_stem=f"{publication.slug}-barrierefrei")
