from django.shortcuts import get_object_or_404, render

from .models import Agency


def agency_list(request):
    agencies = Agency.objects.prefetch_related("states")
    return render(request, "agencies/agency_list.html", {"agencies": agencies})


def agency_detail(request, slug):
    agency = get_object_or_404(Agency.objects.prefetch_related("states", "contacts"), slug=slug)
    return render(request, "agencies/agency_detail.html", {"agency": agency})
