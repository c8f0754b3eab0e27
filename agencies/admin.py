from django.contrib import admin
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agencies.press import admin as press_admin  # noqa: F401  (registers the press admin)
from agencies.publications import admin as publications_admin  # noqa: F401  (registers the publication admin)
from portal.models import Imprint

from . import services
from .admin_scope import AgencyScopedAdmin, is_manager, managed_agencies
from .models import Agency, ContactPerson, Membership


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["user", "role"]
    verbose_name_plural = _("Mitarbeitende und ihre Rollen")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "user":
            # Accounts are created by a superuser; managers give existing staff accounts a role:
            # their own agencies' staff, or accounts without an agency yet, not other agencies' staff.
            users = db_field.related_model._default_manager.filter(is_staff=True, is_active=True)
            if not request.user.is_superuser:
                anywhere = Membership.objects.values("user")
                ours = Membership.objects.filter(agency__in=managed_agencies(request.user)).values("user")
                users = users.filter(~Q(pk__in=anywhere) | Q(pk__in=ours))
            kwargs["queryset"] = users
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


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
    filter_horizontal = ["states"]
    inlines = [ContactPersonInline, MembershipInline]
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fieldsets = [
        (None, {"fields": ["name", "short_name", "slug", "states", "order"]}),
        (
            _("Kontakt"),
            {"fields": ["host_institution", "street", "postcode", "city", "phone", "email", "website"]},
        ),
        (_("Selbstdarstellung"), {"fields": ["mission", "tasks", "logo", "logo_alt"]}),
        (_("Standardabsätze für Pressemitteilungen"), {"fields": ["about", "host_about"]}),
    ]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("states")

    def get_readonly_fields(self, request, obj=None):
        # The Bundesländer decide where an agency may have partners: set by superusers only.
        readonly = list(super().get_readonly_fields(request, obj))
        return readonly if request.user.is_superuser else [*readonly, "states"]

    def save_formset(self, request, form, formset, change):
        super().save_formset(request, form, formset, change)
        if formset.model is Membership:
            changed = {membership.user for membership in formset.new_objects + formset.deleted_objects}
            changed |= {membership.user for membership, _fields in formset.changed_objects}
            for user in changed:
                services.staff_groups_update(user=user)

    def get_inlines(self, request, obj):
        # Who works for an agency is decided by its managers (and superusers), not by its editors.
        if obj is not None and is_manager(request.user, obj):
            return self.inlines
        return [ContactPersonInline]

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
