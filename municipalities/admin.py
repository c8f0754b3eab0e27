from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from agencies.admin_scope import AgencyScopedAdmin, AgencyScopedInline, agencies_of
from portal.audit import AuditedAdmin

from . import services
from .exceptions import PartnershipOutsideStates
from .models import FederalState, Municipality, Partnership, Programme


def _partner_municipalities(user, queryset):
    """Limit ``queryset`` to the Bundesländer the user's agencies serve (superusers: everywhere)."""
    if user.is_superuser:
        return queryset
    return queryset.filter(state__in=agencies_of(user).values("states"))


class PartnershipInlineFormSet(BaseInlineFormSet):
    """Check the rows of one save against each other; each row checks the database in its clean()."""

    def clean(self):
        super().clean()
        periods = []
        for form in self.forms:
            if not form.is_valid() or not form.cleaned_data or form.cleaned_data.get("DELETE"):
                continue
            since, until = form.cleaned_data.get("since"), form.cleaned_data.get("until")
            if since is None:
                continue
            for other_since, other_until in periods:
                if (until is None or other_since <= until) and (other_until is None or since <= other_until):
                    raise ValidationError(
                        _(
                            "Zwei Partnerschaften dieser Kommune überschneiden sich. Eine Kommune arbeitet "
                            "in einem Zeitraum nur mit einer Transferagentur zusammen."
                        )
                    )
            periods.append((since, until))


class PartnershipInline(AgencyScopedInline, admin.StackedInline):
    model = Partnership
    formset = PartnershipInlineFormSet
    extra = 0
    fields = [("agency", "status"), ("since", "until"), "programmes", "note"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    ordering = ["-since"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["name", "key", "kind", "state", "parent", "population"]
    list_filter = ["state", "kind"]
    search_fields = ["name", "key"]
    list_select_related = ["state", "parent"]
    autocomplete_fields = ["parent"]
    readonly_fields = ["state", "created_at", "updated_at"]
    fields = [
        "key",
        "name",
        "kind",
        "designation",
        "parent",
        "population",
        "area_km2",
        "state",
        "created_at",
        "updated_at",
    ]
    inlines = [PartnershipInline]
    show_full_result_count = False

    def get_search_results(self, request, queryset, search_term):
        # The parent picker offers Landkreise only: Gemeinden belong to one.
        queryset, may_have_duplicates = super().get_search_results(request, queryset, search_term)
        if request.GET.get("field_name") == "parent":
            queryset = queryset.filter(kind=Municipality.Kind.LANDKREIS)
        if request.GET.get("model_name") == "partnership" and request.GET.get("field_name") == "municipality":
            queryset = _partner_municipalities(request.user, queryset)
        return queryset, may_have_duplicates


class PartnershipForm(forms.ModelForm):
    user = None  # set per request by PartnershipAdmin.get_form

    def clean(self):
        cleaned = super().clean()
        agency, municipality = cleaned.get("agency"), cleaned.get("municipality")
        if agency and municipality and not self.user.is_superuser:
            try:
                services.partnership_check_states(agency=agency, municipality=municipality)
            except PartnershipOutsideStates as exc:
                self.add_error("municipality", str(exc))
        return cleaned


class PartnershipServiceSave:
    """Save through the partnership services, so that the admin keeps the same rules."""

    def save_model(self, request, obj, form, change):
        allow = request.user.is_superuser
        if change:
            services.partnership_update(partnership=obj, allow_other_states=allow)
            return
        created = services.partnership_create(
            municipality=obj.municipality,
            agency=obj.agency,
            status=obj.status,
            since=obj.since,
            until=obj.until,
            note=obj.note,
            allow_other_states=allow,
        )
        # The form saves the programmes onto its own instance next: give it the new row.
        obj.pk, obj.created_at, obj.updated_at = created.pk, created.created_at, created.updated_at
        obj._state.adding = False


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin, PartnershipServiceSave, AgencyScopedAdmin, admin.ModelAdmin):
    form = PartnershipForm
    list_display = ["municipality", "agency", "status", "since", "until"]
    list_filter = ["agency", "status", "programmes"]
    search_fields = ["municipality__name", "municipality__key"]
    list_select_related = ["municipality", "agency"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    date_hierarchy = "since"

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"user": request.user})

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "municipality":
            kwargs["queryset"] = _partner_municipalities(request.user, Municipality.objects.all())
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(FederalState)
class FederalStateAdmin(admin.ModelAdmin):
    list_display = ["name", "code"]
    search_fields = ["name"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
