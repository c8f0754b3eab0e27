from django.shortcuts import render
from django.views.decorators.csrf import requires_csrf_token

from agencies.models import Agency


def home(request):
    agencies = Agency.objects.prefetch_related("states")
    return render(request, "portal/home.html", {"agencies": agencies})


def placeholder(request, **kwargs):
    return render(request, "portal/placeholder.html")


def page_not_found(request, exception):
    return render(request, "404.html", status=404)


@requires_csrf_token
def server_error(request):
    return render(request, "500.html", status=500)
