"""The one audit trail: every change by staff to content and participants, in the change's transaction.

Services call ``record()`` for their verbs (``events.registration.approved``); admins that save
forms mix in ``AuditedAdmin``, which records which fields changed from what to what.
"""

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied
from django.db import models
from django.db.models import Q
from django.http import Http404
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import AuditEntry

# Models whose entries concern participants' personal data (registrations): only the managers of the
# agency see them. Apps above the portal register theirs (``mark_personal``); the portal imports none.
_personal_models = set()


def mark_personal(model) -> None:
    """Show the audit entries of ``model`` only to those who may see participants' personal data."""
    _personal_models.add(model)


def personal_content_types():
    """Return the content types whose entries hold personal data."""
    return [ContentType.objects.get_for_model(model, for_concrete_model=False) for model in _personal_models]


def record(
    *,
    action: str,
    obj,
    actor=None,
    agency=None,
    agency_id: int | None = None,
    changes=None,
    note: str = "",
    at=None,
) -> AuditEntry:
    """Write one audit entry for ``obj``; ``changes`` maps a field to ``[old, new]``.

    ``agency_id`` instead of ``agency`` spares a query where only the id is at hand.
    """
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    if agency is not None:
        agency_id = agency.pk
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        actor=actor,
        agency_id=agency_id,
        changes=changes or {},
        note=note,
        created_at=at or timezone.now(),
    )


def entries_visible_to(user):
    """Return the entries ``user`` may read: their agencies' (personal data only where they manage).

    Superusers read every entry; staff without a membership none.
    """
    entries = AuditEntry.objects.all()
    if user.is_superuser:
        return entries
    if not (user.is_active and user.is_staff):
        return entries.none()
    # The membership model sits in a higher app: reach it through the declared relation, not an import.
    agency_model = AuditEntry._meta.get_field("agency").related_model
    membership_model = agency_model._meta.get_field("memberships").related_model
    memberships = membership_model._default_manager.filter(user=user)
    managed = memberships.filter(role=membership_model.Role.MANAGER).values("agency_id")
    return entries.filter(agency_id__in=memberships.values("agency_id")).filter(
        ~Q(content_type__in=personal_content_types()) | Q(agency_id__in=managed)
    )


def entries_for(obj):
    """Return the audit entries of one object, newest first."""
    content_type = ContentType.objects.get_for_model(obj, for_concrete_model=False)
    return AuditEntry.objects.filter(content_type=content_type, object_id=str(obj.pk)).select_related("actor")


def shown(value) -> str | int | bool | None:
    """Return a field value as the trail stores it: JSON-safe, foreign keys as their text."""
    if value is None or isinstance(value, bool | int | str):
        return value
    if isinstance(value, models.Model):
        return str(value)
    return str(value)


def snapshot(obj, names) -> dict:
    """Return the current values of the fields ``names`` of ``obj`` (many-to-many as sorted texts)."""
    values = {}
    for name in names:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            values[name] = sorted(str(related) for related in getattr(obj, name).all()) if obj.pk else []
        else:
            values[name] = shown(getattr(obj, name))
    return values


def differences(before: dict, after: dict) -> dict:
    """Return ``{field: [old, new]}`` for every field whose value differs."""
    return {name: [before.get(name), value] for name, value in after.items() if before.get(name) != value}


def agency_of(obj, lookup: str):
    """Follow ``lookup`` ("agency", "event__agency", "pk") from ``obj`` to its agency, or None."""
    if lookup == "pk":
        return obj
    target = obj
    for part in lookup.split("__"):
        target = getattr(target, part, None)
        if target is None:
            return None
    return target


class AuditHistoryAdmin:
    """Show the object's audit entries as its admin history (instead of Django's LogEntry list).

    The object comes through ``get_object``, so outside the admin's scope the history is 404 too.
    """

    def history_view(self, request, object_id, extra_context=None):
        obj = self.get_object(request, object_id)
        if obj is None:
            raise Http404
        if not self.has_view_or_change_permission(request, obj):
            raise PermissionDenied
        opts = self.model._meta
        context = {
            **self.admin_site.each_context(request),
            "title": _("Verlauf: %s") % obj,
            "subtitle": None,
            "entries": entries_for(obj),
            "module_name": str(opts.verbose_name_plural).capitalize(),
            "object": obj,
            "opts": opts,
            "preserved_filters": self.get_preserved_filters(request),
            **(extra_context or {}),
        }
        request.current_app = self.admin_site.name
        return TemplateResponse(request, "admin/audit_history.html", context)


class AuditedAdmin(AuditHistoryAdmin):
    """Record every save through the admin form: created, or which fields changed from what to what.

    Runs inside the admin's transaction (changeform_view is atomic), after the related objects
    (many-to-many fields, inlines) are saved.
    """

    def _audit_fields(self, form):
        model_fields = {field.name for field in self.model._meta.get_fields()}
        return [name for name in form.changed_data if name in model_fields]

    def save_model(self, request, obj, form, change):
        names = self._audit_fields(form)
        if change and obj.pk:
            stored = type(obj)._default_manager.filter(pk=obj.pk).first()
            form._audit_before = snapshot(stored, names) if stored is not None else {}
        else:
            form._audit_before = {}
        super().save_model(request, obj, form, change)

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        obj = form.instance
        names = self._audit_fields(form)
        changes = differences(getattr(form, "_audit_before", {}), snapshot(obj, names))
        if change and not changes:
            return
        record(
            action=f"{obj._meta.label_lower}.{'changed' if change else 'created'}",
            obj=obj,
            actor=request.user,
            agency=agency_of(obj, getattr(self, "agency_lookup", "agency")),
            changes=changes,
        )
