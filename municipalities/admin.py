from django import forms
from django.contrib import admin
from django.core.exceptions import ValidationError
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

from agencies.admin_scope import AgencyScopedAdmin
from portal.audit import AuditedAdmin

from .models import FederalState, Municipality, Partnership, Programme


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


class PartnershipInline(admin.StackedInline):
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
        return queryset, may_have_duplicates


@admin.register(Partnership)
class PartnershipAdmin(AuditedAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ["municipality", "agency", "status", "since", "until"]
    list_filter = ["agency", "status", "programmes"]
    search_fields = ["municipality__name", "municipality__key"]
    list_select_related = ["municipality", "agency"]
    autocomplete_fields = ["municipality"]
    formfield_overrides = {models.ManyToManyField: {"widget": forms.CheckboxSelectMultiple}}
    date_hierarchy = "since"


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
