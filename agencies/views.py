from django.shortcuts import render

from portal.page_cache import cached_page

from . import selectors


@cached_page
def agency_list(request):
    return render(request, "agencies/agency_list.html", {"agencies": selectors.agency_list()})


@cached_page(seats=True)
def agency_detail(request, slug):
    agency = selectors.agency_get(slug=slug)
    context = {"agency": agency, "contact_groups": selectors.contacts_by_role(agency)}
    return render(request, "agencies/agency_detail.html", context)
