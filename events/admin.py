from django.contrib import admin, messages
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin_scope import AgencyScopedAdmin, agencies_of, register_choice_scope
from events.registration.admin import RegistrationOptionsInline
from events.registration.participants import ParticipantsAdminMixin
from portal.audit import AuditedAdmin

from . import services
from .models import Event, Material, ProgrammeItem, Series, Speaker, TargetGroup, Topic, Venue


class ProgrammeItemInline(admin.TabularInline):
    model = ProgrammeItem
    extra = 0
    fields = ("day", "starts_at", "ends_at", "title", "kind", "description")


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0
    fields = ("name", "title", "institution", "programme_item", "order")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        # Offer only this event's programme items (none yet while the event is being created).
        if db_field.name == "programme_item":
            object_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            items = ProgrammeItem.objects.filter(event_id=object_id) if object_id else None
            kwargs["queryset"] = items if items is not None else ProgrammeItem.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class MaterialInline(admin.StackedInline):
    model = Material
    extra = 0
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    fields = (
        ("kind", "order"),
        "title",
        "description",
        ("file", "url"),
        ("accessible", "accessible_alternative"),
        "captions",
    )


@admin.action(description=_("Absagen und alle Angemeldeten per E-Mail benachrichtigen"))
def cancel_events(modeladmin, request, queryset):
    told = sum(services.event_cancel(event=event, actor=request.user) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Abgesagt; %(count)d Person wurde benachrichtigt.",
            "Abgesagt; %(count)d Personen wurden benachrichtigt.",
            told,
        )
        % {"count": told},
        messages.SUCCESS,
    )


@admin.action(description=_("Angemeldete über Änderungen (Zeit, Ort, Hinweise) informieren"))
def notify_event_changed(modeladmin, request, queryset):
    told = sum(services.event_changed_notify(event=event, actor=request.user) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext("%(count)d Person wurde benachrichtigt.", "%(count)d Personen wurden benachrichtigt.", told)
        % {"count": told},
        messages.SUCCESS,
    )


@admin.register(Event)
class EventAdmin(ParticipantsAdminMixin, AuditedAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ("title", "starts_at", "agency", "format", "kind", "status")
    list_filter = ("agency", "status", "format", "kind", "audience", "topics")
    list_select_related = ("agency",)
    search_fields = ("title", "teaser", "description")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("co_agencies", "topics", "target_groups")
    autocomplete_fields = ("venue",)
    save_on_top = True
    inlines = [ProgrammeItemInline, SpeakerInline, MaterialInline, RegistrationOptionsInline]
    actions = [cancel_events, notify_event_changed]
    fieldsets = (
        (None, {"fields": ("title", "slug", "status", "status_notice")}),
        (_("Wer und was"), {"fields": ("agency", "co_agencies", "contact", "kind", "series", "audience")}),
        (_("Wann und wo"), {"fields": ("starts_at", "ends_at", "format", "venue", "online_notes")}),
        (_("Inhalt"), {"fields": ("teaser", "description", "topics", "target_groups")}),
        (_("Nach der Veranstaltung"), {"fields": ("review",)}),
    )

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "co_agencies":
            # Any agency can be named a co-organiser; its managers then see the participants too.
            kwargs["queryset"] = db_field.related_model._default_manager.all()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def view_on_site(self, obj):
        # Drafts have no public page: no link to a 404.
        return None if obj.status == Event.Status.DRAFT else obj.get_absolute_url()


@admin.register(Venue)
class VenueAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ("name", "city", "state", "agency", "step_free")
    list_filter = ("state", "agency", "step_free")
    list_select_related = ("state", "agency")
    search_fields = ("name", "city", "street", "postcode")


@admin.register(Series)
class SeriesAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    list_display = ("title", "agency")
    list_filter = ("agency",)
    search_fields = ("title", "description")
    prepopulated_fields = {"slug": ("title",)}


@admin.register(Topic, TargetGroup)
class TaxonomyAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name",)
    prepopulated_fields = {"slug": ("name",)}


def _events_of(user):
    """The events the user's agencies organise or co-organise (for press releases' related events)."""
    agencies = agencies_of(user)
    return Event.objects.filter(
        pk__in=Event.objects.filter(Q(agency__in=agencies) | Q(co_agencies__in=agencies)).values("pk")
    )


register_choice_scope(Event, _events_of)
