from django.contrib import admin, messages
from django.http import Http404
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from . import services
from .audit import entries_visible_to
from .models import AccessibilityStatement, AuditEntry, BarrierReport, ContentPage

admin.site.site_header = _("Transferportal – Redaktion")
admin.site.site_title = _("Transferportal")
admin.site.index_title = _("Inhalte verwalten")


@admin.register(ContentPage)
class ContentPageAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "updated_at"]
    list_filter = ["kind"]
    search_fields = ["title", "intro", "body"]
    fieldsets = [
        (None, {"fields": ["kind", "title", "intro", "body"]}),
        (_("Video, zum Beispiel in Gebärdensprache"), {"fields": ["video", "video_text"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        # Each kind of page belongs to one fixed address, so it cannot be switched later.
        return ["kind"] if obj else []


@admin.register(AccessibilityStatement)
class AccessibilityStatementAdmin(admin.ModelAdmin):
    list_display = ["title", "conformance", "reviewed_on", "updated_at"]
    list_filter = ["conformance"]
    search_fields = ["title", "intro", "non_accessible", "contact_name"]
    fieldsets = [
        (None, {"fields": ["title", "intro", "conformance", "non_accessible"]}),
        (_("Erstellung"), {"fields": ["prepared_on", "method", "reviewed_on"]}),
        (
            _("Kontaktstelle für Barrieren"),
            {"fields": ["contact_name", "contact_address", "contact_email", "contact_phone"]},
        ),
        (None, {"fields": ["enforcement"]}),
    ]

    def has_add_permission(self, request):
        # The portal has exactly one statement: once it exists, it is edited, never added again.
        return super().has_add_permission(request) and not AccessibilityStatement.objects.exists()


class AnswerStatusFilter(admin.SimpleListFilter):
    title = _("Status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [("offen", _("offen")), ("beantwortet", _("beantwortet"))]

    def queryset(self, request, queryset):
        if self.value() == "offen":
            return queryset.filter(answered_on__isnull=True)
        if self.value() == "beantwortet":
            return queryset.filter(answered_on__isnull=False)
        return queryset


@admin.register(BarrierReport)
class BarrierReportAdmin(admin.ModelAdmin):
    list_display = ["received_at", "short_message", "page_url", "answer_due", "answered", "email"]
    list_filter = [AnswerStatusFilter, "received_at"]
    search_fields = ["message", "page_url", "name", "email", "internal_note"]
    date_hierarchy = "received_at"
    readonly_fields = ["received_at", "answer_due", "message", "page_url", "name", "email"]
    fields = [
        "received_at",
        "answer_due",
        "page_url",
        "message",
        "name",
        "email",
        "answered_on",
        "internal_note",
    ]
    actions = ["mark_answered"]

    def has_add_permission(self, request):
        # Reports come in through the public form, which also sets the answer-by date.
        return False

    @admin.display(description=_("Meldung"))
    def short_message(self, report):
        return Truncator(report.message).chars(80)

    @admin.display(description=_("Beantwortet"), boolean=True)
    def answered(self, report):
        return report.is_answered

    @admin.action(description=_("Als heute beantwortet markieren"))
    def mark_answered(self, request, queryset):
        reports = list(queryset.filter(answered_on__isnull=True))
        for report in reports:
            services.barrier_report_mark_answered(report=report)
        self.message_user(
            request,
            ngettext(
                "%(count)d Meldung als beantwortet markiert.",
                "%(count)d Meldungen als beantwortet markiert.",
                len(reports),
            )
            % {"count": len(reports)},
            messages.SUCCESS,
        )


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """The agency's audit trail as one list, read-only: entries of the user's agencies only.

    Entries about registrations (they name the person) are listed for the agency's managers only.
    """

    list_display = ["created_at", "actor", "action", "object_repr", "agency", "changed_fields"]
    list_filter = [
        ("agency", admin.RelatedOnlyFieldListFilter),
        ("content_type", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["actor", "agency"]
    search_fields = ["action", "object_repr", "note"]
    date_hierarchy = "created_at"
    view_on_site = False
    fields = [
        "created_at",
        "actor",
        "action",
        "content_type",
        "object_id",
        "object_repr",
        "agency",
        "changes",
        "note",
    ]
    readonly_fields = fields

    def get_queryset(self, request):
        return entries_visible_to(request.user).select_related("actor", "agency", "content_type")

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        raise Http404

    @admin.display(description=_("Geänderte Felder"))
    def changed_fields(self, entry):
        return ", ".join(entry.changes) or "–"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
