"""The one audit trail: every change by staff to content and participants, in the change's transaction.

Services call ``record()`` for their verbs (``events.registration.approved``); admins that save
forms mix in ``AuditedAdmin``, which records which fields changed from what to what.
"""

from django.contrib.contenttypes.models import ContentType
from django.db import models

from .models import AuditEntry


def record(*, action: str, obj, actor=None, agency=None, changes=None, note: str = "") -> AuditEntry:
    """Write one audit entry for ``obj``; ``changes`` maps a field to ``[old, new]``."""
    if actor is not None and not getattr(actor, "is_authenticated", False):
        actor = None
    return AuditEntry.objects.create(
        action=action,
        content_type=ContentType.objects.get_for_model(obj, for_concrete_model=False),
        object_id=str(obj.pk),
        object_repr=str(obj)[:200],
        actor=actor,
        agency=agency,
        changes=changes or {},
        note=note,
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


class AuditedAdmin:
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
