import sys
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.http import FileResponse, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control, never_cache
from django.views.decorators.csrf import requires_csrf_token

from . import health, search, selectors, services
from .forms import BarrierReportForm
from .health import DATABASE_UNAVAILABLE
from .links import absolute_url
from .middleware import RETRY_AFTER_SECONDS, database_unavailable_response
from .models import ContentPage, default_enforcement_text
from .page_cache import cached_page
from .secret_pages import is_secret_path, secret_path_prefixes

FAVICON = settings.BASE_DIR / "static" / "favicon.ico"


@cached_page(seats=True)
def home(request):
    return render(request, "portal/home.html")


@cached_page
def site_search(request):
    """Search every kind of public content; results grouped by kind, one kind's page at a time."""
    query = search.clean_query(request.GET.get("q"))
    source = search.source_get(request.GET.get("bereich", ""))
    context = {"search_query": query, "chosen_source": source, "groups": [], "total": 0}
    if query:
        groups = search.site_search(
            query=query, source_key=source.key if source else "", page=request.GET.get("page")
        )
        context.update(
            groups=groups,
            total=sum(group.count for group in groups),
            more=any(group.more for group in groups),
        )
        if source:
            context["page_obj"] = next(group.page for group in groups if group.source is source)
    return render(request, "portal/search.html", context)


def _heading(title, usual_name):
    """Return the editors' heading, or the page's usual name in another language (the text stays German)."""
    if title and get_language() == settings.LANGUAGE_CODE:
        return title
    return str(usual_name)


@cached_page
def content_page(request, kind):
    """Show one of the pages editors maintain (privacy notice, easy language, sign language)."""
    page = selectors.content_page_get(kind=kind)
    heading = _heading(page.title, selectors.DEFAULT_TITLES[kind])
    context = {"page": page, "heading": heading}
    if kind == ContentPage.Kind.PRIVACY:
        # Stated from the settings, not the editors' text: the retention run applies exactly these.
        context["retention"] = selectors.retention_periods()
    return render(request, "portal/content_page.html", context)


@cached_page
def imprint(request):
    page = selectors.content_page_get(kind=ContentPage.Kind.IMPRINT)
    context = {
        "page": page,
        "heading": _heading(page.title, selectors.DEFAULT_TITLES[ContentPage.Kind.IMPRINT]),
        "imprints": selectors.imprint_list(),
    }
    return render(request, "portal/imprint.html", context)


@cached_page
def accessibility(request):
    statement = selectors.accessibility_statement_get()
    context = {
        "statement": statement,
        "heading": _heading(statement and statement.title, _("Erklärung zur Barrierefreiheit")),
        "default_enforcement": default_enforcement_text(),
    }
    return render(request, "portal/accessibility.html", context)


def feedback(request):
    """Take a report about a barrier (BITV 2.0 § 7) and confirm that it arrived."""
    if request.method == "POST":
        form = BarrierReportForm(request.POST)
        if form.is_valid():
            if form.is_spam():
                messages.success(request, _("Vielen Dank für Ihre Meldung."))
            else:
                report = services.barrier_report_create(**form.report_data())
                messages.success(request, _confirmation(report))
            return redirect("portal:feedback")
    else:
        form = BarrierReportForm(initial={"page_url": _page_came_from(request)})
    return render(request, "portal/feedback.html", {"form": form})


def _confirmation(report):
    text = _("Vielen Dank für Ihre Meldung. Sie ist am %(received)s bei uns eingegangen.") % {
        "received": date_format(localtime(report.received_at), "DATETIME_FORMAT")
    }
    if report.email:
        text += " " + _("Wir antworten Ihnen spätestens bis zum %(due)s.") % {
            "due": date_format(report.answer_due, "DATE_FORMAT")
        }
    return text


def _page_came_from(request):
    """Return the path of the portal page the person came from, if we can tell."""
    candidate = request.GET.get("seite", "")
    if not candidate:
        referer = urlsplit(request.headers.get("referer", ""))
        if referer.netloc == request.get_host():
            candidate = referer.path
    if not candidate.startswith("/") or candidate.startswith("//") or candidate == request.path:
        return ""
    if is_secret_path(candidate):
        # A registration or preview address is a key: it must not end up in a stored report.
        return ""
    return candidate[: BarrierReportForm.base_fields["page_url"].max_length]


# An error page is no address of its own: no canonical or alternate links for search engines.
NOT_A_PAGE = {"canonical_url": None, "hreflang_links": []}


def page_not_found(request, exception):
    return render(request, "404.html", NOT_A_PAGE, status=404)


@requires_csrf_token
def server_error(request):
    if isinstance(sys.exc_info()[1], DATABASE_UNAVAILABLE):
        # Raised by a middleware (the session saved on the way out), so DatabaseUnavailableMiddleware
        # never saw it.
        return database_unavailable_response()
    # The id lets whoever reports the error point to the very log lines (and the mail to ADMINS).
    context = {"request_id": getattr(request, "request_id", ""), **NOT_A_PAGE}
    return render(request, "500.html", context, status=500)


@never_cache
def healthz(request):
    """Tell a load balancer or monitor whether this server can do its work (JSON, 200 or 503)."""
    healthy, checks = health.report()
    response = JsonResponse(checks, status=200 if healthy else 503)
    if not healthy:
        response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@cache_control(max_age=86400, public=True)
def robots_txt(request):
    """Let every crawler in, except into the admin and the pages reached by a secret link."""
    disallowed = set(secret_path_prefixes())
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            disallowed.add(reverse("admin:index"))
    lines = ["User-agent: *", *[f"Disallow: {path}" for path in sorted(disallowed)], "Allow: /"]
    lines += ["", f"Sitemap: {absolute_url(reverse('sitemap'))}"]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@cache_control(max_age=604800, public=True)
def favicon(request):
    """Answer the browsers' /favicon.ico (asked for without looking at the page's icon links)."""
    return FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
