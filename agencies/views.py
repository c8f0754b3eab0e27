from django.shortcuts import render

from . import selectors


def agency_list(request):
    return render(request, "agencies/agency_list.html", {"agencies": selectors.agency_list()})


def agency_detail(request, slug):
    agency = selectors.agency_get(slug=slug)
    context = {"agency": agency, "contact_groups": selectors.contacts_by_role(agency)}
    return render(request, "agencies/agency_detail.html", context)
