"""Admin for press releases; status changes go through agencies.press.services."""

from django import forms
from django.contrib import admin, messages
from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from agencies.admin_scope import AgencyScopedAdmin
from agencies.press import services as press_services
from agencies.press.exceptions import PressReleaseError
from portal.audit import AuditedAdmin

from .models import PressRelease, PressReleaseAttachment


class PressContactChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.name} – {obj.get_role_display()} ({obj.agency.short_name})"


class PressReleaseForm(forms.ModelForm):
    class Meta:
        model = PressRelease
        fields = [
            "agency",
            "supporting_agencies",
            "headline",
            "subheading",
            "slug",
            "published_at",
            "dateline_place",
            "teaser",
            "body",
            "press_contact",
            "image",
            "image_alt",
            "image_credit",
            "related_events",
            "related_municipalities",
            "withdrawal_note",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 18, "cols": 90})}

    def clean(self):
        cleaned = super().clean()
        agency = cleaned.get("agency")
        supporters = cleaned.get("supporting_agencies")
        if agency and supporters and agency in supporters:
            self.add_error(
                "supporting_agencies",
                _("Die herausgebende Agentur kann nicht zugleich beteiligte Agentur sein."),
            )
        events = cleaned.get("related_events")
        if agency and events and PressRelease.events_outside_agency(agency=agency, events=events).exists():
            self.add_error(
                "related_events",
                _(
                    "Eine Pressemitteilung kann nicht mit einer Veranstaltung verknüpft werden, die ihre "
                    "Agentur weder veranstaltet noch mitveranstaltet."
                ),
            )
        return cleaned


class PressReleaseAttachmentInline(admin.TabularInline):
    model = PressReleaseAttachment
    extra = 0
    fields = ["title", "file", "order"]


@admin.register(PressRelease)
class PressReleaseAdmin(AuditedAdmin, AgencyScopedAdmin, admin.ModelAdmin):
    form = PressReleaseForm
    list_display = ["headline", "agency", "status", "published_at", "public_now", "has_preview_link"]
    list_filter = ["status", "agency", ("published_at", admin.DateFieldListFilter)]
    search_fields = ["headline", "subheading", "teaser", "body", "slug"]
    date_hierarchy = "published_at"
    prepopulated_fields = {"slug": ["headline"]}
    filter_horizontal = ["supporting_agencies", "related_events"]
    autocomplete_fields = ["related_municipalities"]
    list_select_related = ["agency"]
    readonly_fields = ["status", "withdrawn_at", "preview_link", "created_at", "updated_at"]
    inlines = [PressReleaseAttachmentInline]
    actions = [
        "publish_now",
        "schedule",
        "return_to_draft",
        "withdraw",
        "create_preview_link",
        "revoke_preview_link",
    ]
    fieldsets = [
        (None, {"fields": ["agency", "supporting_agencies", "headline", "subheading", "slug"]}),
        (
            _("Veröffentlichung"),
            {
                "fields": ["status", "published_at", "dateline_place", "preview_link", "withdrawn_at"],
                "description": _(
                    "Neue Mitteilungen sind Entwürfe. Über die Aktionen der Liste veröffentlichen Sie "
                    "sofort, planen für den eingetragenen Zeitpunkt, ziehen zurück oder erzeugen einen "
                    "Vorschau-Link."
                ),
            },
        ),
        (_("Inhalt"), {"fields": ["teaser", "body", "press_contact"]}),
        (_("Bild"), {"fields": ["image", "image_alt", "image_credit"], "classes": ["collapse"]}),
        (_("Bezüge"), {"fields": ["related_events", "related_municipalities"], "classes": ["collapse"]}),
        (_("Rücknahme"), {"fields": ["withdrawal_note"], "classes": ["collapse"]}),
        (_("Verlauf"), {"fields": ["created_at", "updated_at"], "classes": ["collapse"]}),
    ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "press_contact":
            kwargs["form_class"] = PressContactChoiceField
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def view_on_site(self, obj):
        # Only a public address: a draft is shown through its preview link (a secret address that
        # staff hand on deliberately, see the "Vorschau" field), never through this button.
        if not PressRelease.objects.visible_or_withdrawn().filter(pk=obj.pk).exists():
            return None
        return obj.get_absolute_url()

    def get_queryset(self, request):
        # "Public now" comes from the one visibility rule, not from a second reading of the status.
        public = PressRelease.objects.visible().filter(pk=OuterRef("pk"))
        return super().get_queryset(request).annotate(is_public=Exists(public))

    @admin.display(description=_("Öffentlich sichtbar"), boolean=True, ordering="is_public")
    def public_now(self, obj):
        return obj.is_public

    @admin.display(description=_("Vorschau-Link"), boolean=True)
    def has_preview_link(self, obj):
        return bool(obj.preview_token)

    @admin.display(description=_("Vorschau-Link"))
    def preview_link(self, obj):
        if not obj.preview_token:
            return _("Kein Vorschau-Link. Erzeugen Sie ihn über die Aktion „Vorschau-Link erzeugen“.")
        url = reverse("press:preview", kwargs={"token": obj.preview_token})
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', url, url)

    def _run(self, request, queryset, service, done_message, extra=None):
        """Call ``service`` for each selected release and report successes and refusals."""
        done = 0
        for release in queryset:
            try:
                service(release=release, by=request.user, **(extra(release) if extra else {}))
            except PressReleaseError as exc:
                self.message_user(request, f"„{release.headline}“: {exc}", messages.ERROR)
            else:
                done += 1
        if done:
            self.message_user(request, done_message(done), messages.SUCCESS)

    @admin.action(description=_("Jetzt veröffentlichen"), permissions=["change"])
    def publish_now(self, request, queryset):
        self._run(
            request,
            queryset,
            press_services.press_release_publish,
            lambda n: (
                ngettext("%d Pressemitteilung veröffentlicht.", "%d Pressemitteilungen veröffentlicht.", n)
                % n
            ),
        )

    @admin.action(
        description=_("Zum eingetragenen Zeitpunkt veröffentlichen (planen)"), permissions=["change"]
    )
    def schedule(self, request, queryset):
        self._run(
            request,
            queryset,
            press_services.press_release_schedule,
            lambda n: ngettext("%d Pressemitteilung geplant.", "%d Pressemitteilungen geplant.", n) % n,
            extra=lambda release: {"at": release.published_at},
        )

    @admin.action(description=_("Planung aufheben (zurück in den Entwurf)"), permissions=["change"])
    def return_to_draft(self, request, queryset):
        self._run(
            request,
            queryset,
            press_services.press_release_unschedule,
            lambda n: (
                ngettext(
                    "%d Pressemitteilung ist wieder ein Entwurf.",
                    "%d Pressemitteilungen sind wieder Entwürfe.",
                    n,
                )
                % n
            ),
        )

    @admin.action(description=_("Zurückziehen"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._run(
            request,
            queryset,
            press_services.press_release_withdraw,
            lambda n: (
                ngettext("%d Pressemitteilung zurückgezogen.", "%d Pressemitteilungen zurückgezogen.", n) % n
            ),
        )

    @admin.action(description=_("Vorschau-Link erzeugen"), permissions=["change"])
    def create_preview_link(self, request, queryset):
        for release in queryset:
            try:
                token = press_services.preview_link_create(release=release, by=request.user)
            except PressReleaseError as exc:
                self.message_user(request, f"„{release.headline}“: {exc}", messages.ERROR)
                continue
            url = request.build_absolute_uri(reverse("press:preview", kwargs={"token": token}))
            self.message_user(
                request,
                format_html(
                    '„{}“: {} <a href="{}">{}</a>',
                    release.headline,
                    _("Vorschau-Link (gilt bis zum Widerruf oder zur Veröffentlichung):"),
                    url,
                    url,
                ),
                messages.SUCCESS,
            )

    @admin.action(description=_("Vorschau-Link widerrufen"), permissions=["change"])
    def revoke_preview_link(self, request, queryset):
        self._run(
            request,
            queryset,
            press_services.preview_link_revoke,
            lambda n: ngettext("%d Vorschau-Link widerrufen.", "%d Vorschau-Links widerrufen.", n) % n,
        )
