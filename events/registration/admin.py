"""Admin for registrations: options inline on the event, the registrations list, the mail queue.

Every change goes through ``events/services.py`` (approve, reject, cancel, promote, notify), so the
admin follows the same rules as the public pages. Staff see only their own agencies' registrations.
"""

from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.db import models
from django.forms.models import BaseInlineFormSet
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from agencies.admin_scope import AgencyScopedAdmin
from agencies.models import Membership
from events.registration import exceptions, mail, services
from events.registration.participants import may_see_participants
from events.registration.selectors import participant_counts
from portal.audit import AuditHistoryAdmin, mark_personal
from portal.models import AuditEntry

from .models import (
    DeletionRequest,
    OutgoingMail,
    Registration,
    RegistrationOptions,
    RegistrationSensitiveData,
)


class RegistrationOptionsFormSet(BaseInlineFormSet):
    def save(self, commit=True):
        saved = super().save(commit)
        if commit and saved:
            # More seats (or a lifted limit) go to the people waiting, who are told by email.
            services.registration_options_changed(event=self.instance)
        return saved


class RegistrationOptionsInline(admin.StackedInline):
    model = RegistrationOptions
    formset = RegistrationOptionsFormSet
    can_delete = False
    extra = 0
    max_num = 1
    verbose_name_plural = _("Anmeldung")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    readonly_fields = ("registrations_summary", "privacy_notice_version")
    fieldsets = (
        (None, {"fields": ("enabled", ("opens_at", "closes_at"), "registrations_summary")}),
        (_("Plätze"), {"fields": (("on_site_capacity", "online_capacity"), "max_per_municipality")}),
        (_("Vergabe"), {"fields": ("requires_approval", "partner_priority")}),
        (_("Online-Zugang"), {"fields": ("online_access_url", "online_access_lead_time")}),
        (_("Fragen"), {"fields": ("ask_dietary_needs", "ask_accessibility_needs", "ask_comment")}),
        (_("Datenschutz"), {"fields": ("privacy_notice", "privacy_notice_version")}),
    )

    def get_formset(self, request, obj=None, **kwargs):
        # Inline instances are made per request: the summary needs to know who is looking.
        self.request = request
        return super().get_formset(request, obj, **kwargs)

    @admin.display(description=_("Anmeldungen"))
    def registrations_summary(self, options):
        """Counts only; the link to the names goes only to those who may see them."""
        if not options.pk:
            return "–"
        counts = participant_counts(event=options.event)
        text = _(
            "%(confirmed)s bestätigt, %(approval)s warten auf Freigabe, %(waiting)s auf der Warteliste, "
            "%(pending)s unbestätigt"
        ) % {
            "confirmed": counts[Registration.Status.CONFIRMED],
            "approval": counts[Registration.Status.AWAITING_APPROVAL],
            "waiting": counts[Registration.Status.WAITLISTED],
            "pending": counts[Registration.Status.PENDING],
        }
        request = getattr(self, "request", None)
        if request is None or not may_see_participants(request.user, options.event):
            return text
        url = reverse("admin:events_event_participants", args=[options.event_id])
        return format_html('{} – <a href="{}">{}</a>', text, url, _("Teilnehmende ansehen"))


class SensitiveDataInline(admin.StackedInline):
    model = RegistrationSensitiveData
    extra = 0
    max_num = 0
    can_delete = True
    readonly_fields = ("dietary_needs", "accessibility_needs")
    verbose_name_plural = _("Sensible Angaben (einzeln löschbar)")


class AuditEntryInline(GenericTabularInline):
    """The registration's entries in the audit trail (who approved, cancelled, told it what), read-only."""

    model = AuditEntry
    extra = 0
    max_num = 0
    can_delete = False
    verbose_name_plural = _("Protokoll")
    readonly_fields = ("created_at", "action", "actor", "note")
    fields = readonly_fields

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("actor")

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


def _run(modeladmin, request, queryset, function, done_text):
    done, refused = 0, []
    for registration in queryset.select_related("event"):
        try:
            function(registration=registration, actor=request.user)
        except exceptions.RegistrationError as error:
            refused.append(f"{registration.name}: {error}")
        else:
            done += 1
    if done:
        modeladmin.message_user(request, done_text % {"count": done}, messages.SUCCESS)
    for text in refused:
        modeladmin.message_user(request, text, messages.WARNING)


@admin.action(description=_("Freigeben (Platz bestätigen)"))
def approve(modeladmin, request, queryset):
    done_text = _("%(count)d Anmeldungen freigegeben.")
    _run(modeladmin, request, queryset, services.registration_approve, done_text)


@admin.action(description=_("Ablehnen (Platz geht an die Warteliste)"))
def reject(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.registration_reject, _("%(count)d Anmeldungen abgelehnt."))


@admin.action(description=_("Stornieren (Platz geht an die Warteliste)"))
def cancel(modeladmin, request, queryset):
    _run(modeladmin, request, queryset, services.registration_cancel, _("%(count)d Anmeldungen storniert."))


@admin.register(Registration)
class RegistrationAdmin(AuditHistoryAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    agency_lookup = "event__agency"
    co_agency_lookup = "event__co_agencies"
    scope_role = Membership.Role.MANAGER
    # The personal page's address carries the person's token: never a link from the admin.
    view_on_site = False
    list_display = ("name", "organisation", "event", "mode", "status", "created_at", "confirmed_at")
    list_filter = (
        "status",
        "mode",
        "event__agency",
        ("event", admin.RelatedOnlyFieldListFilter),
        ("reduced_at", admin.EmptyFieldListFilter),
    )
    list_select_related = ("event",)
    search_fields = ("name", "email", "organisation", "function", "event__title")
    date_hierarchy = "created_at"
    actions = [approve, reject, cancel]
    inlines = [SensitiveDataInline, AuditEntryInline]
    fieldsets = (
        (None, {"fields": ("event", "mode", "status", "series_booking")}),
        (
            _("Person"),
            {"fields": ("name", "email", "municipality", "organisation", "function", "comment", "language")},
        ),
        (
            _("Nachweis der Einwilligung"),
            {
                "fields": (
                    "created_at",
                    "confirmation_sent_at",
                    "confirmed_at",
                    "confirmed_from",
                    "privacy_notice_version",
                    "consent_given",
                )
            },
        ),
        (
            _("Verlauf"),
            {
                "fields": (
                    "waitlisted_at",
                    "decided_at",
                    "cancelled_at",
                    "reminder_sent_at",
                    "access_link_sent_at",
                    "attended",
                    "reduced_at",
                )
            },
        ),
    )

    def get_readonly_fields(self, request, obj=None):
        # Status and seats change only through the actions (the same services as the public pages).
        return [field.name for field in Registration._meta.fields]

    def has_add_permission(self, request):
        return False


# Registration entries name the person: only managers see them in the agency's audit list.
mark_personal(Registration)


@admin.action(description=_("Erneut versuchen"))
def retry(modeladmin, request, queryset):
    count = mail.retry_mails(mails=queryset)
    text = _("%(count)d E-Mails werden in den nächsten Minuten erneut versucht.") % {"count": count}
    modeladmin.message_user(request, text, messages.SUCCESS)


class MailStateFilter(admin.SimpleListFilter):
    title = _("Stand")
    parameter_name = "stand"

    def lookups(self, request, model_admin):
        return OutgoingMail.State.choices

    def queryset(self, request, queryset):
        unsent = queryset.filter(sent_at__isnull=True)
        return {
            OutgoingMail.State.QUEUED: unsent.filter(failed_at__isnull=True),
            OutgoingMail.State.SENT: queryset.filter(sent_at__isnull=False),
            OutgoingMail.State.FAILED: unsent.filter(failed_at__isnull=False),
        }.get(self.value(), queryset)


@admin.register(OutgoingMail)
class OutgoingMailAdmin(AgencyScopedAdmin, admin.ModelAdmin):
    """The outbox. Managers see their agencies' registration mails, failed ones included, and retry them."""

    agency_lookup = "registration__event__agency"
    scope_role = Membership.Role.MANAGER
    view_on_site = False
    list_display = ("created_at", "to", "subject", "state_display", "sent_at", "attempts", "last_error")
    list_filter = (MailStateFilter, "kind")
    search_fields = ("to", "subject")
    actions = [retry]

    def get_readonly_fields(self, request, obj=None):
        return [field.name for field in OutgoingMail._meta.fields]

    def has_add_permission(self, request):
        return False

    @admin.display(description=_("Stand"))
    def state_display(self, obj):
        return OutgoingMail.State(obj.state).label


@admin.action(description=_("Löschung durchführen"), permissions=["change"])
def carry_out_deletion(modeladmin, request, queryset):
    done, refused = 0, []
    for deletion_request in queryset:
        try:
            services.deletion_request_carry_out(deletion_request=deletion_request, actor=request.user)
        except exceptions.RegistrationError as error:
            refused.append(f"{deletion_request}: {error}")
        else:
            done += 1
    if done:
        text = _("%(count)d Löschanträge durchgeführt.") % {"count": done}
        modeladmin.message_user(request, text, messages.SUCCESS)
    for text in refused:
        modeladmin.message_user(request, text, messages.WARNING)


@admin.register(DeletionRequest)
class DeletionRequestAdmin(AuditHistoryAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    """People's requests from their personal page; only the organising agency's managers handle them."""

    agency_lookup = "event__agency"
    scope_role = Membership.Role.MANAGER
    view_on_site = False
    list_display = ("__str__", "person", "requested_at", "carried_out_at", "outcome")
    list_filter = (("carried_out_at", admin.EmptyFieldListFilter), "outcome")
    list_select_related = ("event", "registration")
    actions = [carry_out_deletion]

    @admin.display(description=_("Person"))
    def person(self, deletion_request):
        registration = deletion_request.registration
        return registration.name if registration is not None else "–"

    def get_readonly_fields(self, request, obj=None):
        # Carried out only through the action (the service); the request itself is the person's.
        return [field.name for field in DeletionRequest._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        # The request stays as proof that it was handled; it names no one.
        return False


# Entries about a deletion request belong to a person's registration: managers only.
mark_personal(DeletionRequest)
