"""The agency scope of the admin: staff work on their own agencies' content, superusers on all.

An editor of an agency sees and changes its content; a manager also its participants, mails to them,
exports and the agency's staff. Managers of an agency that co-organises an event see that event's
participants too. Everything outside the scope is "not found" (404), not a redirect with a message,
and no form offers, or accepts, a choice from another agency.
"""

from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path
from django.db.models import Q
from django.http import Http404

from .models import Agency, Membership

Role = Membership.Role


def agencies_of(user, *, role: str | None = None):
    """Return the agencies ``user`` works for (with ``role``: only those where they hold it)."""
    if user.is_superuser:
        return Agency.objects.all()
    if not user.is_active or not user.is_staff:
        return Agency.objects.none()
    memberships = Membership.objects.filter(user=user)
    if role is not None:
        memberships = memberships.filter(role=role)
    return Agency.objects.filter(pk__in=memberships.values("agency_id"))


def managed_agencies(user):
    """Return the agencies whose participants ``user`` may see."""
    return agencies_of(user, role=Role.MANAGER)


def is_manager(user, agency) -> bool:
    """Return whether ``user`` may see the participants of ``agency``."""
    return user.is_superuser or managed_agencies(user).filter(pk=agency.pk).exists()


class AgencyScopedAdmin:
    """Show staff only the objects of the agencies they belong to; superusers see everything.

    Objects outside the scope are missing from every list and their pages answer 404. Foreign keys
    and many-to-many fields to an agency, to something that belongs to one, or to events offer
    only choices inside the scope; a forged id fails the form's validation.
    """

    # The path from the model to its agency, e.g. "event__agency" for a registration.
    agency_lookup = "agency"
    # The path to the agencies co-organising it (e.g. "event__co_agencies"): their staff see it too.
    co_agency_lookup = None
    # None: every member of the agency; Role.MANAGER: managers only (participants' personal data).
    scope_role = None

    def scope_filter(self, request, queryset):
        if request.user.is_superuser:
            return queryset
        agencies = agencies_of(request.user, role=self.scope_role)
        where = Q(**{f"{self.agency_lookup}__in": agencies})
        if self.co_agency_lookup:
            where |= Q(**{f"{self.co_agency_lookup}__in": agencies})
            # A join over co-organisers can repeat rows: filter on ids instead.
            return queryset.filter(pk__in=queryset.model._default_manager.filter(where).values("pk"))
        return queryset.filter(where)

    def get_queryset(self, request):
        return self.scope_filter(request, super().get_queryset(request))

    def _get_obj_does_not_exist_redirect(self, request, opts, object_id):
        # Django redirects to the index with "does not exist"; outside the scope is simply not found.
        raise Http404

    def get_list_filter(self, request):
        # Django's filter over a relation lists every row of the related model, other agencies too.
        filters = super().get_list_filter(request)
        if request.user.is_superuser:
            return filters
        return [self._scoped_list_filter(item) for item in filters]

    def _scoped_list_filter(self, item):
        if not isinstance(item, str):
            return item  # an explicit filter class (e.g. RelatedOnlyFieldListFilter) decides itself
        field = get_fields_from_path(self.model, item)[-1]
        return (item, ScopedRelatedFieldListFilter) if field.is_relation else item

    def get_field_queryset(self, db, db_field, request):
        # Used through the formfield hooks by the forms.
        scoped = scoped_choices(db_field.related_model, request.user)
        if scoped is not None:
            return scoped
        return super().get_field_queryset(db, db_field, request)

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        scoped = scoped_choices(db_field.related_model, request.user)
        if scoped is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scoped
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        scoped = scoped_choices(db_field.related_model, request.user)
        if scoped is not None and "queryset" not in kwargs:
            kwargs["queryset"] = scoped
        return super().formfield_for_manytomany(db_field, request, **kwargs)


class ScopedRelatedFieldListFilter(admin.RelatedFieldListFilter):
    """A list filter over a relation that offers only the choices the user may pick in a form."""

    def field_choices(self, field, request, model_admin):
        scoped = scoped_choices(field.related_model, request.user)
        if scoped is None:
            return super().field_choices(field, request, model_admin)
        ordering = self.field_admin_ordering(field, request, model_admin)
        return field.get_choices(
            include_blank=False, limit_choices_to={"pk__in": scoped.values("pk")}, ordering=ordering
        )


class AgencyScopedInline(AgencyScopedAdmin):
    """The same choices for inlines; their rows are scoped through the parent object."""

    def get_queryset(self, request):
        return super(AgencyScopedAdmin, self).get_queryset(request)


# Apps above this one register how their models are limited for a user (e.g. events: organised or
# co-organised by the user's agencies), so that every form offering them, here too, applies the scope.
_choice_scopes = {}


def register_choice_scope(model, scope):
    """Limit the choices of ``model`` in every scoped admin form to ``scope(user)`` (a queryset)."""
    _choice_scopes[model] = scope


def scoped_choices(model, user):
    """Return what ``user`` may pick of ``model`` in a form, or None where the agency scope says nothing."""
    if user.is_superuser:
        return None
    if model is Agency:
        return agencies_of(user)
    if model in _choice_scopes:
        return _choice_scopes[model](user)
    if _belongs_to_agency(model):
        return model._default_manager.filter(agency__in=agencies_of(user)).select_related("agency")
    return None


def _belongs_to_agency(model):
    """Return whether ``model`` has an ``agency`` foreign key (contact persons, venues, series, ...)."""
    field = next((f for f in model._meta.concrete_fields if f.name == "agency"), None)
    return field is not None and field.related_model is Agency
