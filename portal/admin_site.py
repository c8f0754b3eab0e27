"""The portal's admin site: Django's, with a "view on site" redirect that respects each admin's scope
and a start page for staff (their figures, the latest changes by colleagues)."""

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path

from .audit import entries_visible_to

# Sections of the start page, contributed by the apps above the portal: (template, context(request)).
_start_sections = []


def register_start_section(*, template: str, context) -> None:
    """Show ``template`` on the admin start page, rendered with ``context(request)`` (a dict)."""
    if not any(existing == template for existing, _context in _start_sections):
        _start_sections.append((template, context))


def recent_changes(user, *, limit: int = 10):
    """Return the latest audit entries of ``user``'s agencies made by someone else (colleagues, jobs)."""
    return list(entries_visible_to(user).exclude(actor=user).select_related("actor", "agency")[:limit])


class PortalAdminSite(admin.AdminSite):
    index_template = "admin/index.html"

    def index(self, request, extra_context=None):
        """Add the staff start page: each app's section and the colleagues' latest changes."""
        context = {
            "start_sections": [
                {"template": template, **section_context(request)}
                for template, section_context in _start_sections
            ],
            "recent_changes": recent_changes(request.user),
            **(extra_context or {}),
        }
        return super().index(request, context)

    def get_urls(self):
        urls = [url for url in super().get_urls() if getattr(url, "name", None) != "view_on_site"]
        return [
            path(
                "r/<int:content_type_id>/<path:object_id>/",
                self.admin_view(self.view_on_site_redirect),
                name="view_on_site",
            ),
            *urls,
        ]

    def view_on_site_redirect(self, request, content_type_id, object_id):
        """Redirect to the object's public page, if its admin offers one and the user may see the object.

        Django's own redirect (contenttypes' shortcut) asks neither: any staff member could reach any
        object's page, including addresses that carry a personal token.
        """
        try:
            model = ContentType.objects.get_for_id(content_type_id).model_class()
        except ContentType.DoesNotExist as exc:
            raise Http404 from exc
        model_admin = self._registry.get(model)
        if model_admin is None or not model_admin.view_on_site:
            raise Http404
        if not model_admin.has_view_or_change_permission(request):
            raise Http404
        try:
            obj = model_admin.get_queryset(request).filter(pk=object_id).first()
        except (ValueError, ValidationError):
            obj = None
        if obj is None:
            raise Http404
        if callable(model_admin.view_on_site):
            url = model_admin.view_on_site(obj)
        else:
            url = obj.get_absolute_url() if hasattr(obj, "get_absolute_url") else None
        if not url:
            raise Http404
        return redirect(url)
