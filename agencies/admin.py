from django.contrib import admin
from django.db import models
from django.utils.translation import gettext_lazy as _

from agencies.press import admin as press_admin  # noqa: F401  (registers the press admin)
from agencies.publications import admin as publications_admin  # noqa: F401  (registers the publication admin)
from portal.models import Imprint

from .admin_scope import AgencyScopedAdmin
from .models import Agency, ContactPerson


class ContactPersonInline(admin.TabularInline):
    model = ContactPerson
    extra = 0
    fields = ["name", "role", "phone", "email", "order"]


@admin.register(Agency)
class AgencyAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    agency_lookup = "pk"
    list_display = ["name", "short_name", "city", "host_institution", "state_names", "order"]
    list_filter = ["states"]
    search_fields = ["name", "short_name", "city", "host_institution", "email"]
    prepopulated_fields = {"slug": ["short_name"]}
    filter_horizontal = ["states", "members"]
    inlines = [ContactPersonInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "states", "order"]}),
        (
            _("Kontakt"),
            {"fields": ["host_institution", "street", "postcode", "city", "phone", "email", "website"]},
        ),
        (_("Selbstdarstellung"), {"fields": ["mission", "tasks", "logo", "logo_alt"]}),
        (_("Standardabsätze für Pressemitteilungen"), {"fields": ["about", "host_about"]}),
        (_("Redaktion"), {"fields": ["members"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("states")

    def get_readonly_fields(self, request, obj=None):
        # Who edits an agency's content is the superuser's decision, not the editors' own.
        if request.user.is_superuser:
            return super().get_readonly_fields(request, obj)
        return [*super().get_readonly_fields(request, obj), "members"]

    @admin.display(description=_("Betreute Bundesländer"))
    def state_names(self, agency):
        return ", ".join(state.name for state in agency.states.all())


@admin.register(ContactPerson)
class ContactPersonAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ["name", "role", "agency", "email", "phone", "order"]
    list_filter = ["agency", "role"]
    search_fields = ["name", "email", "phone", "agency__short_name"]
    list_select_related = ["agency"]


# Each agency keeps its own imprint; the model lives with the site-wide pages below this app.
@admin.register(Imprint)
class ImprintAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ["agency", "operator", "legal_form", "city", "updated_at"]
    list_filter = ["agency", "legal_form"]
    search_fields = ["operator", "agency__name", "represented_by", "content_responsible"]
    list_select_related = ["agency"]
    fieldsets = [
        (None, {"fields": ["agency"]}),
        (
            _("Anbieter"),
            {"fields": ["operator", "legal_form", "street", "postcode", "city", "represented_by"]},
        ),
        (_("Register und Steuern"), {"fields": ["register_entry", "vat_id", "supervisory_authority"]}),
        (_("Kontakt und Verantwortung"), {"fields": ["phone", "email", "content_responsible"]}),
        (None, {"fields": ["notes"]}),
    ]
