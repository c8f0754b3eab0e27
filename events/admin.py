from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.contrib.admin.widgets import AdminFileWidget, AdminSplitDateTime
from django.db import models
from django.db.models import Q
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin_scope import AgencyScopedAdmin, agencies_of, register_choice_scope
from events.registration import exceptions as registration_exceptions
from events.registration import selectors as registration_selectors
from events.registration import services as registration_services
from events.registration.admin import RegistrationOptionsInline
from events.registration.participants import ParticipantsAdminMixin
from events.registration.reports import ReportsAdminMixin
from events.registration.views import material_file_response
from portal.audit import AuditedAdmin
from portal.media import PARTICIPANTS_ONLY_PREFIX

from . import selectors, services
from .models import Event, Material, ProgrammeItem, Series, Speaker, TargetGroup, Topic, Venue
from .views import detail_context


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


class StaffFileLink:
    """A stored file as the file widget shows it, linked to the admin view that serves it."""

    def __init__(self, stored, url):
        self.stored = stored
        self.url = url

    def __str__(self):
        return str(self.stored)

    def __bool__(self):
        return True


class MaterialFileInput(AdminFileWidget):
    """Link a participants-only file to the admin view: it has no public media address."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        material = getattr(value, "instance", None)
        if value and material is not None and material.pk and value.name.startswith(PARTICIPANTS_ONLY_PREFIX):
            url = reverse(
                "admin:events_event_material", args=[material.event_id, material.pk, value.field.name]
            )
            context["widget"]["value"] = StaffFileLink(value, url)
        return context


class MaterialInline(admin.StackedInline):
    model = Material
    extra = 0
    formfield_overrides = {
        models.URLField: {"assume_scheme": "https"},
        models.FileField: {"widget": MaterialFileInput},
    }
    fields = (
        ("kind", "order"),
        "title",
        "description",
        ("file", "url"),
        ("accessible", "accessible_alternative"),
        "captions",
        "participants_only",
    )


@admin.action(description=_("Absagen und alle Angemeldeten per E-Mail benachrichtigen"))
def cancel_events(modeladmin, request, queryset):
    told = sum(services.event_cancel(event=event, actor=request.user) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "Abgesagt; %(count)d Person erhält in den nächsten Minuten eine E-Mail.",
            "Abgesagt; %(count)d Personen erhalten in den nächsten Minuten eine E-Mail.",
            told,
        )
        % {"count": told},
        messages.SUCCESS,
    )


class PostponeForm(forms.Form):
    notice = forms.CharField(
        label=_("Hinweis zur Verschiebung"),
        widget=forms.Textarea(attrs={"rows": 4}),
        required=False,
        help_text=_("Erscheint auf der Veranstaltungsseite und in der E-Mail an alle Angemeldeten."),
    )


class DuplicateForm(forms.Form):
    starts_at = forms.SplitDateTimeField(
        label=_("Neuer Beginn"),
        widget=AdminSplitDateTime,
        help_text=_("Ende, Programm und Anmeldezeitraum verschieben sich um denselben Abstand."),
    )


def _intermediate(modeladmin, request, queryset, *, form, title, action, template, button):
    context = {
        **modeladmin.admin_site.each_context(request),
        "title": title,
        "form": form,
        "events": queryset,
        "action": action,
        "button": button,
        "opts": modeladmin.model._meta,
        "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
    }
    return TemplateResponse(request, template, context)


@admin.action(description=_("Verschieben und alle Angemeldeten per E-Mail benachrichtigen"))
def postpone_events(modeladmin, request, queryset):
    form = PostponeForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        notice = form.cleaned_data["notice"]
        told = sum(
            services.event_postpone(event=event, notice=notice, actor=request.user) for event in queryset
        )
        modeladmin.message_user(
            request,
            ngettext(
                "Verschoben; %(count)d Person erhält in den nächsten Minuten eine E-Mail.",
                "Verschoben; %(count)d Personen erhalten in den nächsten Minuten eine E-Mail.",
                told,
            )
            % {"count": told},
            messages.SUCCESS,
        )
        return None
    return _intermediate(
        modeladmin,
        request,
        queryset,
        form=form,
        title=_("Veranstaltungen verschieben"),
        action="postpone_events",
        template="admin/events/event/postpone.html",
        button=_("Verschieben und benachrichtigen"),
    )


@admin.action(description=_("Als Entwurf für einen neuen Termin kopieren"))
def duplicate_event(modeladmin, request, queryset):
    if queryset.count() != 1:
        modeladmin.message_user(
            request, _("Bitte wählen Sie genau eine Veranstaltung aus."), messages.WARNING
        )
        return None
    form = DuplicateForm(request.POST if "apply" in request.POST else None)
    if form.is_bound and form.is_valid():
        copy = services.event_duplicate(
            event=queryset.get(), starts_at=form.cleaned_data["starts_at"], actor=request.user
        )
        modeladmin.message_user(
            request, _("Die Kopie ist als Entwurf angelegt: %(event)s") % {"event": copy}, messages.SUCCESS
        )
        return HttpResponseRedirect(reverse("admin:events_event_change", args=[copy.pk]))
    return _intermediate(
        modeladmin,
        request,
        queryset,
        form=form,
        title=_("Veranstaltung kopieren"),
        action="duplicate_event",
        template="admin/events/event/duplicate.html",
        button=_("Entwurf anlegen"),
    )


@admin.action(description=_("Angemeldete über Änderungen (Zeit, Ort, Hinweise) informieren"))
def notify_event_changed(modeladmin, request, queryset):
    told = sum(services.event_changed_notify(event=event, actor=request.user) for event in queryset)
    modeladmin.message_user(
        request,
        ngettext(
            "%(count)d Person erhält in den nächsten Minuten eine E-Mail.",
            "%(count)d Personen erhalten in den nächsten Minuten eine E-Mail.",
            told,
        )
        % {"count": told},
        messages.SUCCESS,
    )


@admin.action(description=_("Dokumentation veröffentlichen (E-Mail an die Teilnehmenden)"))
def publish_documentation(modeladmin, request, queryset):
    for event in queryset:
        try:
            told = registration_services.documentation_publish(event=event, actor=request.user)
        except registration_exceptions.RegistrationError as error:
            modeladmin.message_user(request, f"{event.title}: {error}", messages.ERROR)
            continue
        text = ngettext(
            "%(event)s: Die Dokumentation ist veröffentlicht; %(count)d Person erhält eine E-Mail.",
            "%(event)s: Die Dokumentation ist veröffentlicht; %(count)d Personen erhalten eine E-Mail.",
            told,
        )
        modeladmin.message_user(request, text % {"event": event.title, "count": told}, messages.SUCCESS)


class PeriodFilter(admin.SimpleListFilter):
    """Upcoming events (still running or to come) by default; past ones or all on request."""

    title = _("Zeitraum")
    parameter_name = "zeitraum"
    default = "kommend"

    def lookups(self, request, model_admin):
        return [("kommend", _("Bevorstehend")), ("vergangen", _("Vergangen")), ("alle", _("Alle"))]

    def value(self):
        return super().value() or self.default

    def choices(self, changelist):
        for value, label in self.lookup_choices:
            yield {
                "selected": self.value() == value,
                "query_string": changelist.get_query_string({self.parameter_name: value}),
                "display": label,
            }

    def queryset(self, request, queryset):
        now = timezone.now()
        if self.value() == "kommend":
            return queryset.filter(ends_at__gte=now)
        if self.value() == "vergangen":
            return queryset.filter(ends_at__lt=now)
        return queryset


# Statuses that concern participants: set only by the actions that tell them (cancel, postpone).
NOTIFYING_STATUSES = (Event.Status.CANCELLED, Event.Status.POSTPONED)


def _taken(held, capacity):
    if capacity is None:
        return f"{held} / ∞"
    return f"{held} / {capacity}"


@admin.register(Event)
class EventAdmin(
    ReportsAdminMixin, ParticipantsAdminMixin, AuditedAdmin, AgencyScopedAdmin, admin.ModelAdmin
):
    # Staff of a co-organising agency see the event (read only); only its own agency changes it.
    co_agency_lookup = "co_agencies"
    list_display = (
        "date",
        "title",
        "format",
        "status",
        "on_site_seats",
        "online_seats",
        "waiting",
        "approvals",
        "agency",
    )
    list_display_links = ("date", "title")
    list_filter = (PeriodFilter, "status", "format", "kind", "agency", "audience", "topics")
    list_select_related = ("agency", "registration_options")
    search_fields = ("title", "teaser", "description")
    date_hierarchy = "starts_at"
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("co_agencies", "topics", "target_groups")
    autocomplete_fields = ("venue",)
    save_on_top = True
    inlines = [ProgrammeItemInline, SpeakerInline, MaterialInline, RegistrationOptionsInline]
    actions = [cancel_events, postpone_events, notify_event_changed, duplicate_event, publish_documentation]
    # Per-object admin pages beyond Django's own (URL names admin:events_event_<name>, object id only).
    object_views = (*ParticipantsAdminMixin.object_views, "preview")
    fieldsets = (
        (None, {"fields": ("title", "slug", ("agency", "kind"), "status")}),
        (_("Wann und wo"), {"fields": (("starts_at", "ends_at"), "format", "venue")}),
        (_("Inhalt"), {"fields": ("teaser", "description")}),
        (
            _("Beteiligte und Teilnehmerkreis"),
            {"classes": ["collapse"], "fields": ("co_agencies", "contact", "series", "audience")},
        ),
        (_("Themen und Zielgruppen"), {"classes": ["collapse"], "fields": ("topics", "target_groups")}),
        (_("Online-Teilnahme"), {"classes": ["collapse"], "fields": ("online_notes",)}),
        (_("Verschiebung oder Absage"), {"classes": ["collapse"], "fields": ("status_notice",)}),
        (
            _("Nach der Veranstaltung"),
            {
                "classes": ["collapse"],
                "fields": (
                    "review",
                    "certificate_hours",
                    "documentation_recipients",
                    "documentation_published_at",
                ),
            },
        ),
    )

    readonly_fields = ("documentation_published_at",)

    def _organised_by_users_agency(self, request, obj):
        return request.user.is_superuser or agencies_of(request.user).filter(pk=obj.agency_id).exists()

    def has_change_permission(self, request, obj=None):
        if obj is not None and not self._organised_by_users_agency(request, obj):
            return False
        return super().has_change_permission(request, obj)

    def response_action(self, request, queryset):
        # Actions (cancel, postpone, duplicate, ...) only on the events the user's agencies organise.
        if not request.user.is_superuser:
            queryset = queryset.filter(agency__in=agencies_of(request.user))
        return super().response_action(request, queryset)

    def get_queryset(self, request):
        # The figures select the registration options already, so the changelist would skip
        # list_select_related: name the agency here too.
        queryset = super().get_queryset(request).select_related(*self.list_select_related)
        return registration_selectors.with_staff_figures(queryset)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("status")
        if field is not None:
            # Cancelling or postponing must tell the participants: only the actions do that. An event
            # already cancelled or postponed keeps its status choosable, so the form still saves.
            current = obj.status if obj is not None else None
            field.choices = [
                (value, label)
                for value, label in Event.Status.choices
                if value not in NOTIFYING_STATUSES or value == current
            ]
            field.help_text = _(
                "Absagen und Verschieben gehen über die Aktionen in der Liste: "
                "nur sie benachrichtigen alle Angemeldeten."
            )
        return form

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "<path:object_id>/preview/",
                self.admin_site.admin_view(self.preview_view),
                name=f"{opts.app_label}_{opts.model_name}_preview",
            ),
            path(
                "<path:object_id>/material/<int:material_id>/<str:field_name>/",
                self.admin_site.admin_view(self.material_view),
                name=f"{opts.app_label}_{opts.model_name}_material",
            ),
            *super().get_urls(),
        ]

    def preview_view(self, request, object_id):
        """Render the event's public page as it will look once published, marked as a preview."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        event = selectors.event_preview(pk=obj.pk)
        context = {
            **detail_context(event),
            "preview": True,
            "preview_back_url": reverse("admin:events_event_change", args=[obj.pk]),
        }
        response = TemplateResponse(request, "events/event_detail.html", context)
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    def material_view(self, request, object_id, material_id, field_name):
        """Open a material's file for staff who see the event (the only way to participants-only files)."""
        obj = self.get_object(request, object_id)
        if obj is None or not self.has_view_or_change_permission(request, obj):
            raise Http404
        material = Material.objects.filter(event=obj, pk=material_id).first()
        stored = getattr(material, field_name, None) if field_name in Material.FILE_FIELDS else None
        if not stored:
            raise Http404
        return material_file_response(stored)

    @admin.display(description=_("Datum"), ordering="starts_at")
    def date(self, event):
        return date_format(timezone.localtime(event.starts_at), "SHORT_DATETIME_FORMAT")

    @admin.display(description=_("Vor Ort belegt / Plätze"))
    def on_site_seats(self, event):
        options = getattr(event, "registration_options", None)
        if options is None or not event.has_on_site_part:
            return "–"
        return _taken(event.seats_on_site_held, options.on_site_capacity)

    @admin.display(description=_("Online belegt / Plätze"))
    def online_seats(self, event):
        options = getattr(event, "registration_options", None)
        if options is None or not event.has_online_part:
            return "–"
        return _taken(event.seats_online_held, options.online_capacity)

    @admin.display(description=_("Warteliste"), ordering="waiting_count")
    def waiting(self, event):
        return event.waiting_count

    @admin.display(description=_("Offene Freigaben"), ordering="approvals_count")
    def approvals(self, event):
        return event.approvals_count

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
