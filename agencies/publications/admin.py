"""Admin for publications and their series."""

from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from agencies.admin_scope import AgencyScopedAdmin
from portal.audit import AuditedAdmin

from .models import Publication, PublicationSeries


@admin.register(PublicationSeries)
class PublicationSeriesAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "agency"]
    list_filter = ["agency"]
    search_fields = ["title", "description"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Publication)
class PublicationAdmin(AuditedAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ["title", "agency", "kind", "series", "year", "accessible", "file_size_display"]
    list_filter = ["agency", "kind", "series", "year", "accessible", "topics"]
    search_fields = ["title", "summary", "number"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["topics"]
    list_select_related = ["agency", "series"]
    fields = [
        "agency",
        "title",
        "slug",
        "kind",
        "series",
        "number",
        "year",
        "topics",
        "summary",
        "file",
        "accessible",
        "accessible_alternative",
    ]

    @admin.display(description=_("Dateigröße"), ordering="file_size")
    def file_size_display(self, obj):
        return filesizeformat(obj.file_size)
